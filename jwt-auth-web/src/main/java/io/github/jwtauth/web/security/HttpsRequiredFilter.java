package io.github.jwtauth.web.security;

import java.io.IOException;

import io.github.jwtauth.web.SecureTransport;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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

	private final RequestMatcher tokenEndpoints;

	/**
	 * Create the filter.
	 * @param tokenEndpoints the requests whose body carries credentials
	 */
	public HttpsRequiredFilter(RequestMatcher tokenEndpoints) {
		Assert.notNull(tokenEndpoints, "tokenEndpoints must not be null");
		this.tokenEndpoints = tokenEndpoints;
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
