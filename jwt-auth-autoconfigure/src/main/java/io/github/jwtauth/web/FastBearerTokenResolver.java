package io.github.jwtauth.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Resolves the bearer token from the {@code Authorization} header (RFC 6750 §2.1) with the
 * grammar of Spring's {@code DefaultBearerTokenResolver} ({@code Bearer} case-insensitive,
 * one space, then {@code [A-Za-z0-9-._~+/]+=*}) checked by a plain loop instead of a
 * regular expression, which costs several microseconds per request on a long token.
 * Tokens in the query string or the form body are not accepted; a request that carries
 * one besides the header gets 400 {@code invalid_request}.
 */
public final class FastBearerTokenResolver implements BearerTokenResolver {

	private static final String PREFIX = "bearer ";

	@Override
	public String resolve(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length() - 1)) {
			return null;
		}
		if (header.length() <= PREFIX.length() || header.charAt(PREFIX.length() - 1) != ' ') {
			throw malformed();
		}
		if (!isToken68(header, PREFIX.length())) {
			throw malformed();
		}
		if (mayCarryParameterToken(request) && request.getParameterValues("access_token") != null) {
			BearerTokenError error = BearerTokenErrors.invalidRequest("Found multiple bearer tokens in the request");
			throw new OAuth2AuthenticationException(error);
		}
		return header.substring(PREFIX.length());
	}

	private static boolean mayCarryParameterToken(HttpServletRequest request) {
		return "GET".equals(request.getMethod()) || ("POST".equals(request.getMethod())
				&& request.getContentType() != null && request.getContentType().startsWith("application/x-www-form-urlencoded"));
	}

	/**
	 * {@code [A-Za-z0-9-._~+/]+=*} from {@code start} to the end.
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

	private static OAuth2AuthenticationException malformed() {
		return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
	}

}
