package io.github.jwtauth.web.security;

import io.github.jwtauth.web.AccessTokenVerifier;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationToken;
import org.springframework.util.Assert;

/**
 * Authenticates the access token of a request to a protected resource with an
 * {@link AccessTokenVerifier}: a {@link BearerTokenAuthenticationToken} as a bearer
 * token, a {@link DPoPAuthenticationToken} as a DPoP-bound token with its proof. It takes
 * the place of Spring Security's {@code JwtAuthenticationProvider} and
 * {@code DPoPAuthenticationProvider} in the chain that {@link JwtAuthHttpConfigurer}
 * configures, so that a DPoP-bound token is never accepted as a bearer token and a proof
 * is checked as {@link io.github.jwtauth.dpop.DPoPProofVerifier} does (shared replay
 * store, EdDSA, normalised {@code htu}, nonces).
 */
public final class JwtAuthAuthenticationProvider implements AuthenticationProvider {

	private final AccessTokenVerifier verifier;

	private final Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter;

	/**
	 * Create a provider.
	 * @param verifier verifies the tokens and proofs
	 * @param authenticationConverter turns a verified token into an authentication
	 */
	public JwtAuthAuthenticationProvider(AccessTokenVerifier verifier,
			Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter) {
		Assert.notNull(verifier, "verifier must not be null");
		Assert.notNull(authenticationConverter, "authenticationConverter must not be null");
		this.verifier = verifier;
		this.authenticationConverter = authenticationConverter;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		Jwt jwt;
		if (authentication instanceof DPoPAuthenticationToken dpop) {
			String proof = DPoPAuthenticationConverter.MISSING_PROOF.equals(dpop.getDPoPProof()) ? null
					: dpop.getDPoPProof();
			jwt = this.verifier.verifyDPoP(dpop.getAccessToken(), proof, dpop.getMethod(), dpop.getResourceUri());
		}
		else if (authentication instanceof BearerTokenAuthenticationToken bearer) {
			jwt = this.verifier.verifyBearer(bearer.getToken());
		}
		else {
			return null;
		}
		AbstractAuthenticationToken result = this.authenticationConverter.convert(jwt);
		Assert.state(result != null, "The authentication converter returned null");
		if (result.getDetails() == null) {
			result.setDetails(authentication.getDetails());
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication)
				|| DPoPAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
