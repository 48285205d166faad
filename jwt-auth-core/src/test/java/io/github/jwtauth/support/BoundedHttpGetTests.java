package io.github.jwtauth.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one bounded exchange behind the JWK Set, the revocation feed and the issuer
 * metadata: the caller's own exceptions for each failure, the answer whatever its status.
 */
class BoundedHttpGetTests {

	private final CountDownLatch release = new CountDownLatch(1);

	private HttpServer server;

	private final HttpClient http = BoundedHttpGet.client(Duration.ofSeconds(2));

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/small", (exchange) -> answer(exchange, 404, "not here"));
		this.server.createContext("/large", (exchange) -> answer(exchange, 200, "x".repeat(10_000)));
		this.server.createContext("/redirect", (exchange) -> {
			exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		this.server.createContext("/stalled", (exchange) -> {
			try {
				this.release.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.server.stop(0);
	}

	@Test
	void theAnswerIsReturnedWhateverItsStatusAndRedirectsAreNotFollowed() {
		HttpResponse<byte[]> answer = send("/small", Duration.ofSeconds(30), 1024);
		assertThat(answer.statusCode()).isEqualTo(404);
		assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("not here");
		assertThat(send("/redirect", Duration.ofSeconds(30), 1024).statusCode()).isEqualTo(302);
	}

	@Test
	void aLargerBodyIsTheCallersTooLargeFailure() {
		assertThatExceptionOfType(Failure.class).isThrownBy(() -> send("/large", Duration.ofSeconds(30), 1024))
			.withMessage("too large");
	}

	@Test
	void aStalledExchangeIsTheCallersTimeOutFailure() {
		assertThatExceptionOfType(Failure.class).isThrownBy(() -> send("/stalled", Duration.ofMillis(200), 1024))
			.withMessage("timed out");
	}

	@Test
	void anInterruptedCallerGetsItsFailureAndKeepsItsInterruptStatus() {
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(Failure.class).isThrownBy(() -> send("/stalled", Duration.ofSeconds(30), 1024))
				.withMessage("interrupted");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void noConnectionIsTheCallersUnreachableFailureNamingOnlyTheCauseType() throws IOException {
		// a bound socket that does not listen: connections are refused, and no one else
		// is given the port meanwhile
		try (Socket closed = new Socket()) {
			closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed.getLocalPort() + "/"))
				.GET()
				.build();
			assertThatExceptionOfType(Failure.class)
				.isThrownBy(() -> BoundedHttpGet.send(this.http, request, Duration.ofSeconds(30), 1024, Failure.class,
						new Failures()))
				.withMessageStartingWith("unreachable (")
				.withMessageEndingWith("Exception)");
		}
	}

	private HttpResponse<byte[]> send(String path, Duration limit, int maxBytes) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path))
			.GET()
			.build();
		return BoundedHttpGet.send(this.http, request, limit, maxBytes, Failure.class, new Failures());
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	static final class Failure extends RuntimeException {

		Failure(String message) {
			super(message);
		}

	}

	static final class Failures implements BoundedHttpGet.Failures<Failure> {

		@Override
		public Failure tooLarge() {
			return new Failure("too large");
		}

		@Override
		public Failure timedOut() {
			return new Failure("timed out");
		}

		@Override
		public Failure interrupted() {
			return new Failure("interrupted");
		}

		@Override
		public Failure unreachable(String cause) {
			return new Failure("unreachable (" + cause + ")");
		}

	}

}
