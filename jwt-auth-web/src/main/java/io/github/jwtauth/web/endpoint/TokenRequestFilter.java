package io.github.jwtauth.web.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

import io.github.jwtauth.web.JsonErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Guards the token endpoints before anything reads the request: only {@code POST} (405
 * otherwise), no credential in the query string (400: RFC 6749 §2.3.1 and §3.2, so they
 * never land in access logs), only a JSON or form body (415 otherwise) of at most
 * {@code maxBodySize} bytes (413 otherwise, checked before the body is parsed, for a
 * declared {@code Content-Length} and for a chunked body alike), valid UTF-8, a JSON body
 * an object without duplicate names within a small nesting depth, a form body well
 * encoded (400 otherwise). Every refusal is an OAuth-style JSON error. The endpoints then
 * see the body alone: parameters of the query string are not merged into the form.
 * <p>
 * Register it before any filter that reads a body (see {@link #DEFAULT_ORDER}), so
 * nothing reads the body first.
 */
public final class TokenRequestFilter extends OncePerRequestFilter {

	/**
	 * The default order of the filter: before every filter that may read a body, Spring
	 * Security's chain ({@code -100}) and Spring's {@code FormContentFilter}
	 * ({@code -9900}, which parses PUT, PATCH and DELETE forms and fails on a malformed
	 * one with a 500) and {@code HiddenHttpMethodFilter} ({@code -10000}) included.
	 */
	public static final int DEFAULT_ORDER = -10100;

	/**
	 * The default body limit: 16 KB, room for a revocation request carrying an access
	 * token of the default maximum length (8 KB).
	 */
	public static final int DEFAULT_MAX_BODY_SIZE = 16 * 1024;

	/**
	 * Query parameters that carry a credential or identify the user; a request to a token
	 * endpoint naming any of them in its query string is refused.
	 */
	public static final Set<String> CREDENTIAL_PARAMETERS = Set.of("username", "password", "refresh_token",
			"access_token", "token", "client_secret");

	private static final Log logger = LogFactory.getLog(TokenRequestFilter.class);

	private final Set<String> paths;

	private final int maxBodySize;

	private final UrlPathHelper pathHelper = new UrlPathHelper();

	/**
	 * Create a filter.
	 * @param paths the paths of the token endpoints it guards (within the application)
	 * @param maxBodySize the largest body accepted, in bytes
	 */
	public TokenRequestFilter(Collection<String> paths, int maxBodySize) {
		Assert.notEmpty(paths, "paths must not be empty");
		Assert.isTrue(maxBodySize > 0, "maxBodySize must be positive");
		this.paths = Set.copyOf(paths);
		this.maxBodySize = maxBodySize;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.paths.contains(this.pathHelper.getPathWithinApplication(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String method = request.getMethod();
		if (HttpMethod.OPTIONS.matches(method)) {
			// CORS preflight: no body, no credential
			chain.doFilter(request, response);
			return;
		}
		if (!HttpMethod.POST.matches(method)) {
			response.setHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
			refuse(response, HttpStatus.METHOD_NOT_ALLOWED, "invalid_request", "Use POST");
			return;
		}
		if (hasCredentialInQuery(request.getQueryString())) {
			refuse(response, HttpStatus.BAD_REQUEST, "invalid_request",
					"Credentials must be sent in the request body, never in the query string");
			return;
		}
		long declaredLength = request.getContentLengthLong();
		if (declaredLength > this.maxBodySize) {
			refuseTooLarge(response);
			return;
		}
		TokenRequestBody.Type type;
		try {
			type = TokenRequestBody.type(request.getContentType());
		}
		catch (TokenRequestBody.UnsupportedContentTypeException ex) {
			refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request", ex.getMessage());
			return;
		}
		byte[] body;
		try {
			body = read(request.getInputStream());
		}
		catch (BodyTooLargeException ex) {
			refuseTooLarge(response);
			return;
		}
		catch (IOException ex) {
			refuse(response, HttpStatus.BAD_REQUEST, "invalid_request", "The request body could not be read");
			return;
		}
		if (body.length > 0 && type == TokenRequestBody.Type.NONE) {
			refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request",
					"A body needs Content-Type application/json or application/x-www-form-urlencoded");
			return;
		}
		MultiValueMap<String, String> form;
		try {
			form = TokenRequestBody.parse(type, body);
		}
		catch (TokenRequestBody.InvalidBodyException ex) {
			refuse(response, HttpStatus.BAD_REQUEST, "invalid_request", ex.getMessage());
			return;
		}
		chain.doFilter(new BodyOnlyRequest(request, body, form), response);
	}

	private byte[] read(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(this.maxBodySize, 1024));
		byte[] buffer = new byte[1024];
		int n;
		while ((n = in.read(buffer)) != -1) {
			if (out.size() + n > this.maxBodySize) {
				throw new BodyTooLargeException();
			}
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private void refuseTooLarge(HttpServletResponse response) throws IOException {
		// the rest of the body is not read: close the connection rather than drain it
		response.setHeader(HttpHeaders.CONNECTION, "close");
		refuse(response, HttpStatus.CONTENT_TOO_LARGE, "invalid_request",
				"The request body is larger than " + this.maxBodySize + " bytes");
	}

	static boolean hasCredentialInQuery(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return false;
		}
		for (String pair : query.split("[&;]")) {
			int eq = pair.indexOf('=');
			String name = TokenRequestBody.decodeLeniently((eq >= 0) ? pair.substring(0, eq) : pair);
			if (CREDENTIAL_PARAMETERS.contains(name.trim().toLowerCase(Locale.ROOT))) {
				return true;
			}
		}
		return false;
	}

	private static void refuse(HttpServletResponse response, HttpStatus status, String error, String description)
			throws IOException {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused token endpoint request: " + status.value() + " " + description);
		}
		JsonErrors.write(response, status.value(), error, description);
	}

	/**
	 * The body was larger than allowed.
	 */
	private static final class BodyTooLargeException extends IOException {

		BodyTooLargeException() {
			super("Body too large");
		}

	}

}
