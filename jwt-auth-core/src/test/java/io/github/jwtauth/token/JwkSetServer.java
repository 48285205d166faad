package io.github.jwtauth.token;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in issuer for the JWK Set tests: the JDK's HTTP server on a free loopback port,
 * serving whatever the test sets (a JWK Set, an error status, garbage), counting the
 * requests it gets, optionally holding each answer until released.
 */
final class JwkSetServer implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger requests = new AtomicInteger();

	private volatile int status = 200;

	private volatile byte[] body = new byte[0];

	private volatile String contentType = "application/jwk-set+json";

	private volatile String cacheControl;

	private volatile long delayMillis;

	private volatile CountDownLatch hold;

	private final AtomicInteger held = new AtomicInteger();

	JwkSetServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/jwks.json", (exchange) -> {
			this.requests.incrementAndGet();
			CountDownLatch latch = this.hold;
			if (latch != null) {
				this.held.incrementAndGet();
				await(latch);
			}
			if (this.delayMillis > 0) {
				pause(this.delayMillis);
			}
			byte[] answer = this.body;
			exchange.getResponseHeaders().set("Content-Type", this.contentType);
			if (this.cacheControl != null) {
				exchange.getResponseHeaders().set("Cache-Control", this.cacheControl);
			}
			exchange.sendResponseHeaders(this.status, (answer.length > 0) ? answer.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
			catch (IOException ex) {
				// the client gave up (a time-out or a size limit): nothing to do
			}
		});
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.start();
	}

	String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks.json";
	}

	int requests() {
		return this.requests.get();
	}

	int held() {
		return this.held.get();
	}

	JwkSetServer keys(JWK... keys) {
		return json(new JWKSet(List.of(keys)).toString(false));
	}

	JwkSetServer json(String json) {
		this.body = json.getBytes(StandardCharsets.UTF_8);
		this.status = 200;
		return this;
	}

	JwkSetServer answer(int status, String contentType, String body) {
		this.status = status;
		this.contentType = contentType;
		this.body = body.getBytes(StandardCharsets.UTF_8);
		return this;
	}

	JwkSetServer cacheControl(String cacheControl) {
		this.cacheControl = cacheControl;
		return this;
	}

	JwkSetServer delay(long millis) {
		this.delayMillis = millis;
		return this;
	}

	/**
	 * Hold every answer until the returned latch is counted down.
	 * @return the latch
	 */
	CountDownLatch hold() {
		CountDownLatch latch = new CountDownLatch(1);
		this.hold = latch;
		return latch;
	}

	void release() {
		CountDownLatch latch = this.hold;
		this.hold = null;
		if (latch != null) {
			latch.countDown();
		}
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
