package io.github.jwtauth.web.security;

import io.github.jwtauth.revocation.TokenRevocationService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/**
 * Makes Spring Security's own {@code logout()} revoke the caller's session: the bearer
 * token's {@code sid} (its refresh family and access tokens), or the token itself when it
 * has no session. The logout filter runs before bearer authentication, so the token is
 * resolved and verified here.
 */
public final class RevocationLogoutHandler implements LogoutHandler {

	private final BearerTokenResolver tokenResolver;

	private final JwtDecoder decoder;

	private final TokenRevocationService revocation;

	/**
	 * Create a handler.
	 * @param tokenResolver finds the bearer token
	 * @param decoder verifies it
	 * @param revocation revokes
	 */
	public RevocationLogoutHandler(BearerTokenResolver tokenResolver, JwtDecoder decoder,
			TokenRevocationService revocation) {
		this.tokenResolver = tokenResolver;
		this.decoder = decoder;
		this.revocation = revocation;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		Jwt jwt = (authentication instanceof JwtAuthenticationToken token) ? token.getToken() : resolve(request);
		if (jwt != null) {
			this.revocation.revokeSessionOf(jwt, "logout");
		}
	}

	private @Nullable Jwt resolve(HttpServletRequest request) {
		try {
			String token = this.tokenResolver.resolve(request);
			return (token != null) ? this.decoder.decode(token) : null;
		}
		catch (JwtException | OAuth2AuthenticationException ex) {
			return null;
		}
	}

}
