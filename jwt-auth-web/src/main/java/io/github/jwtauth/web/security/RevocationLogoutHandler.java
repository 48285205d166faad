package io.github.jwtauth.web.security;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.web.DPoPHeader;
import io.github.jwtauth.web.JsonErrors;
import io.github.jwtauth.web.TokenStatusUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
 * resolved and verified here. When the revocation fails (the store is down) it answers
 * 503 {@code temporarily_unavailable} and commits the response, so the logout success
 * handler cannot turn it into a success.
 */
public final class RevocationLogoutHandler implements LogoutHandler {

	private static final Log logger = LogFactory.getLog(RevocationLogoutHandler.class);

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
		try {
			Jwt jwt = (authentication instanceof JwtAuthenticationToken token) ? token.getToken() : resolve(request);
			if (jwt == null) {
				return;
			}
			this.revocation.revokeSessionOf(jwt, "logout");
		}
		catch (RuntimeException ex) {
			// the store is down: say so, never claim a logout that did not happen
			logger.warn("Logout failed, revocation store unavailable: " + ex.getClass().getSimpleName());
			response.setHeader("Retry-After", "5");
			try {
				JsonErrors.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily_unavailable",
						"The token store is unavailable; try again shortly");
				response.flushBuffer();
			}
			catch (IOException io) {
				throw new UncheckedIOException(io);
			}
		}
	}

	private Jwt forRevocation(String token) {
		return (this.decoder instanceof JwtAuthDecoder jwtAuth) ? jwtAuth.decodeForRevocation(token)
				: this.decoder.decode(token);
	}

	private @Nullable Jwt resolve(HttpServletRequest request) {
		try {
			String authorization = request.getHeader("Authorization");
			if (DPoPHeader.isDPoP(authorization)) {
				// revoking only takes rights away: a DPoP-bound token is revoked without
				// its
				// proof, as at the revocation endpoint
				String token = DPoPHeader.token(authorization);
				return (token != null) ? forRevocation(token) : null;
			}
			String token = this.tokenResolver.resolve(request);
			return (token != null) ? forRevocation(token) : null;
		}
		catch (JwtException | OAuth2AuthenticationException ex) {
			if (TokenStatusUnavailable.isCause(ex)) {
				// the revocation status is unknown (stale replica, first load pending):
				// a 503, never a logout claimed while nothing was revoked
				throw ex;
			}
			return null;
		}
	}

}
