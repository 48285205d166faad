package io.github.jwtauth.web.endpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Refuses cross-site requests to the endpoints that a cookie authenticates (OWASP's
 * "custom request header" and "verify the origin" defences): such a request must carry a
 * custom header (by default {@value #DEFAULT_HEADER}, any non-empty value), which a
 * browser sends cross-origin only after a CORS preflight that the application allowed,
 * and an {@code Origin}, when the browser sends one, must be the application's own origin
 * or one that the application's CORS configuration allows with credentials (a
 * configuration that allows any origin, such as the pattern {@code https://*}, allows
 * none here). A request without {@code Origin} that a browser marks as cross-site
 * ({@code Sec-Fetch-Site: cross-site}) is refused too. A refusal is a
 * {@link CrossSiteRequestException} (403).
 * <p>
 * The application's own origin is the request's scheme, host and port as the servlet
 * container sees them: behind a proxy, configure Spring Boot's
 * {@code server.forward-headers-strategy} so that they are the public ones.
 */
public final class CrossSiteRequestGuard {

	/**
	 * The default header a request must carry.
	 */
	public static final String DEFAULT_HEADER = "X-Requested-With";

	/**
	 * Headers that a browser sets by itself, or lets a page send cross-origin without a
	 * preflight: none of them shows that a script of an allowed origin sent the request.
	 */
	private static final Set<String> NOT_CUSTOM = Set.of("accept", "accept-language", "content-language",
			"content-type", "range", "accept-charset", "accept-encoding", "access-control-request-headers",
			"access-control-request-method", "connection", "content-length", "cookie", "cookie2", "date", "dnt",
			"expect", "host", "keep-alive", "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding",
			"upgrade", "user-agent", "via", "authorization");

	/**
	 * An origin no configuration names: one that allows it allows any.
	 */
	private static final String ANY_ORIGIN_PROBE = "https://any-origin-probe.jwt-auth.invalid";

	private final String header;

	private final @Nullable CorsConfigurationSource cors;

	private CrossSiteRequestGuard(String header, @Nullable CorsConfigurationSource cors) {
		Assert.isTrue(isCustomHeader(header), "header must be a header name that only a script can send: not a "
				+ "header a browser sets by itself or sends cross-origin without a preflight (" + header + ")");
		this.header = header;
		this.cors = cors;
	}

	/**
	 * Whether a header name makes a guard: a name a browser neither sets by itself (such
	 * as {@code Cookie}, {@code Origin}, {@code Sec-*}) nor lets a page send cross-origin
	 * without a CORS preflight (the CORS-safelisted {@code Accept}, {@code Content-Type}
	 * and the like).
	 * @param header the header name
	 * @return {@code true} if it is a custom header
	 */
	public static boolean isCustomHeader(@Nullable String header) {
		if (header == null || !header.matches("[A-Za-z0-9-]{1,64}")) {
			return false;
		}
		String name = header.toLowerCase(Locale.ROOT);
		return !NOT_CUSTOM.contains(name) && !name.startsWith("sec-") && !name.startsWith("proxy-");
	}

	/**
	 * A guard that accepts the application's own origin only.
	 * @param header the header a request must carry
	 * @return the guard
	 */
	public static CrossSiteRequestGuard sameOrigin(String header) {
		return new CrossSiteRequestGuard(header, null);
	}

	/**
	 * A guard that also accepts the origins that the application's CORS configuration
	 * allows for the request, with credentials ({@code allowCredentials}).
	 * @param header the header a request must carry
	 * @param cors the application's CORS configuration
	 * @return the guard
	 */
	public static CrossSiteRequestGuard withCors(String header, CorsConfigurationSource cors) {
		Assert.notNull(cors, "cors must not be null");
		return new CrossSiteRequestGuard(header, cors);
	}

	/**
	 * Check a request.
	 * @param request the request
	 * @throws CrossSiteRequestException if it may come from another site
	 */
	public void check(HttpServletRequest request) {
		String marker = request.getHeader(this.header);
		if (marker == null || marker.isBlank()) {
			throw new CrossSiteRequestException(
					"The " + this.header + " header is required with the refresh-token cookie");
		}
		String origin = request.getHeader("Origin");
		if (origin == null) {
			if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
				throw new CrossSiteRequestException("Cross-site request refused");
			}
			return;
		}
		if (!isOwnOrigin(origin, request) && !isAllowedByCors(origin, request)) {
			throw new CrossSiteRequestException("Requests from origin " + printable(origin) + " are not allowed");
		}
	}

	private boolean isAllowedByCors(String origin, HttpServletRequest request) {
		if (this.cors == null) {
			return false;
		}
		CorsConfiguration configuration = this.cors.getCorsConfiguration(request);
		if (configuration == null || !Boolean.TRUE.equals(configuration.getAllowCredentials())) {
			return false;
		}
		try {
			// a configuration that allows any origin with credentials ("*", "https://*")
			// would switch the guard off: it allows none for the cookie
			return configuration.checkOrigin(ANY_ORIGIN_PROBE) == null && configuration.checkOrigin(origin) != null;
		}
		catch (IllegalArgumentException ex) {
			// allowed origin "*" with credentials: an invalid configuration
			return false;
		}
	}

	private static boolean isOwnOrigin(String origin, HttpServletRequest request) {
		String own = normalize(request.getScheme(), request.getServerName(), request.getServerPort());
		try {
			URI uri = new URI(origin);
			if (uri.getScheme() == null || uri.getHost() == null
					|| (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
					|| uri.getRawUserInfo() != null) {
				return false;
			}
			return own.equals(normalize(uri.getScheme(), uri.getHost(), uri.getPort()));
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static String normalize(String scheme, String host, int port) {
		String lowerScheme = scheme.toLowerCase(Locale.ROOT);
		String lowerHost = host.toLowerCase(Locale.ROOT);
		if (lowerHost.contains(":") && !lowerHost.startsWith("[")) {
			lowerHost = "[" + lowerHost + "]";
		}
		int effectivePort = (port != -1) ? port : ("https".equals(lowerScheme) ? 443 : 80);
		return lowerScheme + "://" + lowerHost + ":" + effectivePort;
	}

	private static String printable(String value) {
		String cut = (value.length() > 100) ? value.substring(0, 100) : value;
		return cut.replaceAll("[^\\x20-\\x7e]", "?");
	}

}
