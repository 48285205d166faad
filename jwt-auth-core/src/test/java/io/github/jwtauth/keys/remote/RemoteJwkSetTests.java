package io.github.jwtauth.keys.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The HTTP side of a remote JWK Set: {@code Cache-Control}, the https rule, and the
 * limits on an answer.
 */
class RemoteJwkSetTests {

	@Test
	void maxAgeIsReadFromCacheControl() {
		assertThat(RemoteJwkSet.maxAge(List.of("public, max-age=600"))).isEqualTo(Duration.ofSeconds(600));
		assertThat(RemoteJwkSet.maxAge(List.of("max-age=\"60\""))).isEqualTo(Duration.ofSeconds(60));
		assertThat(RemoteJwkSet.maxAge(List.of("max-age=0"))).isEqualTo(Duration.ZERO);
		assertThat(RemoteJwkSet.maxAge(List.of("max-age=-5"))).isEqualTo(Duration.ZERO);
		assertThat(RemoteJwkSet.maxAge(List.of("no-store"))).isEqualTo(Duration.ZERO);
		assertThat(RemoteJwkSet.maxAge(List.of("max-age=600", "no-cache"))).isEqualTo(Duration.ZERO);
		assertThat(RemoteJwkSet.maxAge(List.of("max-age=99999999999999999999"))).isNull();
		assertThat(RemoteJwkSet.maxAge(List.of("max-age=soon"))).isNull();
		assertThat(RemoteJwkSet.maxAge(List.of("public"))).isNull();
		assertThat(RemoteJwkSet.maxAge(List.of())).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://issuer.example/jwks", "http://10.0.0.1/jwks", "http://127.0.0.1.example.com/jwks",
			"ftp://issuer.example/jwks", "file:/etc/jwks.json", "/jwks.json" })
	void onlyHttpsOrLoopbackIsAccepted(String uri) {
		assertThat(RemoteJwkSet.isAcceptableUri(URI.create(uri))).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> RemoteJwkSet.builder(uri));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://issuer.example/jwks", "http://localhost:8080/jwks", "http://127.0.0.1/jwks",
			"http://[::1]:8080/jwks" })
	void httpsAndLoopbackAreAccepted(String uri) {
		assertThat(RemoteJwkSet.isAcceptableUri(URI.create(uri))).isTrue();
	}

	@Test
	void moreKeysThanTheLimitIsAFailure() throws IOException {
		StringBuilder keys = new StringBuilder("{\"keys\":[");
		for (int i = 0; i < 3; i++) {
			keys.append((i > 0) ? "," : "")
				.append("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"k")
				.append(i)
				.append("\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}");
		}
		String body = keys.append("]}").toString();
		HttpServer server = serve(body);
		try {
			String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
			assertThat(RemoteJwkSet.builder(uri).maxKeys(3).build().fetch().keys().size()).isEqualTo(3);
			assertThatExceptionOfType(JwkSetUnavailableException.class)
				.isThrownBy(() -> RemoteJwkSet.builder(uri).maxKeys(2).build().fetch())
				.withMessageContaining("more than the limit of 2");
			assertThatExceptionOfType(JwkSetUnavailableException.class)
				.isThrownBy(() -> RemoteJwkSet.builder(uri).maxBytes(100).build().fetch())
				.withMessageContaining("larger than 100 bytes");
		}
		finally {
			server.stop(0);
		}
	}

	private static HttpServer serve(String body) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		server.createContext("/jwks.json", (exchange) -> {
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
			catch (IOException ex) {
				// the client stopped reading
			}
		});
		server.start();
		return server;
	}

}
