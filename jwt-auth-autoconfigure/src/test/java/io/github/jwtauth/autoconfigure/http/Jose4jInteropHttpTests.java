package io.github.jwtauth.autoconfigure.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.jwtauth.autoconfigure.testapp.ReservedPort;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.keys.rotation.RotatingKeySource;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.jose4j.http.Get;
import org.jose4j.http.SimpleResponse;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Interoperability over real HTTP: jose4j, a JOSE library independent of nimbus and of
 * Spring Security, discovers a running issuer from its authorization-server metadata (RFC
 * 8414) alone and verifies what it issues. The issuer's {@code jwt.auth.issuer} is its
 * own loopback URL; the client reads {@code /.well-known/oauth-authorization-server} with
 * jose4j's {@link Get} and {@link JsonUtil}, and verifies access tokens and the
 * revocation feed with the JWK Set at the announced {@code jwks_uri}
 * ({@link HttpsJwksVerificationKeyResolver}), for RSA, EC and Ed25519 keys and across an
 * automatic key rotation. Logging in and refreshing use the plain JDK HTTP client.
 */
class Jose4jInteropHttpTests {

	private static final String METADATA_PATH = "/.well-known/oauth-authorization-server";

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@ParameterizedTest
	@CsvSource({ "RS256, classpath:keys/rsa-private.pem", "ES256, classpath:keys/ec-p256-private.pem",
			"EdDSA, classpath:keys/ed25519-private.pem" })
	void jose4jVerifiesTokensAndTheFeedFromTheMetadataAlone(String algorithm, String key) throws Exception {
		Issuer issuer = start("jwt.auth.signing.private-key-location=" + key);
		Map<String, Object> metadata = metadata(issuer.url());
		assertThat(metadata).containsEntry("issuer", issuer.url())
			.containsEntry("jwks_uri", issuer.url() + "/.well-known/jwks.json");
		String discoveredIssuer = (String) metadata.get("issuer");
		HttpsJwks jwks = new HttpsJwks((String) metadata.get("jwks_uri"));
		assertThat(jwks.getJsonWebKeys()).extracting(JsonWebKey::getAlgorithm).containsExactly(algorithm);

		JwtAuthClient.Response login = issuer.http().login("alice", "alice-password");
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		String accessToken = login.accessToken();
		JwtClaims claims = accessTokens(jwks, discoveredIssuer, algorithm, null).processToClaims(accessToken);
		assertThat(claims.getSubject()).isEqualTo("alice");
		assertThat(claims.getIssuer()).isEqualTo(issuer.url());
		assertThat(claims.getAudience()).containsExactly("api");
		assertThat(claims.getJwtId()).isNotBlank();

		// refused: another algorithm allowed, another issuer expected, a tampered payload
		String otherAlgorithm = algorithm.equals("EdDSA") ? "ES256" : "EdDSA";
		assertThatExceptionOfType(InvalidJwtException.class)
			.isThrownBy(() -> accessTokens(jwks, discoveredIssuer, otherAlgorithm, null).processToClaims(accessToken));
		assertThatExceptionOfType(InvalidJwtException.class).isThrownBy(
				() -> accessTokens(jwks, "https://issuer.example.com", algorithm, null).processToClaims(accessToken));
		String[] parts = accessToken.split("\\.");
		String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2)
				+ (parts[1].endsWith("xx") ? "yy" : "xx") + "." + parts[2];
		assertThatExceptionOfType(InvalidJwtException.class)
			.isThrownBy(() -> accessTokens(jwks, discoveredIssuer, algorithm, null).processToClaims(tampered));

		// a token of another issuer, signed with the same (published) key: its signature
		// verifies, its issuer does not
		Issuer other = start("jwt.auth.signing.private-key-location=" + key);
		String foreign = other.http().login("alice", "alice-password").accessToken();
		assertThat(accessTokens(jwks, other.url(), algorithm, null).processToClaims(foreign).getIssuer())
			.isEqualTo(other.url());
		assertThatExceptionOfType(InvalidJwtException.class)
			.isThrownBy(() -> accessTokens(jwks, discoveredIssuer, algorithm, null).processToClaims(foreign));

		// the revocation feed the metadata announces is a JWS of the same JWK Set, and
		// lists the token just revoked
		String jti = claims.getJwtId();
		assertThat(issuer.http().revoke(accessToken).status()).isEqualTo(200);
		SimpleResponse feed = new Get().get((String) metadata.get("jwt_auth_revocation_feed_uri"));
		assertThat(feed.getStatusCode()).isEqualTo(200);
		assertThat(feed.getHeaderValues("Content-Type"))
			.anySatisfy((type) -> assertThat(type).startsWith("application/jwt"));
		JwtClaims document = feed(jwks, discoveredIssuer, algorithm).processToClaims(feed.getBody());
		assertThat(document.getIssuer()).isEqualTo(issuer.url());
		List<?> revocations = document.getClaimValue("revocations", List.class);
		assertThat(revocations).anySatisfy((entry) -> {
			assertThat(((Map<?, ?>) entry).get("k")).isEqualTo("jti");
			assertThat(((Map<?, ?>) entry).get("v")).isEqualTo(jti);
		});
		// neither passes for the other
		assertThatExceptionOfType(InvalidJwtException.class)
			.isThrownBy(() -> accessTokens(jwks, discoveredIssuer, algorithm, null).processToClaims(feed.getBody()));
		assertThatExceptionOfType(InvalidJwtException.class)
			.isThrownBy(() -> feed(jwks, discoveredIssuer, algorithm).processToClaims(accessToken));
	}

	@Test
	void jose4jFollowsAnAutomaticKeyRotation() throws Exception {
		Issuer issuer = start("jwt.auth.signing.rotation.enabled=true", "jwt.auth.signing.rotation.algorithm=ES256",
				"jwt.auth.signing.rotation.period=1h", "jwt.auth.signing.rotation.check-interval=1m");
		TestClock clock = issuer.context().getBean(TestClock.class);
		RotatingKeySource keys = issuer.context().getBean(RotatingKeySource.class);
		Map<String, Object> metadata = metadata(issuer.url());
		String discoveredIssuer = (String) metadata.get("issuer");
		HttpsJwks jwks = new HttpsJwks((String) metadata.get("jwks_uri"));
		// on an unknown kid jose4j re-fetches the JWK Set, unless it fetched it less than
		// this threshold (300 ms by default) ago: this test runs faster than that
		jwks.setRefreshReprieveThreshold(0);

		Instant start = clock.instant();
		JwtAuthClient.Response login = issuer.http().login("alice", "alice-password");
		String first = login.accessToken();
		JwtContext firstContext = accessTokens(jwks, discoveredIssuer, "ES256", start).process(first);
		String firstKid = firstContext.getJoseObjects().get(0).getKeyIdHeaderValue();

		// the next key is published ahead, then signs; the first still verifies
		clock.set(start.plus(Duration.ofMinutes(48)));
		keys.refresh();
		clock.set(start.plus(Duration.ofMinutes(61)));
		keys.refresh();
		JwtAuthClient.Response refreshed = issuer.http().refresh(login.refreshToken());
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		String second = refreshed.accessToken();
		JwtContext secondContext = accessTokens(jwks, discoveredIssuer, "ES256", clock.instant()).process(second);
		String secondKid = secondContext.getJoseObjects().get(0).getKeyIdHeaderValue();
		assertThat(secondKid).isNotEqualTo(firstKid);
		assertThat(secondContext.getJwtClaims().getSubject()).isEqualTo("alice");
		assertThat(accessTokens(jwks, discoveredIssuer, "ES256", start).processToClaims(first).getSubject())
			.isEqualTo("alice");
		JsonWebKeySet published = new JsonWebKeySet(new Get().get((String) metadata.get("jwks_uri")).getBody());
		assertThat(published.getJsonWebKeys()).extracting(JsonWebKey::getKeyId)
			.containsExactlyInAnyOrder(firstKid, secondKid);
	}

	private static JwtConsumer accessTokens(HttpsJwks jwks, String issuer, String algorithm, @Nullable Instant at) {
		JwtConsumerBuilder builder = new JwtConsumerBuilder().setRequireExpirationTime()
			.setRequireIssuedAt()
			.setRequireJwtId()
			.setRequireSubject()
			.setExpectedIssuer(issuer)
			.setExpectedAudience("api")
			.setExpectedType(true, "at+jwt")
			.setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithm)
			.setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks));
		if (at != null) {
			builder.setEvaluationTime(NumericDate.fromMilliseconds(at.toEpochMilli()));
		}
		return builder.build();
	}

	private static JwtConsumer feed(HttpsJwks jwks, String issuer, String algorithm) {
		return new JwtConsumerBuilder().setRequireIssuedAt()
			.setExpectedIssuer(issuer)
			.setExpectedType(true, "revocations+jwt")
			.setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithm)
			.setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
			.build();
	}

	private static Map<String, Object> metadata(String issuer) throws IOException, JoseException {
		SimpleResponse response = new Get().get(issuer + METADATA_PATH);
		assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
		return JsonUtil.parseJson(response.getBody());
	}

	private Issuer start(String... properties) {
		ReservedPort reserved = ReservedPort.reserve();
		int port = reserved.port();
		String url = "http://127.0.0.1:" + port;
		List<String> all = new ArrayList<>(List.of("server.port=" + port, "spring.main.banner-mode=off",
				"jwt.auth.issuer=" + url, "jwt.auth.audiences=api", "jwt.auth.store.initial-sync-timeout=0"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context;
		try (reserved) {
			context = new SpringApplicationBuilder(TestApplication.class).properties(all.toArray(String[]::new)).run();
		}
		this.contexts.add(context);
		return new Issuer(url, JwtAuthClient.forBaseUrl(url), context);
	}

	private record Issuer(String url, JwtAuthClient http, ConfigurableApplicationContext context) {

	}

}
