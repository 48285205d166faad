package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.test.MutableClock;
import io.github.jwtauth.test.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The decoder on its own: HMAC keys, the validated-token cache and revocation on cache
 * hits, and verification by a remote JWK Set.
 */
class JwtAuthDecoderTests {

	private final MutableClock clock = MutableClock.now();

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private final byte[] secret = TestKeys.HMAC_SECRET.getBytes(StandardCharsets.UTF_8);

	private JwtAuthDecoder decoder(JwsVerifierResolver verifiers, ValidatedTokenCache cache) {
		return new JwtAuthDecoder(8192, "at+jwt", verifiers,
				new AccessTokenClaimsValidator("jwt-auth", List.of("jwt-auth"), Duration.ofSeconds(30), this.clock),
				new RevocationValidator(this.registry), cache);
	}

	private JwtAuthDecoder hmacDecoder(JWSAlgorithm algorithm, byte[] key, ValidatedTokenCache cache) {
		return decoder(new LocalJwsVerifierResolver(List.of(SigningKey.hmac("hs", algorithm, key))), cache);
	}

	private String hmacToken(JWSAlgorithm algorithm, byte[] key, Instant now) {
		return TestKeys.signHmac(key, TestKeys.header(algorithm, "hs").build(), TestKeys.claims("alice", now).build());
	}

	@Test
	void verifiesEveryHmacAlgorithmWithItsOwnKeyOnly() {
		byte[] key64 = (TestKeys.HMAC_SECRET + TestKeys.HMAC_SECRET).getBytes(StandardCharsets.UTF_8);
		for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
			JwtAuthDecoder decoder = hmacDecoder(algorithm, key64, null);
			assertThat(decoder.decode(hmacToken(algorithm, key64, this.clock.instant())).getSubject()).isEqualTo("alice");
			JWSAlgorithm other = (algorithm == JWSAlgorithm.HS256) ? JWSAlgorithm.HS512 : JWSAlgorithm.HS256;
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> decoder.decode(hmacToken(other, key64, this.clock.instant())));
		}
	}

	@Test
	void cacheHitStillChecksRevocation() {
		ValidatedTokenCache cache = new ValidatedTokenCache(100, this.clock);
		JwtAuthDecoder decoder = hmacDecoder(JWSAlgorithm.HS256, this.secret, cache);
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
		ValidatedTokenCache cache = new ValidatedTokenCache(100, this.clock);
		JwtAuthDecoder decoder = hmacDecoder(JWSAlgorithm.HS256, this.secret, cache);
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
		ValidatedTokenCache cache = new ValidatedTokenCache(10, this.clock);
		JwtAuthDecoder decoder = hmacDecoder(JWSAlgorithm.HS256, this.secret, cache);
		for (int i = 0; i < 50; i++) {
			decoder.decode(hmacToken(JWSAlgorithm.HS256, this.secret, this.clock.instant()));
		}
		assertThat(cache.size()).isLessThanOrEqualTo(10);
	}

	@Test
	void aTamperedVariantOfACachedTokenIsVerifiedAfresh() {
		ValidatedTokenCache cache = new ValidatedTokenCache(100, this.clock);
		JwtAuthDecoder decoder = hmacDecoder(JWSAlgorithm.HS256, this.secret, cache);
		String token = hmacToken(JWSAlgorithm.HS256, this.secret, this.clock.instant());
		decoder.decode(token);
		String[] parts = token.split("\\.");
		String variant = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 1)
				+ (parts[2].endsWith("A") ? "B" : "A");
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(variant));
	}

	@Test
	void staleRegistryRefusesEveryToken() {
		JwtAuthDecoder decoder = hmacDecoder(JWSAlgorithm.HS256, this.secret, null);
		String token = hmacToken(JWSAlgorithm.HS256, this.secret, this.clock.instant());
		this.registry.requireSyncWithin(Duration.ZERO);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessageContaining("Revocation status unavailable");
	}

	@Test
	void remoteJwkSetVerifiesByKidAndAllowedAlgorithmOnly() throws Exception {
		RSAKey key = new RSAKey.Builder(TestKeys.rsa()).keyID("remote-1").build();
		JwtAuthDecoder decoder = decoder(
				new RemoteJwsVerifierResolver(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), Set.of(JWSAlgorithm.RS256)),
				null);
		String token = TestKeys.signRsa(key, TestKeys.header(JWSAlgorithm.RS256, "remote-1").build(),
				TestKeys.claims("alice", this.clock.instant()).build());
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		String unknownKid = TestKeys.signRsa(key, TestKeys.header(JWSAlgorithm.RS256, "other").build(),
				TestKeys.claims("alice", this.clock.instant()).build());
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(unknownKid));
		String ps256 = TestKeys.signRsa(key, TestKeys.header(JWSAlgorithm.PS256, "remote-1").build(),
				TestKeys.claims("alice", this.clock.instant()).build());
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(ps256));
		String hmacWithPublicKey = TestKeys.signHmac(key.toRSAPublicKey().getEncoded(),
				TestKeys.header(JWSAlgorithm.HS256, "remote-1").build(), TestKeys.claims("alice", this.clock.instant()).build());
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(hmacWithPublicKey));
	}

	@Test
	void typeJwtAcceptsJwtOrNoTypeOnly() {
		JwtAuthDecoder decoder = new JwtAuthDecoder(8192, "JWT",
				new LocalJwsVerifierResolver(List.of(SigningKey.hmac("hs", JWSAlgorithm.HS256, this.secret))),
				new AccessTokenClaimsValidator("jwt-auth", List.of("jwt-auth"), Duration.ofSeconds(30), this.clock),
				new RevocationValidator(this.registry), null);
		Instant now = this.clock.instant();
		String jwt = TestKeys.signHmac(this.secret,
				TestKeys.header(JWSAlgorithm.HS256, "hs").type(com.nimbusds.jose.JOSEObjectType.JWT).build(),
				TestKeys.claims("alice", now).build());
		String none = TestKeys.signHmac(this.secret, TestKeys.header(JWSAlgorithm.HS256, "hs").type(null).build(),
				TestKeys.claims("alice", now).build());
		assertThat(decoder.decode(jwt)).isNotNull();
		assertThat(decoder.decode(none)).isNotNull();
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> decoder.decode(hmacToken(JWSAlgorithm.HS256, this.secret, now)));
	}

}
