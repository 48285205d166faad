package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every refusal of {@link JwtAuthDecoder} carries its {@link TokenRefusalReason}, and the
 * validated-token cache counts its hits, misses and evictions.
 */
class TokenRefusalReasonTests {

	private final SettableClock clock = new SettableClock();

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private final byte[] secret = "q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sD".getBytes(StandardCharsets.UTF_8);

	private JwtAuthDecoder decoder(int cacheSize) {
		return JwtAuthDecoder
			.withVerifiers(
					new LocalJwsVerifierResolver(List.of(VerificationKey.hmac("hs", JWSAlgorithm.HS256, this.secret))),
					new RevocationValidator(this.registry))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.cacheSize(cacheSize)
			.validator((jwt) -> "disabled".equals(jwt.getSubject())
					? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "User disabled", null))
					: OAuth2TokenValidatorResult.success())
			.build();
	}

	private String token(JWSHeader header, com.nimbusds.jwt.JWTClaimsSet claims) {
		return SignedTokens.hmac(this.secret, header, claims);
	}

	private JWSHeader header() {
		return SignedTokens.header(JWSAlgorithm.HS256, "hs").build();
	}

	@Test
	void everyRefusalOfTheDecoderHasItsReason() {
		Instant now = this.clock.instant();
		byte[] other = "another-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8);
		String valid = token(header(), SignedTokens.claims("alice", now).build());
		Map<String, TokenRefusalReason> cases = new LinkedHashMap<>();
		cases.put("", TokenRefusalReason.MALFORMED);
		cases.put("not-a-token", TokenRefusalReason.MALFORMED);
		cases.put(valid + "=", TokenRefusalReason.MALFORMED);
		cases.put("a".repeat(9000), TokenRefusalReason.TOO_LONG);
		cases.put(token(new JWSHeader.Builder(header()).criticalParams(java.util.Set.of("exp")).build(),
				SignedTokens.claims("alice", now).build()), TokenRefusalReason.HEADER);
		cases.put(token(new JWSHeader.Builder(header()).type(JOSEObjectType.JWT).build(),
				SignedTokens.claims("alice", now).build()), TokenRefusalReason.WRONG_TYPE);
		cases.put(token(SignedTokens.header(JWSAlgorithm.HS256, "unknown").build(),
				SignedTokens.claims("alice", now).build()), TokenRefusalReason.UNKNOWN_KEY);
		byte[] longer = "q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sDq8Vx2LmN4pR7tW1y".getBytes(StandardCharsets.UTF_8);
		cases.put(SignedTokens.hmac(longer, SignedTokens.header(JWSAlgorithm.HS384, "hs").build(),
				SignedTokens.claims("alice", now).build()), TokenRefusalReason.ALGORITHM);
		cases.put(SignedTokens.hmac(other, header(), SignedTokens.claims("alice", now).build()),
				TokenRefusalReason.BAD_SIGNATURE);
		cases.put(token(header(),
				SignedTokens.claims("alice", now.minusSeconds(900))
					.expirationTime(Date.from(now.minusSeconds(60)))
					.build()),
				TokenRefusalReason.EXPIRED);
		cases.put(
				token(header(),
						SignedTokens.claims("alice", now).notBeforeTime(Date.from(now.plusSeconds(120))).build()),
				TokenRefusalReason.NOT_YET_VALID);
		cases.put(token(header(), SignedTokens.claims("alice", now).issuer("other").build()),
				TokenRefusalReason.WRONG_ISSUER);
		cases.put(token(header(), SignedTokens.claims("alice", now).audience("other").build()),
				TokenRefusalReason.WRONG_AUDIENCE);
		cases.put(token(header(), SignedTokens.claims("alice", now).jwtID(null).build()),
				TokenRefusalReason.MISSING_CLAIM);
		cases.put(token(header(), SignedTokens.claims("disabled", now).build()), TokenRefusalReason.VALIDATOR);
		String revoked = token(header(), SignedTokens.claims("alice", now).jwtID("revoked-id").build());
		this.registry.apply(new RevocationEntry(Kind.TOKEN, "revoked-id", now, now.plusSeconds(600)));
		cases.put(revoked, TokenRefusalReason.REVOKED);
		cases.put(token(header(),
				SignedTokens.claims("alice", now).claim(ConfirmationClaim.NAME, Map.of("jkt", "thumbprint")).build()),
				TokenRefusalReason.SENDER_CONSTRAINED);
		JwtAuthDecoder decoder = decoder(100);
		cases.forEach((token, reason) -> {
			BadJwtException refusal = catchThrowableOfType(BadJwtException.class, () -> decoder.decode(token));
			assertThat(refusal).as(reason.code()).isNotNull();
			assertThat(TokenRefusalReason.of(refusal)).as(reason.code()).isEqualTo(reason);
		});
		assertThat(TokenRefusalReason.of(catchThrowableOfType(BadJwtException.class, () -> decoder.decodeBound(valid))))
			.isEqualTo(TokenRefusalReason.SENDER_CONSTRAINED);
	}

	@Test
	void aStaleRegistryIsUnavailableAndOtherRefusalsAreOther() {
		this.registry.requireSyncWithin(Duration.ofSeconds(1));
		String valid = token(header(), SignedTokens.claims("alice", this.clock.instant()).build());
		JwtValidationException refusal = catchThrowableOfType(JwtValidationException.class,
				() -> decoder(0).decode(valid));
		assertThat(TokenRefusalReason.of(refusal)).isEqualTo(TokenRefusalReason.UNAVAILABLE);
		assertThat(TokenRefusalReason.of(new BadJwtException("another decoder"))).isEqualTo(TokenRefusalReason.OTHER);
		assertThat(TokenRefusalReason.of(new JwtException("another decoder"))).isEqualTo(TokenRefusalReason.OTHER);
		assertThat(TokenRefusalReason.of((Throwable) null)).isEqualTo(TokenRefusalReason.OTHER);
		assertThat(new InvalidTokenException("unclassified").getReason()).isEqualTo(TokenRefusalReason.OTHER);
	}

	@Test
	void codesAreLowercaseWordsSeparatedByUnderscores() {
		for (TokenRefusalReason reason : TokenRefusalReason.values()) {
			assertThat(reason.code()).matches("[a-z]+(_[a-z]+)*");
			assertThat(reason.code()).isEqualTo(reason.name().toLowerCase(java.util.Locale.ROOT));
		}
	}

	@Test
	void cacheCountsHitsMissesAndEvictions() {
		JwtAuthDecoder decoder = decoder(10);
		ValidatedTokenCache cache = decoder.getCache();
		String token = token(header(), SignedTokens.claims("alice", this.clock.instant()).build());
		decoder.decode(token);
		decoder.decode(token);
		decoder.decode(token);
		assertThat(cache.missCount()).isEqualTo(1);
		assertThat(cache.hitCount()).isEqualTo(2);
		assertThat(cache.evictionCount()).isZero();
		// past exp: the entry is removed at the look-up
		this.clock.advance(Duration.ofSeconds(301));
		assertThat(cache.get(token)).isNull();
		assertThat(cache.evictionCount()).isEqualTo(1);
		assertThat(cache.missCount()).isEqualTo(2);
		// full: the soonest-expiring go
		for (int i = 0; i < 11; i++) {
			decoder.decode(token(header(), SignedTokens.claims("user-" + i, this.clock.instant()).build()));
		}
		assertThat(cache.size()).isLessThanOrEqualTo(10);
		assertThat(cache.evictionCount()).isGreaterThan(1);
	}

}
