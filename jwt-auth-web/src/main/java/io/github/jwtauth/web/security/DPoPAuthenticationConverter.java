package io.github.jwtauth.web.security;

import io.github.jwtauth.web.DPoPHeader;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.util.StringUtils;

/**
 * Reads a request with {@code Authorization: DPoP} (RFC 9449 §7.1): the token, the one
 * {@code DPoP} proof header, the request method and URI, as Spring Security's
 * {@link DPoPAuthenticationToken}; {@code null} for any other request. Parsed without a
 * regular expression; a malformed {@code DPoP} header or a second credential is refused
 * here.
 */
public final class DPoPAuthenticationConverter implements AuthenticationConverter {

	/**
	 * What a {@link DPoPAuthenticationToken} carries as its proof when the request has
	 * none or several: not a JWS, so never a valid proof.
	 */
	static final String MISSING_PROOF = "-";

	private final AuthenticationDetailsSource<HttpServletRequest, ?> details = new WebAuthenticationDetailsSource();

	/**
	 * Whether a request claims the {@code DPoP} scheme, as Spring Security's own DPoP
	 * filter decides.
	 * @param request the request
	 * @return {@code true} if its {@code Authorization} header starts with {@code DPoP}
	 * in any case
	 */
	public static boolean isDPoPRequest(HttpServletRequest request) {
		return DPoPHeader.isDPoP(request.getHeader(HttpHeaders.AUTHORIZATION));
	}

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (!isDPoPRequest(request)) {
			return null;
		}
		String token = DPoPHeader.requireToken(request);
		String proof = DPoPHeader.proof(request);
		// a missing proof is refused by the provider, with the token's own checks first;
		// so is an empty one, which DPoPAuthenticationToken would refuse with an
		// IllegalArgumentException (a 500)
		DPoPAuthenticationToken authentication = new DPoPAuthenticationToken(token,
				StringUtils.hasText(proof) ? proof : MISSING_PROOF, request.getMethod(),
				DPoPHeader.requestUri(request));
		authentication.setDetails(this.details.buildDetails(request));
		return authentication;
	}

}
