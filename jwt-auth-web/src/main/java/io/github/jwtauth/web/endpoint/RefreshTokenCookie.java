package io.github.jwtauth.web.endpoint;

import java.time.Duration;
import java.util.Locale;

import io.github.jwtauth.support.CookiePaths;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseCookie;
import org.springframework.util.Assert;

/**
 * Cookie mode: the refresh token travels in a cookie that the page's JavaScript cannot
 * read, so that a single-page application keeps no refresh token where a script injected
 * into it could take it. The cookie is {@code HttpOnly}, {@code Secure},
 * {@code SameSite=Strict} (or {@code Lax}), has no {@code Domain} (this host only), and
 * its {@code Path} is the common parent of the refresh and logout paths (under the
 * application's context path and servlet path), so no other request of the application
 * carries it. Its name has the {@code __Host-} prefix when that path is {@code /} (only
 * at the root context path): a browser then accepts it only from this very host over
 * HTTPS, without {@code Domain}, so no other host can plant one. Otherwise it has the
 * {@code __Secure-} prefix, which a browser accepts only over HTTPS, but which a sibling
 * subdomain could still set for the parent domain: a request carrying two cookies of the
 * name is refused (400), never guessed. Its {@code Max-Age} is that of the refresh token
 * it carries.
 * <p>
 * Whatever reads the cookie is a target of cross-site requests: the endpoints check each
 * such request with a {@link CrossSiteRequestGuard} before they use the cookie.
 */
public final class RefreshTokenCookie {

	/**
	 * The default name, before its prefix.
	 */
	public static final String DEFAULT_NAME = "jwt-auth-refresh";

	private static final RefreshTokenCookie OFF = new RefreshTokenCookie();

	private final boolean enabled;

	private final String name;

	private final String path;

	private final String sameSite;

	private final CrossSiteRequestGuard guard;

	private RefreshTokenCookie() {
		this.enabled = false;
		this.name = "";
		this.path = "/";
		this.sameSite = "Strict";
		this.guard = CrossSiteRequestGuard.sameOrigin(CrossSiteRequestGuard.DEFAULT_HEADER);
	}

	private RefreshTokenCookie(Builder builder) {
		Assert.isTrue(
				CookiePaths.isWithin(builder.refreshPath, builder.path)
						&& CookiePaths.isWithin(builder.logoutPath, builder.path),
				"path must contain the refresh and logout paths");
		this.enabled = true;
		this.path = builder.path;
		this.name = builder.name;
		this.sameSite = builder.sameSite;
		this.guard = builder.guard;
	}

	/**
	 * No cookie mode: refresh tokens travel in the response and request bodies only.
	 * @return the disabled cookie
	 */
	public static RefreshTokenCookie off() {
		return OFF;
	}

	/**
	 * Start building a cookie for the given paths.
	 * @param refreshPath the refresh endpoint's path (within the application)
	 * @param logoutPath the logout endpoint's path (within the application)
	 * @return a builder
	 */
	public static Builder forPaths(String refreshPath, String logoutPath) {
		return new Builder(refreshPath, logoutPath);
	}

	/**
	 * The path the endpoints are under within the server: the application's context path
	 * and, when the {@code DispatcherServlet} is mapped to a path prefix
	 * ({@code spring.mvc.servlet.path}), that prefix. The cookie's path is within it.
	 * @param request a request to an endpoint
	 * @return the base path, {@code ""} at the root
	 */
	public static String basePath(HttpServletRequest request) {
		HttpServletMapping mapping = request.getHttpServletMapping();
		String servletPath = (mapping != null && mapping.getMappingMatch() == MappingMatch.PATH)
				? request.getServletPath() : "";
		return request.getContextPath() + servletPath;
	}

	/**
	 * Whether cookie mode is on.
	 * @return {@code true} if refresh tokens travel in the cookie
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * The cookie's name in an application at the root context path, with its prefix.
	 * @return the name
	 */
	public String getName() {
		return getName("");
	}

	/**
	 * The cookie's name, with its prefix: {@code __Host-} when its path is {@code /},
	 * {@code __Secure-} otherwise.
	 * @param contextPath the path the endpoints are under ({@link #basePath}; {@code ""}
	 * at the root)
	 * @return the name
	 */
	public String getName(String contextPath) {
		return ("/".equals(getPath(contextPath)) ? "__Host-" : "__Secure-") + this.name;
	}

	/**
	 * The cookie's path in an application at the root context path.
	 * @return the path
	 */
	public String getPath() {
		return getPath("");
	}

	/**
	 * The cookie's path: the configured one under the application's context path.
	 * @param contextPath the path the endpoints are under ({@link #basePath}; {@code ""}
	 * at the root)
	 * @return the path
	 */
	public String getPath(String contextPath) {
		if (contextPath.isEmpty()) {
			return this.path;
		}
		return "/".equals(this.path) ? contextPath : contextPath + this.path;
	}

	/**
	 * The guard that checks the requests that use the cookie.
	 * @return the guard
	 */
	public CrossSiteRequestGuard getGuard() {
		return this.guard;
	}

	/**
	 * The refresh token in the request's cookie.
	 * @param request the request
	 * @return the token, or {@code null} when cookie mode is off or the request carries
	 * none
	 */
	public @Nullable String read(HttpServletRequest request) {
		if (!this.enabled) {
			return null;
		}
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		String name = getName(basePath(request));
		String found = null;
		for (Cookie cookie : cookies) {
			if (name.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isEmpty()) {
				if (found != null) {
					// another host of the site may have planted one: never guess which
					throw new DuplicateCookieException(name);
				}
				found = cookie.getValue();
			}
		}
		return found;
	}

	/**
	 * Whether the request carries the cookie.
	 * @param request the request
	 * @return {@code true} if it does
	 */
	public boolean isPresent(HttpServletRequest request) {
		return read(request) != null;
	}

	/**
	 * The {@code Set-Cookie} value that hands out a refresh token.
	 * @param refreshToken the token
	 * @param maxAge how long it lives
	 * @return the header value
	 */
	public String issue(String refreshToken, Duration maxAge) {
		return issue(refreshToken, maxAge, "");
	}

	/**
	 * The {@code Set-Cookie} value that hands out a refresh token.
	 * @param refreshToken the token
	 * @param maxAge how long it lives
	 * @param contextPath the path the endpoints are under ({@link #basePath}; {@code ""}
	 * at the root)
	 * @return the header value
	 */
	public String issue(String refreshToken, Duration maxAge, String contextPath) {
		Assert.state(this.enabled, "Cookie mode is off");
		Assert.hasText(refreshToken, "refreshToken must not be empty");
		return cookie(refreshToken, maxAge, contextPath);
	}

	/**
	 * The {@code Set-Cookie} value that removes the cookie from the browser.
	 * @return the header value
	 */
	public String clear() {
		return clear("");
	}

	/**
	 * The {@code Set-Cookie} value that removes the cookie from the browser.
	 * @param contextPath the path the endpoints are under ({@link #basePath}; {@code ""}
	 * at the root)
	 * @return the header value
	 */
	public String clear(String contextPath) {
		Assert.state(this.enabled, "Cookie mode is off");
		return cookie("", Duration.ZERO, contextPath);
	}

	private String cookie(String value, Duration maxAge, String contextPath) {
		return ResponseCookie.from(getName(contextPath), value)
			.path(getPath(contextPath))
			.maxAge(maxAge)
			.secure(true)
			.httpOnly(true)
			.sameSite(this.sameSite)
			.build()
			.toString();
	}

	/**
	 * Builds a {@link RefreshTokenCookie}.
	 */
	public static final class Builder {

		private final String refreshPath;

		private final String logoutPath;

		private String path;

		private String name = DEFAULT_NAME;

		private String sameSite = "Strict";

		private CrossSiteRequestGuard guard = CrossSiteRequestGuard.sameOrigin(CrossSiteRequestGuard.DEFAULT_HEADER);

		private Builder(String refreshPath, String logoutPath) {
			Assert.isTrue(refreshPath != null && refreshPath.startsWith("/"), "refreshPath must be an absolute path");
			Assert.isTrue(logoutPath != null && logoutPath.startsWith("/"), "logoutPath must be an absolute path");
			this.refreshPath = refreshPath;
			this.logoutPath = logoutPath;
			this.path = CookiePaths.commonParent(refreshPath, logoutPath);
		}

		/**
		 * The cookie's name, without its prefix (default {@value #DEFAULT_NAME}).
		 * @param name the name: letters, digits, {@code -} and {@code _}
		 * @return this builder
		 */
		public Builder name(String name) {
			Assert.isTrue(name != null && name.matches("[A-Za-z0-9_-]{1,64}") && !name.startsWith("__"),
					"name must be 1 to 64 letters, digits, '-' or '_', without a '__' prefix");
			this.name = name;
			return this;
		}

		/**
		 * The cookie's path (default: the common parent of the refresh and logout paths);
		 * both endpoints must be within it.
		 * @param path the path
		 * @return this builder
		 */
		public Builder path(String path) {
			Assert.isTrue(path != null && path.startsWith("/") && path.matches("[A-Za-z0-9/._~-]+"),
					"path must be an absolute path of unreserved characters");
			this.path = path;
			return this;
		}

		/**
		 * The {@code SameSite} attribute: {@code Strict} (default) or {@code Lax};
		 * {@code None} is refused, as it would send the cookie with cross-site requests.
		 * @param sameSite the value
		 * @return this builder
		 */
		public Builder sameSite(String sameSite) {
			Assert.notNull(sameSite, "sameSite must not be null");
			String value = sameSite.trim().toLowerCase(Locale.ROOT);
			Assert.isTrue(value.equals("strict") || value.equals("lax"), "sameSite must be Strict or Lax");
			this.sameSite = value.equals("strict") ? "Strict" : "Lax";
			return this;
		}

		/**
		 * The guard against cross-site requests (default: same origin only, with the
		 * {@value CrossSiteRequestGuard#DEFAULT_HEADER} header).
		 * @param guard the guard
		 * @return this builder
		 */
		public Builder guard(CrossSiteRequestGuard guard) {
			Assert.notNull(guard, "guard must not be null");
			this.guard = guard;
			return this;
		}

		/**
		 * Build the cookie.
		 * @return the cookie
		 */
		public RefreshTokenCookie build() {
			return new RefreshTokenCookie(this);
		}

	}

}
