package io.github.jwtauth.web.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.jwtauth.web.SecureTransport;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Refuses credentials sent over plain HTTP in a Spring Security filter chain, before any
 * filter reads them: a request with an {@code Authorization} header, or one to a token
 * endpoint (whose body carries a password or a refresh token), gets 400
 * {@code invalid_request} "HTTPS is required" unless it came over HTTPS or directly from
 * loopback (see {@link SecureTransport}). Requests without credentials pass, so that
 * health probes and public pages keep working over plain HTTP.
 * <p>
 * Over HTTPS the whole cost is one {@link HttpServletRequest#isSecure()} call.
 */
public final class HttpsRequiredFilter implements Filter {

	/**
	 * The order of the filter when registered with the servlet container rather than in a
	 * security chain: ahead of every other filter of jwt-auth and Spring Security
	 * ({@code TokenRequestFilter} at {@code -10100}, the security chain at {@code -100}),
	 * so a credential sent over plain HTTP is refused before anything reads it. Outside
	 * the chain it also costs less: Spring Security observes every filter of a chain (two
	 * Micrometer events each, per request).
	 */
	public static final int DEFAULT_ORDER = -10200;

	private final RequestMatcher tokenEndpoints;

	/**
	 * Create the filter.
	 * @param tokenEndpoints the requests whose body carries credentials
	 */
	public HttpsRequiredFilter(RequestMatcher tokenEndpoints) {
		Assert.notNull(tokenEndpoints, "tokenEndpoints must not be null");
		this.tokenEndpoints = tokenEndpoints;
	}

	/**
	 * Create the filter for token endpoints at these paths.
	 * @param tokenEndpointPaths the paths of the endpoints whose body carries credentials
	 * @return the filter
	 */
	public static HttpsRequiredFilter forTokenEndpoints(Collection<String> tokenEndpointPaths) {
		if (tokenEndpointPaths.isEmpty()) {
			return new HttpsRequiredFilter((request) -> false);
		}
		List<RequestMatcher> matchers = new ArrayList<>();
		for (String path : tokenEndpointPaths) {
			matchers.add(PathPatternRequestMatcher.withDefaults().matcher(path));
		}
		return new HttpsRequiredFilter(new OrRequestMatcher(matchers));
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		if (servletRequest.isSecure() || !(servletRequest instanceof HttpServletRequest request)
				|| !(servletResponse instanceof HttpServletResponse response) || SecureTransport.isLocal(request)
				|| (request.getHeader("Authorization") == null && !this.tokenEndpoints.matches(request))) {
			chain.doFilter(servletRequest, servletResponse);
			return;
		}
		SecureTransport.refuse(request, response, null);
	}

}
