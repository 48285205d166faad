package io.github.jwtauth.web.endpoint;

import java.time.Duration;

import io.github.jwtauth.support.CookiePaths;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RefreshTokenCookie}.
 */
class RefreshTokenCookieTests {

	@Test
	void theDefaultPathIsTheCommonParentOfRefreshAndLogoutWithTheSecurePrefix() {
		RefreshTokenCookie cookie = RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").build();
		assertThat(cookie.getPath()).isEqualTo("/auth");
		assertThat(cookie.getName()).isEqualTo("__Secure-jwt-auth-refresh");
		assertThat(cookie.issue("token", Duration.ofSeconds(86400)))
			.isEqualTo("__Secure-jwt-auth-refresh=token; Path=/auth; Max-Age=86400; Expires=" + expires(cookie)
					+ "; Secure; HttpOnly; SameSite=Strict");
	}

	@Test
	void pathsWithNoCommonParentGetTheHostPrefix() {
		RefreshTokenCookie cookie = RefreshTokenCookie.forPaths("/refresh", "/logout").name("rt").build();
		assertThat(cookie.getPath()).isEqualTo("/");
		assertThat(cookie.getName()).isEqualTo("__Host-rt");
		assertThat(cookie.issue("t", Duration.ofMinutes(1))).startsWith("__Host-rt=t; Path=/; Max-Age=60;")
			.doesNotContain("Domain");
	}

	@Test
	void commonParentComparesWholeSegments() {
		assertThat(CookiePaths.commonParent("/auth/refresh", "/authx/logout")).isEqualTo("/");
		assertThat(CookiePaths.commonParent("/api/auth/refresh", "/api/auth/logout")).isEqualTo("/api/auth");
		assertThat(CookiePaths.commonParent("/a/refresh", "/a/refresh/logout")).isEqualTo("/a/refresh");
	}

	@Test
	void laxCanBeChosenButNotNone() {
		assertThat(RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout")
			.sameSite("lax")
			.build()
			.issue("t", Duration.ofSeconds(5))).endsWith("SameSite=Lax");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").sameSite("None"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").name("__Host-x"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").name("a;b"));
	}

	@Test
	void clearingExpiresTheCookieAtOnce() {
		RefreshTokenCookie cookie = RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").build();
		assertThat(cookie.clear()).startsWith("__Secure-jwt-auth-refresh=; Path=/auth; Max-Age=0;")
			.contains("Secure", "HttpOnly", "SameSite=Strict");
	}

	@Test
	void readsOnlyItsOwnNonEmptyCookie() {
		RefreshTokenCookie cookie = RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").build();
		MockHttpServletRequest request = new MockHttpServletRequest();
		assertThat(cookie.read(request)).isNull();
		request.setCookies(new Cookie("jwt-auth-refresh", "unprefixed"), new Cookie("__Secure-jwt-auth-refresh", ""));
		assertThat(cookie.read(request)).isNull();
		assertThat(cookie.isPresent(request)).isFalse();
		request.setCookies(new Cookie("other", "x"), new Cookie("__Secure-jwt-auth-refresh", "value"));
		assertThat(cookie.read(request)).isEqualTo("value");
	}

	@Test
	void offReadsNothingAndIssuesNothing() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("__Secure-jwt-auth-refresh", "value"));
		assertThat(RefreshTokenCookie.off().isEnabled()).isFalse();
		assertThat(RefreshTokenCookie.off().read(request)).isNull();
		assertThatIllegalStateException().isThrownBy(() -> RefreshTokenCookie.off().issue("t", Duration.ofSeconds(1)));
	}

	@Test
	void aRequestCarryingTheCookieTwiceIsRefused() {
		RefreshTokenCookie cookie = RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").build();
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("__Secure-jwt-auth-refresh", "planted"),
				new Cookie("__Secure-jwt-auth-refresh", "own"));
		assertThatExceptionOfType(DuplicateCookieException.class).isThrownBy(() -> cookie.read(request));
	}

	@Test
	void theCookieLivesUnderTheContextPath() {
		RefreshTokenCookie cookie = RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").build();
		assertThat(cookie.issue("t", Duration.ofSeconds(5), "/app"))
			.startsWith("__Secure-jwt-auth-refresh=t; Path=/app/auth;");
		RefreshTokenCookie root = RefreshTokenCookie.forPaths("/refresh", "/logout").build();
		// "/" under a context path is no longer "/": no __Host- prefix there
		assertThat(root.getName("/app")).isEqualTo("__Secure-jwt-auth-refresh");
		assertThat(root.clear("/app")).startsWith("__Secure-jwt-auth-refresh=; Path=/app;");
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setContextPath("/app");
		request.setCookies(new Cookie("__Host-jwt-auth-refresh", "wrong"),
				new Cookie("__Secure-jwt-auth-refresh", "v"));
		assertThat(root.read(request)).isEqualTo("v");
	}

	@Test
	void theBasePathIsTheContextPathAndAServletPathPrefix() {
		MockHttpServletRequest root = new MockHttpServletRequest("POST", "/auth/refresh");
		root.setServletPath("/auth/refresh");
		root.setHttpServletMapping(
				new MockHttpServletMapping("/auth/refresh", "/", "dispatcherServlet", MappingMatch.DEFAULT));
		assertThat(RefreshTokenCookie.basePath(root)).isEmpty();
		MockHttpServletRequest prefixed = new MockHttpServletRequest("POST", "/app/svc/auth/refresh");
		prefixed.setContextPath("/app");
		prefixed.setServletPath("/svc");
		prefixed.setHttpServletMapping(
				new MockHttpServletMapping("auth/refresh", "/svc/*", "dispatcherServlet", MappingMatch.PATH));
		assertThat(RefreshTokenCookie.basePath(prefixed)).isEqualTo("/app/svc");
		RefreshTokenCookie cookie = RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").build();
		assertThat(cookie.issue("t", Duration.ofSeconds(5), RefreshTokenCookie.basePath(prefixed)))
			.startsWith("__Secure-jwt-auth-refresh=t; Path=/app/svc/auth;");
	}

	@Test
	void aPathThatMissesAnEndpointIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").path("/other").build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").path("/au").build());
		assertThat(RefreshTokenCookie.forPaths("/auth/refresh", "/auth/logout").path("/").build().getName())
			.isEqualTo("__Host-jwt-auth-refresh");
	}

	private static String expires(RefreshTokenCookie cookie) {
		String value = cookie.issue("token", Duration.ofSeconds(86400));
		int start = value.indexOf("Expires=") + "Expires=".length();
		return value.substring(start, value.indexOf(';', start));
	}

}
