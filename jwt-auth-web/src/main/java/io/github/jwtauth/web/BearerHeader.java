package io.github.jwtauth.web;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Authorization: Bearer} header of RFC 6750 §2.1, with the grammar of Spring
 * Security's {@code DefaultBearerTokenResolver}: the scheme {@code Bearer} in any case,
 * one space, then {@code [A-Za-z0-9-._~+/]+=*}. Checked by a plain loop instead of a
 * regular expression, which costs several microseconds per request on a long token. A
 * token is read from the header only; RFC 6750's form and query transports are not
 * accepted.
 */
public final class BearerHeader {

	private static final String PREFIX = "bearer ";

	private BearerHeader() {
	}

	/**
	 * Whether a header claims the {@code Bearer} scheme: it starts with {@code bearer} in
	 * any case, as Spring's resolver decides. Such a header that {@link #token} cannot
	 * read is malformed. Ask after {@link #token} answered {@code null}, so that a
	 * well-formed header is read once.
	 * @param header the {@code Authorization} header, or {@code null}
	 * @return {@code true} for the {@code Bearer} scheme
	 */
	public static boolean isBearer(@Nullable String header) {
		return header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length() - 1);
	}

	/**
	 * The token of a well-formed {@code Bearer} header.
	 * @param header the {@code Authorization} header, or {@code null}
	 * @return the token, or {@code null} when the header is absent, not {@code Bearer},
	 * or malformed
	 */
	public static @Nullable String token(@Nullable String header) {
		if (header == null || header.length() <= PREFIX.length()
				|| !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || !isToken68(header, PREFIX.length())) {
			return null;
		}
		return header.substring(PREFIX.length());
	}

	/**
	 * Whether a request that carries a well-formed {@code Authorization: Bearer} header
	 * carries a second credential too, which makes it malformed (a 400
	 * {@code invalid_request}): a second {@code Authorization} header, or an
	 * {@code access_token} parameter (see {@link #hasSecondAuthorizationHeader} and
	 * {@link #hasAccessTokenParameter}).
	 * @param request the request
	 * @return {@code true} if it carries a second credential
	 */
	public static boolean hasSecondCredential(HttpServletRequest request) {
		return hasSecondAuthorizationHeader(request) || hasAccessTokenParameter(request);
	}

	/**
	 * Whether a request carries more than one {@code Authorization} header: a field that
	 * is not a list (RFC 9110 §5.3), so a second one is ambiguous (a proxy may read the
	 * other) and the request is malformed, a 400 {@code invalid_request}.
	 * @param request the request
	 * @return {@code true} if it carries a second header
	 */
	public static boolean hasSecondAuthorizationHeader(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders("Authorization");
		if (headers == null || !headers.hasMoreElements()) {
			return false;
		}
		headers.nextElement();
		return headers.hasMoreElements();
	}

	/**
	 * Whether a request also carries an {@code access_token} parameter where RFC 6750
	 * allows one (§2.2 form body, §2.3 query of a GET): with a header as well, that is
	 * two transports, a 400 {@code invalid_request}. Parameters that cannot be parsed (a
	 * broken percent-encoding, say) count as carrying one: whether they hide a second
	 * token cannot be told, so the request is refused as malformed rather than answered
	 * by the container's own error.
	 * @param request the request
	 * @return {@code true} if it carries the parameter or its parameters are malformed
	 */
	public static boolean hasAccessTokenParameter(HttpServletRequest request) {
		String contentType = request.getContentType();
		boolean mayCarry = "GET".equals(request.getMethod()) || ("POST".equals(request.getMethod())
				&& contentType != null && contentType.startsWith("application/x-www-form-urlencoded"));
		if (!mayCarry) {
			return false;
		}
		try {
			return request.getParameterValues("access_token") != null;
		}
		catch (RuntimeException ex) {
			// Tomcat 11 throws when the query or form cannot be parsed
			return true;
		}
	}

	/**
	 * Whether {@code value} is {@code [A-Za-z0-9-._~+/]+=*} from {@code start} to its
	 * end.
	 * @param value the value
	 * @param start where the token starts
	 * @return {@code true} if it is a token68
	 */
	static boolean isToken68(String value, int start) {
		int i = start;
		int length = value.length();
		while (i < length && isTokenChar(value.charAt(i))) {
			i++;
		}
		if (i == start) {
			return false;
		}
		while (i < length && value.charAt(i) == '=') {
			i++;
		}
		return i == length;
	}

	private static boolean isTokenChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
