package io.github.jwtauth.revocation;

import io.github.jwtauth.token.InvalidTokenException;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses revoked tokens, from the local {@link RevocationRegistry}, and every token
 * while the registry is staler than allowed (the shared store has been unreachable too
 * long).
 */
public final class RevocationValidator implements OAuth2TokenValidator<Jwt> {

	private static final OAuth2TokenValidatorResult REVOKED = OAuth2TokenValidatorResult
		.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "Token revoked", null));

	private static final OAuth2TokenValidatorResult UNAVAILABLE = OAuth2TokenValidatorResult
		.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "Revocation status unavailable", null));

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
	 * @throws InvalidTokenException if the token is refused
	 */
	public void check(Jwt jwt) {
		OAuth2TokenValidatorResult result = validate(jwt);
		if (result.hasErrors()) {
			throw new InvalidTokenException(result.getErrors().iterator().next().getDescription());
		}
	}

}
