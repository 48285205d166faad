package io.github.jwtauth.revocation;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses revoked tokens, from the local {@link RevocationRegistry}.
 */
public final class RevocationValidator implements OAuth2TokenValidator<Jwt> {

	private static final OAuth2TokenValidatorResult REVOKED = OAuth2TokenValidatorResult
		.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "Token revoked", null));

	private final RevocationRegistry registry;

	/**
	 * Create a validator.
	 * @param registry the registry
	 */
	public RevocationValidator(RevocationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		return this.registry.isRevoked(jwt) ? REVOKED : OAuth2TokenValidatorResult.success();
	}

}
