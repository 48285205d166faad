package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.keys.remote.JwkSetCache;
import io.github.jwtauth.keys.remote.JwkSetResponse;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The decoder on its own: HMAC keys, the validated-token cache and revocation on cache
 * hits, and verification by a remote JWK Set.
 */
class JwtAuthDecoderTests {

	private final SettableClock clock = new SettableClock();

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private final byte[] secret = "q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sD".getBytes(StandardCharsets.UTF_8);

	private JwtAuthDecoder.Builder builder(JwsVerifierResolver verifiers, int cacheSize) {
		return JwtAuthDecoder.withVerifiers(verifiers, new RevocationValidator(this.registry))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.cacheSize(cacheSize);
	}

	private JwtAuthDecoder decoder(JwsVerifierResolver verifiers, int cacheSize) {
		return builder(verifiers, cacheSize).build();
	}

	private LocalJwsVerifierResolver hmacVerifiers(JWSAlgorithm algorithm, byte[] key) {
		return new LocalJwsVerifierResolver(List.of(VerificationKey.hmac("hs", algorithm, key)));
	}

	private JwtAuthDecoder hmacDecoder(JWSAlgorithm algorithm, byte[] key, int cacheSize) {
		return decoder(hmacVerifiers(algorithm, key), cacheSize);
	}

	private String hmacToken(JWSAlgorithm algorithm, byte[] key, Instant now) {
		return SignedTokens.hmac(key, SignedTokens.header(algorithm, "hs").build(),
				SignedTokens.claims("alice", now).build());
	}

	@Test
	void verifiesEveryHmacAlgorithmWithItsOwnKeyOnly() {
		byte[] key64 = new byte[64];
		System.arraycopy(this.secret, 0, key64, 0, 32);
		System.arraycopy(this.secret, 0, key64, 32, 32);
		for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
			JwtAuthDecoder decoder = hmacDecoder(algorithm, key64, 0);
			assertThat(decoder.decode(hmacToken(algorithm, key64, this.clock.instant())).getSubject())
				.isEqualTo("alice");
			JWSAlgorithm other = (algorithm == JWSAlgorithm.HS256) ? JWSAlgorithm.HS512 : JWSAlgorithm.HS256;
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> decoder.decode(hmacToken(other, key64, this.clock.instant())));
		}
	}

	@Test
	void cacheHitStillChecksRevocation() {
		JwtAuthDecoder decoder = hmacDecoder(JWSAlgorithm.HS256, this.secret, 100);
		ValidatedTokenCache cache = decoder.getCache();
		String token = hmacToken(JWSAlgorithm.HS256, this.secret, this.clock.instant());
		Jwt first = decoder.decode(token);
		assertThat(cache.size()).isEqualTo(1);
		assertThat(decoder.decode(token)).isSameAs(first);
		this.registry.apply(new RevocationEntry(Kind.TOKEN, first.getId(), this.clock.instant(),
				this.clock.instant().plusSeconds(600)));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessageContaining("revoked");
	}

	@Test
	void cacheNeverServesAnExpiredToken() {
		JwtAuthDecoder decoder = hmacDecoder(JWSAlgorithm.HS256, this.secret, 100);
		ValidatedTokenCache cache = decoder.getCache();
		String token = hmacToken(JWSAlgorithm.HS256, this.secret, this.clock.instant());
		decoder.decode(token);
		this.clock.advance(Duration.ofSeconds(300));
		assertThat(cache.get(token)).isNull();
		this.clock.advance(Duration.ofSeconds(31));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessageContaining("expired");
	}

	@Test
	void cacheIsBounded() {
		JwtAuthDecoder decoder = hmacDecoder(JWSAlgorithm.HS256, this.secret, 10);
		ValidatedTokenCache cache = decoder.getCache();
		for (int i = 0; i < 50; i++) {
			decoder.decode(hmacToken(JWSAlgorithm.HS256, this.secret, this.clock.instant()));
		}
		assertThat(cache.maxSize()).isEqualTo(10);
		assertThat(cache.size()).isLessThanOrEqualTo(10);
	}

	@Test
	void aTamperedVariantOfACachedTokenIsVerifiedAfresh() {
		JwtAuthDecoder decoder = hmacDecoder(JWSAlgorithm.HS256, this.secret, 100);
		ValidatedTokenCache cache = decoder.getCache();
		String token = hmacToken(JWSAlgorithm.HS256, this.secret, this.clock.instant());
		decoder.decode(token);
		String[] parts = token.split("\\.");
		// change the first signature character: the last one may carry only padding bits,
		// which a lenient base64url decoder ignores
		String variant = parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "Q" : "A")
				+ parts[2].substring(1);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(variant))
			.withMessage("Invalid signature");
	}

	@Test
	void staleRegistryRefusesEveryToken() {
		JwtAuthDecoder decoder = hmacDecoder(JWSAlgorithm.HS256, this.secret, 0);
		String token = hmacToken(JWSAlgorithm.HS256, this.secret, this.clock.instant());
		this.registry.requireSyncWithin(Duration.ZERO);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessageContaining("Revocation status unavailable");
	}

	@Test
	void remoteJwkSetVerifiesByKidAndAllowedAlgorithmOnly() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("remote-1").generate();
		JwkSetCache keys = JwkSetCache.builder(() -> new JwkSetResponse(new JWKSet(key.toPublicJWK()), null))
			.algorithms(Set.of(JWSAlgorithm.RS256))
			.clock(this.clock)
			.build();
		JwtAuthDecoder decoder = decoder(new RemoteJwsVerifierResolver(keys), 0);
		String token = SignedTokens.rsa(key, SignedTokens.header(JWSAlgorithm.RS256, "remote-1").build(),
				SignedTokens.claims("alice", this.clock.instant()).build());
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		String unknownKid = SignedTokens.rsa(key, SignedTokens.header(JWSAlgorithm.RS256, "other").build(),
				SignedTokens.claims("alice", this.clock.instant()).build());
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(unknownKid));
		String ps256 = SignedTokens.rsa(key, SignedTokens.header(JWSAlgorithm.PS256, "remote-1").build(),
				SignedTokens.claims("alice", this.clock.instant()).build());
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(ps256));
		String hmacWithPublicKey = SignedTokens.hmac(key.toRSAPublicKey().getEncoded(),
				SignedTokens.header(JWSAlgorithm.HS256, "remote-1").build(),
				SignedTokens.claims("alice", this.clock.instant()).build());
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(hmacWithPublicKey));
	}

	@Test
	void typeJwtAcceptsJwtOrNoTypeOnly() {
		JwtAuthDecoder decoder = builder(hmacVerifiers(JWSAlgorithm.HS256, this.secret), 0).tokenType("JWT").build();
		Instant now = this.clock.instant();
		String jwt = SignedTokens.hmac(this.secret,
				SignedTokens.header(JWSAlgorithm.HS256, "hs").type(com.nimbusds.jose.JOSEObjectType.JWT).build(),
				SignedTokens.claims("alice", now).build());
		String none = SignedTokens.hmac(this.secret, SignedTokens.header(JWSAlgorithm.HS256, "hs").type(null).build(),
				SignedTokens.claims("alice", now).build());
		assertThat(decoder.decode(jwt)).isNotNull();
		assertThat(decoder.decode(none)).isNotNull();
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> decoder.decode(hmacToken(JWSAlgorithm.HS256, this.secret, now)));
	}

	@Test
	void everyAddedValidatorRunsOnACachedTokenToo() {
		Set<String> disabledUsers = new java.util.concurrent.CopyOnWriteArraySet<>();
		JwtAuthDecoder decoder = builder(hmacVerifiers(JWSAlgorithm.HS256, this.secret), 100)
			.validator((jwt) -> disabledUsers.contains(jwt.getSubject())
					? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "User disabled", null))
					: OAuth2TokenValidatorResult.success())
			.build();
		String token = hmacToken(JWSAlgorithm.HS256, this.secret, this.clock.instant());
		Jwt first = decoder.decode(token);
		assertThat(decoder.decode(token)).isSameAs(first);
		disabledUsers.add("alice");
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessageContaining("User disabled");
	}

	@Test
	void revocationIsCheckedBeforeAddedValidatorsAndCannotBeRemoved() {
		JwtAuthDecoder.Builder builder = builder(hmacVerifiers(JWSAlgorithm.HS256, this.secret), 100);
		JwtAuthDecoderCustomizer customizer = (b) -> b.validator((jwt) -> OAuth2TokenValidatorResult.success())
			.cacheSize(5);
		customizer.customize(builder);
		JwtAuthDecoder decoder = builder.build();
		String token = hmacToken(JWSAlgorithm.HS256, this.secret, this.clock.instant());
		Jwt jwt = decoder.decode(token);
		this.registry.apply(new RevocationEntry(Kind.TOKEN, jwt.getId(), this.clock.instant(),
				this.clock.instant().plusSeconds(600)));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessageContaining("revoked");
	}

	@Test
	void maxLengthCannotBeRaisedBeyond64Kilobytes() {
		JwtAuthDecoder.Builder builder = builder(hmacVerifiers(JWSAlgorithm.HS256, this.secret), 0);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.maxLength(65_537));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.maxLength(255));
	}

	@Test
	void builderRequiresIssuerAndAudiences() {
		JwtAuthDecoder.Builder noIssuer = JwtAuthDecoder.withVerifiers(hmacVerifiers(JWSAlgorithm.HS256, this.secret),
				new RevocationValidator(this.registry));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(noIssuer::build)
			.withMessageContaining("issuer");
		JwtAuthDecoder.Builder noAudience = JwtAuthDecoder
			.withVerifiers(hmacVerifiers(JWSAlgorithm.HS256, this.secret), new RevocationValidator(this.registry))
			.issuer("jwt-auth");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(noAudience::build)
			.withMessageContaining("audience");
	}

}
