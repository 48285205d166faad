package io.github.jwtauth.revocation;

import io.github.jwtauth.token.InvalidTokenException;
import io.github.jwtauth.token.TokenRefusalReason;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Refuses revoked tokens, from the local {@link RevocationRegistry}, and every token
 * while the registry is staler than allowed (the shared store has not been reached yet,
 * or has been unreachable too long). The second refusal carries the error code
 * {@value #UNAVAILABLE_ERROR_CODE}, so that the web layer answers it with 503 (the token
 * may well be good; this instance cannot tell) rather than with 401.
 */
public final class RevocationValidator implements OAuth2TokenValidator<Jwt> {

	/**
	 * The error code of the refusal while the revocation status is unavailable
	 * ({@code temporarily_unavailable}).
	 */
	public static final String UNAVAILABLE_ERROR_CODE = OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE;

	private static final OAuth2TokenValidatorResult REVOKED = OAuth2TokenValidatorResult
		.failure(TokenRefusalReason.REVOKED.error("Token revoked"));

	private static final OAuth2TokenValidatorResult UNAVAILABLE = OAuth2TokenValidatorResult
		.failure(new OAuth2Error(UNAVAILABLE_ERROR_CODE, "Revocation status unavailable", null));

	private final RevocationRegistry registry;

	/**
	 * Create a validator.
	 * @param registry the registry
	 */
	public RevocationValidator(RevocationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * The registry this validator consults.
	 * @return the registry
	 */
	public RevocationRegistry getRegistry() {
		return this.registry;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		if (this.registry.isRevoked(jwt)) {
			return REVOKED;
		}
		return this.registry.isStale() ? UNAVAILABLE : OAuth2TokenValidatorResult.success();
	}

	/**
	 * Refuse a revoked token, or any token while the registry is stale.
	 * @param jwt the token
	 * @throws InvalidTokenException if the token is revoked
	 * @throws JwtValidationException if its revocation status is unavailable, with the
	 * error {@value #UNAVAILABLE_ERROR_CODE}
	 */
	public void check(Jwt jwt) {
		OAuth2TokenValidatorResult result = validate(jwt);
		if (result.hasErrors()) {
			OAuth2Error error = result.getErrors().iterator().next();
			if (UNAVAILABLE_ERROR_CODE.equals(error.getErrorCode())) {
				throw new JwtValidationException(error.getDescription(), result.getErrors());
			}
			throw new InvalidTokenException(error.getDescription(), TokenRefusalReason.of(error));
		}
	}

}
