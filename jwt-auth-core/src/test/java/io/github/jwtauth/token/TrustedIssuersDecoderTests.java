package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.keys.remote.JwkSetCache;
import io.github.jwtauth.keys.remote.RemoteJwkSet;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A decoder that trusts two issuers, each with its own JWK Set served over real HTTP (the
 * JDK's server on a free port), audiences, algorithms and {@code jti} rule: the issuer is
 * chosen by the token's {@code iss} before the signature is verified, and an unknown or
 * missing {@code iss} is refused without any request to either JWK Set.
 */
class TrustedIssuersDecoderTests {

	private static final String ISSUER_A = "https://a.example";

	private static final String ISSUER_B = "https://b.example";

	private static final SigningKey KEY_A = RemoteKeysFixtures.signingKey("a-1", JWSAlgorithm.RS256, "RSA");

	private static final SigningKey KEY_B = RemoteKeysFixtures.signingKey("b-1", JWSAlgorithm.ES256, "P-256");

	private final SettableClock clock = new SettableClock();

	private final JwkSetServer serverA = new JwkSetServer();

	private final JwkSetServer serverB = new JwkSetServer();

	@AfterEach
	void stop() {
		this.serverA.close();
		this.serverB.close();
	}

	private RemoteJwsVerifierResolver verifiers(JwkSetServer server, Set<JWSAlgorithm> algorithms) {
		return new RemoteJwsVerifierResolver(
				JwkSetCache.builder(RemoteJwkSet.builder(server.uri()).timeout(Duration.ofSeconds(2)).build())
					.algorithms(algorithms)
					.clock(this.clock)
					.executor(Runnable::run)
					.build());
	}

	private TrustedIssuers issuers(boolean jtiRequiredOfA) {
		return TrustedIssuers.of(List.of(
				TrustedIssuer.withVerifiers(ISSUER_A, verifiers(this.serverA, Set.of(JWSAlgorithm.RS256)))
					.audiences(List.of("api-a"))
					.requireTokenId(jtiRequiredOfA)
					.build(),
				TrustedIssuer.withVerifiers(ISSUER_B, verifiers(this.serverB, Set.of(JWSAlgorithm.ES256)))
					.audiences(List.of("api-b", "api-shared"))
					.build()));
	}

	private JwtAuthDecoder decoder(int cacheSize) {
		return JwtAuthDecoder.withIssuers(issuers(true), new RevocationValidator(new RevocationRegistry(this.clock)))
			.clock(this.clock)
			.cacheSize(cacheSize)
			.build();
	}

	private void publish() {
		this.serverA.keys(RemoteKeysFixtures.published(KEY_A));
		this.serverB.keys(RemoteKeysFixtures.published(KEY_B));
	}

	private String token(SigningKey key, String keyId, Consumer<JWTClaimsSet.Builder> claims) {
		JWTClaimsSet.Builder builder = SignedTokens.claims("alice", this.clock.instant());
		claims.accept(builder);
		JWSHeader header = SignedTokens.header(key.algorithm(), keyId).build();
		String signingInput = header.toBase64URL() + "." + Base64URL.encode(builder.build().toString());
		return signingInput + "."
				+ Base64URL.encode(key.signer().sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
	}

	private String token(SigningKey key, String issuer, String audience) {
		return token(key, key.keyId(), (claims) -> claims.issuer(issuer).audience(audience));
	}

	private static void assertRefused(JwtAuthDecoder decoder, String token, String description) {
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessage(description);
	}

	@Test
	void eachIssuersTokensAreAcceptedWithItsOwnAudienceOnly() {
		publish();
		JwtAuthDecoder decoder = decoder(0);
		Jwt a = decoder.decode(token(KEY_A, ISSUER_A, "api-a"));
		assertThat(a.getClaimAsString("iss")).isEqualTo(ISSUER_A);
		Jwt b = decoder.decode(token(KEY_B, ISSUER_B, "api-shared"));
		assertThat(b.getClaimAsString("iss")).isEqualTo(ISSUER_B);
		assertRefused(decoder, token(KEY_A, ISSUER_A, "api-b"), "Invalid audience");
		assertRefused(decoder, token(KEY_B, ISSUER_B, "api-a"), "Invalid audience");
		assertThat(this.serverA.requests()).isEqualTo(1);
		assertThat(this.serverB.requests()).isEqualTo(1);
	}

	@Test
	void eachIssuerAcceptsOnlyItsOwnAlgorithms() {
		SigningKey ecOfA = RemoteKeysFixtures.signingKey("a-ec", JWSAlgorithm.ES256, "P-256");
		this.serverA.keys(RemoteKeysFixtures.published(KEY_A), RemoteKeysFixtures.published(ecOfA));
		this.serverB.keys(RemoteKeysFixtures.published(KEY_B));
		JwtAuthDecoder decoder = decoder(0);
		assertThat(decoder.decode(token(KEY_A, ISSUER_A, "api-a")).getSubject()).isEqualTo("alice");
		// A's set publishes an ES256 key, but A is trusted for RS256 only
		assertRefused(decoder, token(ecOfA, ISSUER_A, "api-a"), "Unknown key ID");
		assertThat(decoder.decode(token(KEY_B, ISSUER_B, "api-b")).getSubject()).isEqualTo("alice");
	}

	@Test
	void aTokenNamingOneIssuerSignedByAnothersKeyIsRefused() {
		publish();
		JwtAuthDecoder decoder = decoder(0);
		// B's key and key ID, A's iss: A's keys are asked, and they have no such key
		assertRefused(decoder, token(KEY_B, ISSUER_A, "api-a"), "Unknown key ID");
		// B's key under A's key ID: A's key does not verify it
		SigningKey rsaOfB = RemoteKeysFixtures.signingKey("a-1", JWSAlgorithm.RS256, "RSA");
		assertRefused(decoder, token(rsaOfB, ISSUER_A, "api-a"), "Invalid signature");
		assertThat(this.serverB.requests()).as("B's JWK Set is never asked for A's tokens").isZero();
	}

	@Test
	void anUnknownOrMissingIssuerIsRefusedWithoutAnyRequest() {
		publish();
		JwtAuthDecoder decoder = decoder(100);
		assertRefused(decoder, token(KEY_A, "https://evil.example", "api-a"), "Unknown issuer");
		assertRefused(decoder, token(KEY_A, ISSUER_A + "/", "api-a"), "Unknown issuer");
		assertRefused(decoder, token(KEY_A, "a-1", (claims) -> claims.issuer(null).audience("api-a")),
				"Missing iss claim");
		assertRefused(decoder, token(KEY_A, "a-1", (claims) -> claims.claim("iss", 42).audience("api-a")),
				"Invalid iss claim");
		assertRefused(decoder, token(KEY_A, "a-1", (claims) -> claims.claim("iss", List.of(ISSUER_A))),
				"Invalid iss claim");
		// counted by reason in the metrics, never as "other"
		assertThat(TokenRefusalReason
			.of(catchThrowable(() -> decoder.decode(token(KEY_A, "https://evil.example", "api-a")))))
			.isEqualTo(TokenRefusalReason.WRONG_ISSUER);
		assertThat(TokenRefusalReason
			.of(catchThrowable(() -> decoder.decode(token(KEY_A, "a-1", (claims) -> claims.issuer(null))))))
			.isEqualTo(TokenRefusalReason.MISSING_CLAIM);
		assertThat(this.serverA.requests()).isZero();
		assertThat(this.serverB.requests()).isZero();
	}

	@Test
	void aPayloadThatIsNotJsonIsRefusedAsMalformedBeforeAnyRequest() {
		publish();
		JwtAuthDecoder decoder = decoder(0);
		String valid = token(KEY_A, ISSUER_A, "api-a");
		String[] parts = valid.split("\\.");
		String garbage = parts[0] + "." + Base64URL.encode("not json") + "." + parts[2];
		assertRefused(decoder, garbage, "Malformed token");
		assertThat(this.serverA.requests()).isZero();
	}

	@Test
	void theJtiRuleIsEachIssuers() {
		publish();
		JwtAuthDecoder decoder = JwtAuthDecoder
			.withIssuers(issuers(false), new RevocationValidator(new RevocationRegistry(this.clock)))
			.clock(this.clock)
			.build();
		String withoutJtiA = token(KEY_A, "a-1", (claims) -> claims.issuer(ISSUER_A).audience("api-a").jwtID(null));
		String withoutJtiB = token(KEY_B, "b-1", (claims) -> claims.issuer(ISSUER_B).audience("api-b").jwtID(null));
		assertThat(decoder.decode(withoutJtiA).getSubject()).isEqualTo("alice");
		assertRefused(decoder, withoutJtiB, "Missing jti claim");
		// requireTokenId(true) on the decoder requires it of every issuer
		JwtAuthDecoder strict = JwtAuthDecoder
			.withIssuers(issuers(false), new RevocationValidator(new RevocationRegistry(this.clock)))
			.clock(this.clock)
			.requireTokenId(true)
			.build();
		assertRefused(strict, withoutJtiA, "Missing jti claim");
		// and requireTokenId(false) (a customizer's) never lifts an issuer's own rule
		JwtAuthDecoder lenient = JwtAuthDecoder
			.withIssuers(issuers(false), new RevocationValidator(new RevocationRegistry(this.clock)))
			.clock(this.clock)
			.requireTokenId(false)
			.build();
		assertThat(lenient.decode(withoutJtiA).getSubject()).isEqualTo("alice");
		assertRefused(lenient, withoutJtiB, "Missing jti claim");
	}

	@Test
	void aCachedTokenCountsOnlyWhileItsOwnIssuersKeysStayTheSame() {
		publish();
		JwtAuthDecoder decoder = decoder(100);
		String tokenA = token(KEY_A, ISSUER_A, "api-a");
		String tokenB = token(KEY_B, ISSUER_B, "api-b");
		decoder.decode(tokenA);
		decoder.decode(tokenB);
		assertThat(decoder.getCache().size()).isEqualTo(2);
		// A rotates: its old key leaves the set
		SigningKey nextA = RemoteKeysFixtures.signingKey("a-2", JWSAlgorithm.RS256, "RSA");
		this.serverA.keys(RemoteKeysFixtures.published(nextA));
		// in the last tenth of the sets' lifetime (5 minutes) a request refreshes them
		// (here on the requesting thread), before the tokens expire
		this.clock.advance(Duration.ofSeconds(280));
		// B's set is refreshed too: it brings the same keys
		assertThat(decoder.decode(tokenB).getSubject()).isEqualTo("alice");
		assertRefused(decoder, tokenA, "Unknown key ID");
		assertThat(decoder.decode(token(nextA, ISSUER_A, "api-a")).getSubject()).isEqualTo("alice");
		assertThat(decoder.getCache().get(tokenB)).as("B's token still cached").isNotNull();
		assertThat(decoder.getCache().get(tokenA)).as("A's token no longer cached").isNull();
	}

	@Test
	void aCachedTokenOfAnIssuerIsVerifiedAgainWhenOnlyThatIssuersKeysChange() {
		publish();
		JwtAuthDecoder decoder = decoder(100);
		String tokenA = token(KEY_A, ISSUER_A, "api-a");
		String tokenB = token(KEY_B, ISSUER_B, "api-b");
		decoder.decode(tokenA);
		decoder.decode(tokenB);
		// an unknown key ID of A makes A's cache fetch again; the new set keeps KEY_A
		SigningKey nextA = RemoteKeysFixtures.signingKey("a-2", JWSAlgorithm.RS256, "RSA");
		this.serverA.keys(RemoteKeysFixtures.published(KEY_A), RemoteKeysFixtures.published(nextA));
		this.clock.advance(Duration.ofSeconds(31));
		decoder.decode(token(nextA, ISSUER_A, "api-a"));
		assertThat(this.serverA.requests()).isEqualTo(2);
		// A's token verifies again (new key set version) and is accepted; B's is still a
		// hit
		assertThat(decoder.decode(tokenA).getSubject()).isEqualTo("alice");
		assertThat(decoder.decode(tokenB).getSubject()).isEqualTo("alice");
		assertThat(this.serverB.requests()).isEqualTo(1);
	}

	@Test
	void aBoundTokenOfEitherIssuerIsAcceptedOnlyWithTheDPoPScheme() {
		publish();
		JwtAuthDecoder decoder = decoder(100);
		String bound = token(KEY_B, "b-1",
				(claims) -> claims.issuer(ISSUER_B).audience("api-b").claim("cnf", Map.of("jkt", "x".repeat(43))));
		assertThat(ConfirmationClaim.jkt(decoder.decodeBound(bound))).isEqualTo("x".repeat(43));
		assertRefused(decoder, bound, "A sender-constrained token cannot be used as a bearer token");
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> decoder.decodeBound(token(KEY_A, ISSUER_A, "api-a")))
			.withMessage("The token is not DPoP-bound");
	}

	@Test
	void theHeaderPolicyAppliesBeforeTheIssuerIsChosen() {
		publish();
		JwtAuthDecoder decoder = decoder(0);
		String token = token(KEY_A, ISSUER_A, "api-a");
		String header = Base64URL.encode("{\"alg\":\"RS256\",\"kid\":\"a-1\",\"typ\":\"at+jwt\",\"jku\":\"http://x\"}")
			.toString();
		assertRefused(decoder, header + token.substring(token.indexOf('.')), "Embedded keys are not accepted");
		assertThat(this.serverA.requests()).isZero();
	}

	@Test
	void issuersAreGivenOnceEach() {
		TrustedIssuer a = TrustedIssuer.withVerifiers(ISSUER_A, verifiers(this.serverA, Set.of()))
			.audiences(List.of("api-a"))
			.build();
		TrustedIssuer again = TrustedIssuer.withVerifiers(ISSUER_A, verifiers(this.serverB, Set.of()))
			.audiences(List.of("api-b"))
			.build();
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedIssuers.of(List.of(a, again)))
			.withMessageContaining("given twice");
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedIssuers.of(List.of()));
		assertThatIllegalStateException()
			.isThrownBy(() -> TrustedIssuer.withVerifiers(ISSUER_A, verifiers(this.serverA, Set.of())).build());
	}

	@Test
	void issuerAndAudiencesBelongToEachTrustedIssuer() {
		RevocationValidator revocation = new RevocationValidator(new RevocationRegistry(this.clock));
		assertThatIllegalStateException()
			.isThrownBy(() -> JwtAuthDecoder.withIssuers(issuers(true), revocation).issuer(ISSUER_A).build());
		assertThatIllegalStateException().isThrownBy(
				() -> JwtAuthDecoder.withIssuers(issuers(true), revocation).audiences(List.of("api-a")).build());
		assertThat(JwtAuthDecoder.withIssuers(issuers(true), revocation).build().getTrustedIssuers().all())
			.extracting(TrustedIssuer::getIssuer)
			.containsExactly(ISSUER_A, ISSUER_B);
	}

	@Test
	void anExpiredTokenOfATrustedIssuerIsRefused() {
		publish();
		JwtAuthDecoder decoder = decoder(0);
		String expired = token(KEY_A, "a-1",
				(claims) -> claims.issuer(ISSUER_A)
					.audience("api-a")
					.issueTime(Date.from(this.clock.instant().minusSeconds(900)))
					.notBeforeTime(Date.from(this.clock.instant().minusSeconds(900)))
					.expirationTime(Date.from(this.clock.instant().minusSeconds(600))));
		assertRefused(decoder, expired, "Token expired");
	}

}
