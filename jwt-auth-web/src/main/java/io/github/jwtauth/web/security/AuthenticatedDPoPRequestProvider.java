package io.github.jwtauth.web.security;

import io.github.jwtauth.token.ConfirmationClaim;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationToken;

/**
 * Answers the DPoP filter that Spring Security 7.0 adds to every resource-server chain
 * (and that cannot be switched off) for a request that
 * {@link JwtAuthAuthenticationProvider} has already authenticated with its DPoP proof:
 * the same authentication, so that the proof is not checked a second time by Spring's
 * {@code DPoPAuthenticationProvider} (which would find its {@code jti} used and refuse
 * the request). For any other request it answers nothing (also when an application's
 * authentication converter made an authentication that does not carry the {@link Jwt}),
 * and Spring's provider runs: it verifies the token as a bearer token, which refuses
 * every DPoP-bound token, so it never accepts what jwt-auth refused.
 */
final class AuthenticatedDPoPRequestProvider implements AuthenticationProvider {

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) {
		DPoPAuthenticationToken request = (DPoPAuthenticationToken) authentication;
		Authentication current = this.contexts.getContext().getAuthentication();
		Jwt jwt = (current != null && current.isAuthenticated()) ? jwtOf(current) : null;
		if (jwt != null && ConfirmationClaim.jkt(jwt) != null && jwt.getTokenValue().equals(request.getAccessToken())) {
			return current;
		}
		return null;
	}

	private static @Nullable Jwt jwtOf(Authentication authentication) {
		if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token
				&& token.getToken() instanceof Jwt jwt) {
			return jwt;
		}
		if (authentication.getCredentials() instanceof Jwt jwt) {
			return jwt;
		}
		return (authentication.getPrincipal() instanceof Jwt jwt) ? jwt : null;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return DPoPAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
