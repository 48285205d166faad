package io.github.jwtauth.web.security;

import io.github.jwtauth.web.AccessTokenRefusedException;
import io.github.jwtauth.web.BearerHeader;
import io.github.jwtauth.web.DPoPHeader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.util.Assert;

/**
 * Reads the access token of a request for Spring Security's
 * {@code BearerTokenAuthenticationFilter}: {@code Authorization: Bearer} through a
 * {@link BearerTokenResolver} (a {@link BearerTokenAuthenticationToken}), and
 * {@code Authorization: DPoP} with its one {@code DPoP} proof header, the request method
 * and URI (Spring Security's {@link DPoPAuthenticationToken}). Parsed without a regular
 * expression; a malformed {@code DPoP} header or a second credential is refused here.
 */
public final class AccessTokenAuthenticationConverter implements AuthenticationConverter {

	private final BearerTokenResolver bearerTokens;

	private final AuthenticationDetailsSource<HttpServletRequest, ?> details = new WebAuthenticationDetailsSource();

	/**
	 * Create a converter.
	 * @param bearerTokens resolves {@code Bearer} tokens
	 */
	public AccessTokenAuthenticationConverter(BearerTokenResolver bearerTokens) {
		Assert.notNull(bearerTokens, "bearerTokens must not be null");
		this.bearerTokens = bearerTokens;
	}

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		AbstractAuthenticationToken authentication;
		if (DPoPHeader.isDPoP(authorization)) {
			String token = DPoPHeader.token(authorization);
			if (token == null) {
				throw new AccessTokenRefusedException(HttpServletResponse.SC_UNAUTHORIZED,
						OAuth2ErrorCodes.INVALID_TOKEN, "DPoP token is malformed", true, null, null);
			}
			if (BearerHeader.hasSecondCredential(request)) {
				throw new AccessTokenRefusedException(HttpServletResponse.SC_BAD_REQUEST,
						OAuth2ErrorCodes.INVALID_REQUEST,
						"Found multiple access tokens or unreadable parameters in the request", true, null, null);
			}
			String proof = DPoPHeader.proof(request);
			// a missing proof is refused by the provider, with the token's own checks
			// first
			authentication = new DPoPAuthenticationToken(token, (proof != null) ? proof : MISSING_PROOF,
					request.getMethod(), DPoPHeader.requestUri(request));
		}
		else {
			String token = this.bearerTokens.resolve(request);
			if (token == null) {
				return null;
			}
			authentication = new BearerTokenAuthenticationToken(token);
		}
		authentication.setDetails(this.details.buildDetails(request));
		return authentication;
	}

	/**
	 * What a {@link DPoPAuthenticationToken} carries as its proof when the request has
	 * none or several: not a JWS, so never a valid proof.
	 */
	static final String MISSING_PROOF = "-";

}
