package io.github.jwtauth.resourceserver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.JwsSignerAdapter;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.feed.RevocationFeedSigner;
import io.github.jwtauth.revocation.feed.RevocationLog;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resource server against a stand-in issuer: the test publishes public keys of every
 * kind (RSA for RS256, EC P-256 for ES256, Ed25519 for EdDSA) as a JWK Set on a small
 * HTTP server of its own, points {@code jwt.auth.jwk-set-uri} at it, and signs access
 * tokens with the matching private keys through jwt-auth-core's signers, as
 * jwt-auth-sample would with each algorithm. The stand-in also serves a revocation feed
 * (jwt-auth-core's {@link RevocationLog} and {@link RevocationFeedSigner}, as
 * jwt-auth-sample does), which the resource server follows as its configuration says.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ResourceServerSampleTests {

	private static final SigningKey RS256 = key("issuer-rs256", JWSAlgorithm.RS256);

	private static final SigningKey ES256 = key("issuer-es256", JWSAlgorithm.ES256);

	private static final SigningKey EDDSA = key("issuer-eddsa", JWSAlgorithm.EdDSA);

	private static final Map<String, SigningKey> ISSUER_KEYS = Map.of("RS256", RS256, "ES256", ES256, "EdDSA", EDDSA);

	private static volatile List<SigningKey> published = List.of(RS256, ES256, EDDSA);

	private static final AtomicInteger jwksRequests = new AtomicInteger();

	private static final RevocationRegistry issuerRevocations = new RevocationRegistry(Clock.systemUTC());

	private static final RevocationLog feed = new RevocationLog(issuerRevocations, Clock.systemUTC(),
			Duration.ofSeconds(31), Duration.ofSeconds(30));

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
		registry.add("jwt.auth.revocation-feed-uri",
				() -> "http://127.0.0.1:" + issuer.getAddress().getPort() + "/auth/revocations");
		// a key the issuer adds is fetched on its first token (at most this often)
		registry.add("jwt.auth.jwk-set-refresh-min-interval", () -> "100ms");
	}

	@AfterAll
	static void stopIssuer() {
		if (issuer != null) {
			issuer.stop(0);
			issuer = null;
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "ES256", "EdDSA" })
	void acceptsTokenOfTheIssuer(String algorithm) {
		JwtAuthClient.Response response = this.http.get("/api/me", token(ISSUER_KEYS.get(algorithm), "alice"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("service", "resource-server-sample")
			.containsEntry("subject", "alice");
		assertThat(response.json().get("authorities")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains("ROLE_USER");
		assertThat(jwksRequests.get()).isPositive();
	}

	@Test
	void picksUpAKeyTheIssuerAdds() {
		SigningKey next = key("issuer-es256-next", JWSAlgorithm.ES256);
		String token = token(next, "alice");
		published = List.of(RS256, ES256, EDDSA, next);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.http.get("/api/me", token).status() == 200);
		assertThat(this.http.get("/api/me", token(ES256, "alice")).status()).isEqualTo(200);
	}

	@Test
	void refusesTokenRevokedAtTheIssuer() {
		String token = token(ES256, "alice");
		assertThat(this.http.get("/api/me", token).status()).isEqualTo(200);
		Instant now = Instant.now();
		issuerRevocations.apply(new RevocationEntry(RevocationEntry.Kind.TOKEN, jti(token), now, now.plusSeconds(600)));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.http.get("/api/me", token).status() == 401);
		assertThat(this.http.get("/api/me", token).field("error")).isEqualTo("invalid_token");
		assertThat(this.http.get("/api/me", token(ES256, "alice")).status()).isEqualTo(200);
	}

	@Test
	void refusesRequestWithoutToken() {
		JwtAuthClient.Response response = this.http.get("/api/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.field("error")).isEqualTo("unauthorized");
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "ES256", "EdDSA" })
	void refusesTokenSignedWithAnotherKey(String algorithm) {
		// another key under the issuer's key ID: its signatures must not verify
		SigningKey forger = key(ISSUER_KEYS.get(algorithm).keyId(), JWSAlgorithm.parse(algorithm));
		JwtAuthClient.Response response = this.http.get("/api/me", token(forger, "mallory"));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
		assertThat(response.field("error")).isEqualTo("invalid_token");
	}

	@Test
	void refusesTokenWithUnknownKeyId() {
		SigningKey unknown = key("unknown-key", JWSAlgorithm.ES256);
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
		String token = token(EDDSA, "alice");
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
	private static String token(SigningKey key, String subject) {
		SignedJWT jwt = new SignedJWT(TestJwts.header(key.algorithm(), key.keyId()).build(),
				TestJwts.claims(subject, Instant.now()).build());
		try {
			jwt.sign(new JwsSignerAdapter(key.signer()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static String jti(String token) {
		try {
			return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static SigningKey key(String keyId, JWSAlgorithm algorithm) {
		try {
			KeyPairGenerator generator;
			if (JWSAlgorithm.ES256.equals(algorithm)) {
				generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec("secp256r1"));
			}
			else if (JWSAlgorithm.EdDSA.equals(algorithm)) {
				generator = KeyPairGenerator.getInstance("Ed25519");
			}
			else {
				generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
			}
			KeyPair pair = generator.generateKeyPair();
			return SigningKey.of(keyId, algorithm, Jwks.privateJwk(pair.getPublic(), pair.getPrivate()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static synchronized void startIssuer() {
		if (issuer != null) {
			return;
		}
		try {
			issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		issuer.createContext("/.well-known/jwks.json", (exchange) -> {
			jwksRequests.incrementAndGet();
			byte[] jwks = new JWKSet(published.stream().map((key) -> key.verificationKey().jwk()).toList()).toString()
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
			exchange.sendResponseHeaders(200, jwks.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(jwks);
			}
		});
		RevocationFeedSigner signer = new RevocationFeedSigner(ES256, TestJwts.DEFAULT_ISSUER);
		issuer.createContext("/auth/revocations", (exchange) -> {
			String query = exchange.getRequestURI().getRawQuery();
			String cursor = parameter(query, "cursor");
			String wait = parameter(query, "wait");
			long deadline = System.nanoTime() + Duration.ofSeconds((wait != null) ? Long.parseLong(wait) : 0).toNanos();
			RevocationLog.Page page = feed.read(cursor);
			while (page.entries().isEmpty() && System.nanoTime() < deadline) {
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
				page = feed.read(cursor);
			}
			byte[] body = signer.sign(cursor, page, Instant.now()).getBytes(StandardCharsets.US_ASCII);
			exchange.getResponseHeaders().set("Content-Type", "application/jwt");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		issuer.setExecutor(Executors.newFixedThreadPool(4));
		issuer.start();
	}

	private static String parameter(String query, String name) {
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			if (pair.startsWith(name + "=")) {
				return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

}
