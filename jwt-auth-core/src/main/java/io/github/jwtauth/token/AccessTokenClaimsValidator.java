package io.github.jwtauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

/**
 * Checks the registered claims of an access token in one pass: {@code exp}, {@code iat},
 * {@code iss}, {@code aud}, {@code sub} and (unless built to accept tokens without one)
 * {@code jti} are required; the token must not be expired, not be used before {@code nbf}
 * (optional, as RFC 7519 allows, but checked when present), not be issued in the future,
 * come from the configured issuer and name one of the configured audiences. Time checks
 * allow the clock skew. Each failure's error carries its {@link TokenRefusalReason}
 * ({@link TokenRefusalReason#of(org.springframework.security.oauth2.core.OAuth2Error)}).
 */
public final class AccessTokenClaimsValidator implements OAuth2TokenValidator<Jwt> {

	private final String issuer;

	private final Set<String> audiences;

	private final Duration clockSkew;

	private final Clock clock;

	private final boolean requireTokenId;

	/**
	 * Create a validator that requires {@code jti}.
	 * @param issuer the required issuer
	 * @param audiences the accepted audiences (any one suffices)
	 * @param clockSkew the tolerated clock difference
	 * @param clock the clock
	 */
	public AccessTokenClaimsValidator(String issuer, Collection<String> audiences, Duration clockSkew, Clock clock) {
		this(issuer, audiences, clockSkew, clock, true);
	}

	AccessTokenClaimsValidator(String issuer, Collection<String> audiences, Duration clockSkew, Clock clock,
			boolean requireTokenId) {
		Assert.hasText(issuer, "issuer must not be empty");
		Assert.notEmpty(audiences, "audiences must not be empty");
		this.issuer = issuer;
		this.audiences = Set.copyOf(audiences);
		this.clockSkew = clockSkew;
		this.clock = clock;
		this.requireTokenId = requireTokenId;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		Instant now = this.clock.instant();
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			return failure(TokenRefusalReason.MISSING_CLAIM, "Missing exp claim");
		}
		if (!now.minus(this.clockSkew).isBefore(expiresAt)) {
			return failure(TokenRefusalReason.EXPIRED, "Token expired");
		}
		Instant notBefore = jwt.getNotBefore();
		if (notBefore != null && now.plus(this.clockSkew).isBefore(notBefore)) {
			return failure(TokenRefusalReason.NOT_YET_VALID, "Token not yet valid");
		}
		Instant issuedAt = jwt.getIssuedAt();
		if (issuedAt == null) {
			return failure(TokenRefusalReason.MISSING_CLAIM, "Missing iat claim");
		}
		if (now.plus(this.clockSkew).isBefore(issuedAt)) {
			return failure(TokenRefusalReason.NOT_YET_VALID, "Token issued in the future");
		}
		if (!this.issuer.equals(jwt.getClaimAsString("iss"))) {
			return failure(TokenRefusalReason.WRONG_ISSUER, "Invalid issuer");
		}
		List<String> audience = jwt.getAudience();
		if (audience == null || audience.stream().noneMatch(this.audiences::contains)) {
			return failure(TokenRefusalReason.WRONG_AUDIENCE, "Invalid audience");
		}
		if (jwt.getSubject() == null || jwt.getSubject().isEmpty()) {
			return failure(TokenRefusalReason.MISSING_CLAIM, "Missing sub claim");
		}
		if (this.requireTokenId && !(jwt.getClaims().get("jti") instanceof String id && !id.isEmpty())) {
			return failure(TokenRefusalReason.MISSING_CLAIM, "Missing jti claim");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult failure(TokenRefusalReason reason, String description) {
		return OAuth2TokenValidatorResult.failure(reason.error(description));
	}

}
