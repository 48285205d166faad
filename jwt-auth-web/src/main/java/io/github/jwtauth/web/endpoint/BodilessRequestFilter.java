package io.github.jwtauth.web.endpoint;

import java.io.IOException;

import io.github.jwtauth.web.JsonErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Refuses a request with a body to endpoints that take none (the sessions API: its path
 * and the paths one segment below it, any method but {@code POST}), before anything
 * parses it: 400 {@code invalid_request}. Without it, Spring's {@code FormContentFilter}
 * would parse the form body of a {@code DELETE} (or {@code PUT}, {@code PATCH}) and
 * answer a malformed one with a 500. A body is found by its {@code Content-Length}, its
 * {@code Transfer-Encoding}, or, for a body without either (HTTP/2), by its first byte.
 * Register it, like the {@link TokenRequestFilter}, before every filter that reads a body
 * ({@link TokenRequestFilter#DEFAULT_ORDER}).
 */
public final class BodilessRequestFilter extends OncePerRequestFilter {

	private final String path;

	private final UrlPathHelper pathHelper = new UrlPathHelper();

	/**
	 * Create a filter.
	 * @param path the path of the endpoints (within the application): the path itself and
	 * everything below it
	 */
	public BodilessRequestFilter(String path) {
		Assert.isTrue(path != null && path.startsWith("/"), "path must be an absolute path");
		this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (HttpMethod.POST.matches(request.getMethod())) {
			// no POST here; Spring's form filter never parses one
			return true;
		}
		String within = this.pathHelper.getPathWithinApplication(request);
		if (within.equals(this.path)) {
			return false;
		}
		String below = within.startsWith(this.path + "/") ? within.substring(this.path.length() + 1) : null;
		return below == null || below.isEmpty() || below.indexOf('/') >= 0;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
				|| request.getInputStream().read() != -1) {
			// the body is not read: close the connection rather than drain it
			response.setHeader(HttpHeaders.CONNECTION, "close");
			JsonErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, "invalid_request",
					"This endpoint takes no request body");
			return;
		}
		chain.doFilter(request, response);
	}

}
