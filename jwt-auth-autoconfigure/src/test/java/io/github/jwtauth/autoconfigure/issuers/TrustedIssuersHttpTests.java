package io.github.jwtauth.autoconfigure.issuers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.jwtauth.autoconfigure.JwtAuthEndpoint;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resource server that trusts two issuers ({@code jwt.auth.issuers}), each with its own
 * JWK Set served over real HTTP on a free port (an RS256 key for A, an ES256 key for B),
 * its own audiences, algorithms and authorities: the tokens of each are accepted with
 * their own audience only; a token naming one issuer but signed by the other's key, or
 * naming an issuer that is not trusted, or none, is refused with 401
 * {@code invalid_token}, and an unknown or missing issuer reaches no JWK Set at all.
 */
class TrustedIssuersHttpTests {

	private static final String ISSUER_A = "https://a.test";

	private static final String ISSUER_B = "https://b.test";

	private final JWK keyA = generate(JWSAlgorithm.RS256, "a-1");

	private final JWK keyB = generate(JWSAlgorithm.ES256, "b-1");

	private final JwkSetServer serverA = new JwkSetServer(null, this.keyA.toPublicJWK());

	private final JwkSetServer serverB = new JwkSetServer(null, this.keyB.toPublicJWK());

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private ConfigurableApplicationContext context;

	private JwtAuthClient http;

	@AfterEach
	void stop() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		this.serverA.close();
		this.serverB.close();
	}

	private void start(String... more) {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"jwt.auth.issuers[0].issuer=" + ISSUER_A, "jwt.auth.issuers[0].jwk-set-uri=" + this.serverA.uri(),
				"jwt.auth.issuers[0].audiences=api-a", "jwt.auth.issuers[0].algorithms=RS256",
				"jwt.auth.issuers[1].issuer=" + ISSUER_B, "jwt.auth.issuers[1].jwk-set-uri=" + this.serverB.uri(),
				"jwt.auth.issuers[1].audiences=api-b,api-shared", "jwt.auth.issuers[1].algorithms=ES256",
				"jwt.auth.issuers[1].authorities-claim-name=scope", "jwt.auth.issuers[1].authorities-prefix=SCOPE_",
				"management.endpoints.web.exposure.include=jwtauth"));
		properties.addAll(List.of(more));
		this.context = new SpringApplicationBuilder(ResourceServerApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
		this.contexts.add(this.context);
		this.http = JwtAuthClient
			.forPort(Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port")));
	}

	private static JWK generate(JWSAlgorithm algorithm, String keyId) {
		try {
			return JWSAlgorithm.RS256.equals(algorithm)
					? new RSAKeyGenerator(2048).keyID(keyId).algorithm(algorithm).generate()
					: new ECKeyGenerator(Curve.P_256).keyID(keyId).algorithm(algorithm).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String token(JWK key, Consumer<JWTClaimsSet.Builder> claims) {
		JWTClaimsSet.Builder builder = TestJwts.claims("alice", Instant.now());
		claims.accept(builder);
		return TestJwts.sign(key, TestJwts.header((JWSAlgorithm) key.getAlgorithm(), key.getKeyID()).build(),
				builder.build());
	}

	private static String token(JWK key, String issuer, String audience) {
		return token(key, (claims) -> claims.issuer(issuer).audience(audience));
	}

	private void assertRefused(String token, String description) {
		JwtAuthClient.Response response = this.http.get("/api/me", token);
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"").contains(description);
	}

	@Test
	void theTokensOfEachIssuerAreAcceptedWithTheirOwnAudienceAndAuthorities() {
		start();
		JwtAuthClient.Response a = this.http.get("/api/me", token(this.keyA,
				(claims) -> claims.issuer(ISSUER_A).audience("api-a").claim("roles", List.of("ADMIN"))));
		assertThat(a.status()).as(a.toString()).isEqualTo(200);
		assertThat(a.json()).containsEntry("subject", "alice")
			.containsEntry("authorities", List.of("ADMIN", "FACTOR_BEARER"));
		JwtAuthClient.Response b = this.http.get("/api/me", token(this.keyB,
				(claims) -> claims.issuer(ISSUER_B).audience("api-shared").claim("scope", "read write")));
		assertThat(b.status()).as(b.toString()).isEqualTo(200);
		assertThat(b.json()).containsEntry("authorities", List.of("FACTOR_BEARER", "SCOPE_read", "SCOPE_write"));
		assertRefused(token(this.keyA, ISSUER_A, "api-b"), "Invalid audience");
		assertRefused(token(this.keyB, ISSUER_B, "api-a"), "Invalid audience");
		assertThat(this.serverA.requests()).isEqualTo(1);
		assertThat(this.serverB.requests()).isEqualTo(1);
	}

	@Test
	void eachIssuerIsTrustedForItsOwnAlgorithmsOnly() {
		JWK rsaOfB = generate(JWSAlgorithm.RS256, "b-rsa");
		this.serverB.keys(this.keyB.toPublicJWK(), rsaOfB.toPublicJWK());
		start();
		assertThat(this.http.get("/api/me", token(this.keyB, ISSUER_B, "api-b")).status()).isEqualTo(200);
		// B publishes an RS256 key, but B is trusted for ES256 only
		assertRefused(token(rsaOfB, ISSUER_B, "api-b"), "Unknown key ID");
	}

	@Test
	void aTokenNamingOneIssuerButSignedByTheOthersKeyIsRefused() {
		start();
		// B's key, B's key ID, A's iss: looked up among A's keys only
		assertRefused(token(this.keyB, ISSUER_A, "api-a"), "Unknown key ID");
		// a key of B's published under A's key ID: A's key does not verify it
		JWK impostor = generate(JWSAlgorithm.RS256, "a-1");
		this.serverB.keys(this.keyB.toPublicJWK(), impostor.toPublicJWK());
		assertRefused(token(impostor, ISSUER_A, "api-a"), "Invalid signature");
		assertThat(this.serverB.requests()).as("B's JWK Set is never asked about A's tokens").isZero();
	}

	@Test
	void anUnknownOrMissingIssuerIsRefusedWithoutAnyRequestToAnyJwkSet() {
		start();
		assertRefused(token(this.keyA, "https://evil.test", "api-a"), "Unknown issuer");
		assertRefused(token(this.keyA, ISSUER_A + "/", "api-a"), "Unknown issuer");
		assertRefused(token(this.keyA, (claims) -> claims.issuer(null).audience("api-a")), "Missing iss claim");
		assertRefused(token(this.keyB, (claims) -> claims.claim("iss", List.of(ISSUER_B)).audience("api-b")),
				"Invalid iss claim");
		JwtAuthClient.Response garbage = this.http.get("/api/me", "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln");
		assertThat(garbage.status()).isEqualTo(401);
		assertThat(this.serverA.requests()).isZero();
		assertThat(this.serverB.requests()).isZero();
	}

	@Test
	void aCachedTokenStopsWhenItsIssuerRemovesItsKeyWhileTheOtherIssuersStayCached() {
		this.serverA.close();
		JwkSetServer shortLivedA = new JwkSetServer("max-age=1", this.keyA.toPublicJWK());
		try {
			start("jwt.auth.issuers[0].jwk-set-uri=" + shortLivedA.uri(), "jwt.auth.jwk-set-min-lifetime=1s",
					"jwt.auth.jwk-set-refresh-min-interval=1s");
			String tokenA = token(this.keyA, ISSUER_A, "api-a");
			String tokenB = token(this.keyB, ISSUER_B, "api-b");
			assertThat(this.http.get("/api/me", tokenA).status()).isEqualTo(200);
			assertThat(this.http.get("/api/me", tokenB).status()).isEqualTo(200);
			// A rotates its key out: its cached token is verified again, and refused
			shortLivedA.keys(generate(JWSAlgorithm.RS256, "a-2").toPublicJWK());
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> this.http.get("/api/me", tokenA).status() == 401);
			assertRefused(tokenA, "Unknown key ID");
			// B's token is still accepted, from B's keys fetched once
			assertThat(this.http.get("/api/me", tokenB).status()).isEqualTo(200);
			assertThat(this.serverB.requests()).isEqualTo(1);
		}
		finally {
			shortLivedA.close();
		}
	}

	@Test
	void anIssuerOfIssuerUriIsDiscoveredOnItsFirstTokenAndNeverForAnotherIssuers() {
		// C: only its URL is configured; its metadata names its JWK Set
		JWK keyC = generate(JWSAlgorithm.ES256, "c-1");
		try (JwkSetServer serverC = new JwkSetServer(null, keyC.toPublicJWK())) {
			start("jwt.auth.issuers[2].issuer-uri=" + serverC.issuer(), "jwt.auth.issuers[2].audiences=api-c");
			assertRefused(token(keyC, "https://evil.test", "api-c"), "Unknown issuer");
			assertThat(this.http.get("/api/me", token(this.keyA, ISSUER_A, "api-a")).status()).isEqualTo(200);
			assertThat(serverC.metadataRequests()).as("nothing discovered before a token of C").isZero();
			assertThat(serverC.requests()).isZero();
			JwtAuthClient.Response c = this.http.get("/api/me", token(keyC, serverC.issuer(), "api-c"));
			assertThat(c.status()).as(c.toString()).isEqualTo(200);
			assertThat(this.http.get("/api/me", token(keyC, serverC.issuer(), "api-c")).status()).isEqualTo(200);
			assertThat(serverC.metadataRequests()).isEqualTo(1);
			assertThat(serverC.requests()).isEqualTo(1);
			// A's key under C's iss: C's keys do not hold it
			assertRefused(token(this.keyA, serverC.issuer(), "api-c"), "Unknown key ID");
			JwtAuthEndpoint.IssuerDescriptor described = this.context.getBean(JwtAuthEndpoint.class)
				.jwtAuth()
				.keys()
				.issuers()
				.get(2);
			assertThat(described.issuer()).isEqualTo(serverC.issuer());
			assertThat(described.jwkSet().uri()).isEqualTo(serverC.uri());
		}
	}

	@Test
	void aDPoPBoundTokenOfEitherIssuerWorksWithItsProofAndNotAsABearerToken() {
		start();
		DPoPKey key = DPoPKey.es256();
		String bound = token(this.keyB,
				(claims) -> claims.issuer(ISSUER_B).audience("api-b").claim("cnf", Map.of("jkt", key.thumbprint())));
		String uri = this.http.baseUrl() + "/api/me";
		JwtAuthClient.Response dpop = this.http.send(this.http.request("/api/me")
			.header("Authorization", "DPoP " + bound)
			.header("DPoP", key.proof("GET", uri, bound))
			.GET());
		assertThat(dpop.status()).as(dpop.toString()).isEqualTo(200);
		assertThat(this.http.get("/api/me", bound).status()).isEqualTo(401);
	}

	@Test
	void thisApplicationIssuesNothingAndDescribesBothIssuers() {
		start();
		assertThat(this.context.getBeanNamesForType(JwtTokenService.class)).isEmpty();
		assertThat(this.http.login("alice", "alice-password").status()).isIn(401, 404);
		assertThat(this.http.get("/.well-known/jwks.json", null).status()).isIn(401, 404);
		JwtAuthClient.Response metadata = this.http.get("/.well-known/oauth-protected-resource", null);
		assertThat(metadata.status()).isEqualTo(200);
		assertThat(metadata.json()).containsEntry("authorization_servers", List.of(ISSUER_A, ISSUER_B));
		this.http.get("/api/me", token(this.keyA, ISSUER_A, "api-a"));
		JwtAuthEndpoint.JwtAuthDescriptor described = this.context.getBean(JwtAuthEndpoint.class).jwtAuth();
		assertThat(described.keys().source()).isEqualTo("issuers");
		assertThat(described.keys().issuers()).extracting(JwtAuthEndpoint.IssuerDescriptor::issuer)
			.containsExactly(ISSUER_A, ISSUER_B);
		JwtAuthEndpoint.IssuerDescriptor a = described.keys().issuers().get(0);
		assertThat(a.audiences()).containsExactly("api-a");
		assertThat(a.jwkSet().uri()).isEqualTo(this.serverA.uri());
		assertThat(a.jwkSet().acceptedAlgorithms()).containsExactly("RS256");
		assertThat(a.jwkSet().keys()).extracting(JwtAuthEndpoint.KeyDescriptor::keyId).containsExactly("a-1");
		assertThat(described.keys().issuers().get(1).jwkSet().fetchedAt()).as("B's set not fetched yet").isNull();
		assertThat(described.policy().mode()).isEqualTo("resource-server");
		assertThat(described.policy().issuer()).isNull();
	}

}
