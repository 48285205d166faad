package io.github.jwtauth.resourceserver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource server against a stand-in issuer: the test publishes an RSA public key as a
 * JWK Set on a small HTTP server of its own, points {@code jwt.auth.jwk-set-uri} at it, and
 * mints access tokens with the matching private key, as jwt-auth-sample would.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
class ResourceServerSampleTests {

	private static final String KEY_ID = "issuer-key-1";

	private static final RSAKey ISSUER_KEY = generateKey(KEY_ID);

	/** Another key with the same key ID: its signatures must not verify. */
	private static final RSAKey FORGER_KEY = generateKey(KEY_ID);

	private static final AtomicInteger jwksRequests = new AtomicInteger();

	private static HttpServer issuer;

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private TestRestTemplate rest;

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
		ResponseEntity<Map<String, Object>> response = get("/api/me", token(ISSUER_KEY, "alice"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).containsEntry("service", "resource-server-sample")
			.containsEntry("subject", "alice");
		assertThat(response.getBody().get("authorities")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains("ROLE_USER");
		assertThat(jwksRequests.get()).isPositive();
	}

	@Test
	void refusesRequestWithoutToken() {
		ResponseEntity<Map<String, Object>> response = get("/api/me", null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
		assertThat(response.getBody()).containsEntry("error", "unauthorized");
	}

	@Test
	void refusesTokenSignedWithAnotherKey() {
		ResponseEntity<Map<String, Object>> response = get("/api/me", token(FORGER_KEY, "mallory"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains("invalid_token");
		assertThat(response.getBody()).containsEntry("error", "invalid_token");
	}

	@Test
	void refusesTokenWithUnknownKeyId() {
		RSAKey unknown = generateKey("unknown-key");
		ResponseEntity<Map<String, Object>> response = get("/api/me", token(unknown, "mallory"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getBody()).containsEntry("error", "invalid_token");
	}

	@Test
	void issuesNoTokens() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		ResponseEntity<String> login = this.rest.exchange("/auth/login", HttpMethod.POST,
				new HttpEntity<>("{\"username\":\"alice\",\"password\":\"alice-password\"}", headers), String.class);
		assertThat(login.getStatusCode().is2xxSuccessful()).isFalse();
		assertThat(login.getBody()).doesNotContain("access_token");
		ResponseEntity<String> jwks = this.rest.getForEntity("/.well-known/jwks.json", String.class);
		assertThat(jwks.getStatusCode().is2xxSuccessful()).isFalse();
	}

	private ResponseEntity<Map<String, Object>> get(String path, String token) {
		HttpHeaders headers = new HttpHeaders();
		headers.setAccept(List.of(MediaType.APPLICATION_JSON));
		if (token != null) {
			headers.setBearerAuth(token);
		}
		return this.rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JSON);
	}

	/** An access token as jwt-auth issues it (RFC 9068 profile). */
	private static String token(RSAKey key, String subject) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
			.keyID(key.getKeyID())
			.build();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("jwt-auth")
			.audience(List.of("jwt-auth"))
			.subject(subject)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString())
			.claim("roles", List.of("ROLE_USER"))
			.build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
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
