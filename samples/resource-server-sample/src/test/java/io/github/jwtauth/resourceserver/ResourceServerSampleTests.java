package io.github.jwtauth.resourceserver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource server against a stand-in issuer: the test publishes an RSA public key as
 * a JWK Set on a small HTTP server of its own, points {@code jwt.auth.jwk-set-uri} at it,
 * and signs access tokens with the matching private key through jwt-auth-test's
 * {@link TestJwts}, as jwt-auth-sample would.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ResourceServerSampleTests {

	private static final String KEY_ID = "issuer-key-1";

	private static final RSAKey ISSUER_KEY = generateKey(KEY_ID);

	/** Another key with the same key ID: its signatures must not verify. */
	private static final RSAKey FORGER_KEY = generateKey(KEY_ID);

	private static final AtomicInteger jwksRequests = new AtomicInteger();

	private static HttpServer issuer;

	@LocalServerPort
	int port;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
	}

	@DynamicPropertySource
	static void jwkSetUri(DynamicPropertyRegistry registry) {
		startIssuer();
		registry.add("jwt.auth.jwk-set-uri",
				() -> "http://127.0.0.1:" + issuer.getAddress().getPort() + "/.well-known/jwks.json");
	}

	@AfterAll
	static void stopIssuer() {
		if (issuer != null) {
			issuer.stop(0);
			issuer = null;
		}
	}

	@Test
	void acceptsTokenOfTheIssuer() {
		JwtAuthClient.Response response = this.http.get("/api/me", token(ISSUER_KEY, "alice"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("service", "resource-server-sample")
			.containsEntry("subject", "alice");
		assertThat(response.json().get("authorities")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains("ROLE_USER");
		assertThat(jwksRequests.get()).isPositive();
	}

	@Test
	void refusesRequestWithoutToken() {
		JwtAuthClient.Response response = this.http.get("/api/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.field("error")).isEqualTo("unauthorized");
	}

	@Test
	void refusesTokenSignedWithAnotherKey() {
		JwtAuthClient.Response response = this.http.get("/api/me", token(FORGER_KEY, "mallory"));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
		assertThat(response.field("error")).isEqualTo("invalid_token");
	}

	@Test
	void refusesTokenWithUnknownKeyId() {
		RSAKey unknown = generateKey("unknown-key");
		JwtAuthClient.Response response = this.http.get("/api/me", token(unknown, "mallory"));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.field("error")).isEqualTo("invalid_token");
	}

	@Test
	void issuesNoTokens() {
		JwtAuthClient.Response login = this.http.login("alice", "alice-password");
		assertThat(login.status()).isNotEqualTo(200);
		assertThat(login.body()).doesNotContain("access_token");
		assertThat(this.http.get("/.well-known/jwks.json", null).status()).isNotEqualTo(200);
	}

	@Test
	void registersNoLocalLogoutOrRevocationThatWouldOnlyPretend() {
		String token = token(ISSUER_KEY, "alice");
		// with a valid token: no such endpoint, not 204
		assertThat(this.http.logout(token).status()).isEqualTo(404);
		assertThat(this.http.postJson("/auth/logout-all", Map.of(), token).status()).isEqualTo(404);
		assertThat(this.http.postForm("/auth/revoke", Map.of("token", token), token).status()).isEqualTo(404);
		assertThat(this.http.postJson("/logout", Map.of(), token).status()).isEqualTo(404);
		// without a token: the paths are not open to anonymous callers either
		JwtAuthClient.Response revoke = this.http.revoke(token);
		assertThat(revoke.status()).isEqualTo(401);
		assertThat(revoke.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(this.http.postJson("/logout", Map.of(), null).status()).isEqualTo(401);
		// and the token was revoked nowhere
		assertThat(this.http.get("/api/me", token).status()).isEqualTo(200);
	}

	/** An access token as jwt-auth issues it (RFC 9068 profile). */
	private static String token(RSAKey key, String subject) {
		return TestJwts.sign(key, TestJwts.header(JWSAlgorithm.RS256, key.getKeyID()).build(),
				TestJwts.claims(subject, Instant.now()).build());
	}

	private static RSAKey generateKey(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static synchronized void startIssuer() {
		if (issuer != null) {
			return;
		}
		byte[] jwks = new JWKSet(ISSUER_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		try {
			issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		issuer.createContext("/.well-known/jwks.json", (exchange) -> {
			jwksRequests.incrementAndGet();
			exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
			exchange.sendResponseHeaders(200, jwks.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(jwks);
			}
		});
		issuer.start();
	}

}
