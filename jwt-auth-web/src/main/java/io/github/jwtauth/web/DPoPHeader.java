package io.github.jwtauth.web;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * The request headers of DPoP (RFC 9449 §7.1): {@code Authorization: DPoP <token>}, the
 * scheme in any case and the token with the {@code token68} grammar of RFC 6750 (checked
 * without a regular expression), and the one {@code DPoP} header that carries the proof.
 */
public final class DPoPHeader {

	/**
	 * The name of the header that carries the proof.
	 */
	public static final String PROOF = "DPoP";

	/**
	 * The name of the header that carries a server nonce.
	 */
	public static final String NONCE = "DPoP-Nonce";

	private static final String PREFIX = "dpop ";

	private DPoPHeader() {
	}

	/**
	 * Whether an {@code Authorization} header uses the {@code DPoP} scheme.
	 * @param authorization the header, or {@code null}
	 * @return {@code true} if it starts with {@code DPoP} in any case, well formed or not
	 */
	public static boolean isDPoP(@Nullable String authorization) {
		// as Spring Security's own DPoP filter decides: the prefix, in any case
		return authorization != null && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length() - 1);
	}

	/**
	 * The token of a well-formed {@code Authorization: DPoP} header.
	 * @param authorization the header, or {@code null}
	 * @return the token, or {@code null} when the header is absent, of another scheme, or
	 * malformed
	 */
	public static @Nullable String token(@Nullable String authorization) {
		if (authorization == null || authorization.length() <= PREFIX.length()
				|| !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
				|| !BearerHeader.isToken68(authorization, PREFIX.length())) {
			return null;
		}
		return authorization.substring(PREFIX.length());
	}

	/**
	 * The token of a request that claims the {@code DPoP} scheme, for the Spring Security
	 * chain and the plain filter alike.
	 * @param request the request, whose {@code Authorization} header
	 * {@link #isDPoP(String) is DPoP}
	 * @return the token
	 * @throws AccessTokenRefusedException 401 {@code invalid_token} if the header is
	 * malformed, 400 {@code invalid_request} if the request carries a second credential
	 */
	public static String requireToken(HttpServletRequest request) {
		String token = token(request.getHeader("Authorization"));
		if (token == null) {
			throw new AccessTokenRefusedException(HttpServletResponse.SC_UNAUTHORIZED, "invalid_token",
					"DPoP token is malformed", true, null, null);
		}
		if (BearerHeader.hasSecondCredential(request)) {
			throw new AccessTokenRefusedException(HttpServletResponse.SC_BAD_REQUEST, "invalid_request",
					"Found multiple access tokens or unreadable parameters in the request", true, null, null);
		}
		return token;
	}

	/**
	 * The proof of a request: the value of its one {@code DPoP} header.
	 * @param request the request
	 * @return the proof, or {@code null} when the request has no {@code DPoP} header or
	 * more than one (RFC 9449 §4.3: exactly one)
	 */
	public static @Nullable String proof(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders(PROOF);
		if (values == null || !values.hasMoreElements()) {
			return null;
		}
		String proof = values.nextElement();
		return values.hasMoreElements() ? null : proof;
	}

	/**
	 * Whether a request carries a {@code DPoP} header at all.
	 * @param request the request
	 * @return {@code true} if it has one or more
	 */
	public static boolean hasProof(HttpServletRequest request) {
		return request.getHeader(PROOF) != null;
	}

	/**
	 * The URI a proof's {@code htu} must name: the request URL without its query, as the
	 * container sees it (behind a proxy, as its forwarded headers say once Spring Boot's
	 * {@code server.forward-headers-strategy} or a {@code ForwardedHeaderFilter} applies
	 * them).
	 * @param request the request
	 * @return the absolute URI
	 */
	public static String requestUri(HttpServletRequest request) {
		return request.getRequestURL().toString();
	}

}
