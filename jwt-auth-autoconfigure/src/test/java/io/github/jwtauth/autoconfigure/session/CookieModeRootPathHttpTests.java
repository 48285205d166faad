package io.github.jwtauth.autoconfigure.session;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cookie of path {@code /} gets the {@code __Host-} prefix; a custom name and a custom
 * header ({@code jwt.auth.cookie.name}, {@code jwt.auth.cookie.csrf-header}) are used
 * instead of the defaults.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000", "jwt.auth.cookie.enabled=true",
				"jwt.auth.cookie.path=/", "jwt.auth.cookie.name=app-refresh", "jwt.auth.cookie.csrf-header=X-CSRF" })
class CookieModeRootPathHttpTests {

	static final String COOKIE = "__Host-app-refresh";

	static final String[] CUSTOM_HEADER = { "X-CSRF", "1" };

	@Autowired
	ApplicationContext context;

	@Test
	void theCookieOfPathRootIsAHostCookie() {
		SessionHttp cookies = SessionHttp.of(this.context, COOKIE);
		Response login = cookies.login(cookies.newUser("hanna"), CUSTOM_HEADER);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		SetCookie issued = SetCookie.single(login).assertRefreshCookie(COOKIE, "/", "Strict");
		Response refreshed = cookies.refresh(issued.value(), CUSTOM_HEADER);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		SetCookie.single(refreshed).assertRefreshCookie(COOKIE, "/", "Strict");
		SetCookie.single(cookies.refresh(issued.value(), CUSTOM_HEADER)).assertCleared(COOKIE, "/", "Strict");
	}

	@Test
	void theConfiguredHeaderIsRequiredNotTheDefaultOne() {
		SessionHttp cookies = SessionHttp.of(this.context, COOKIE);
		String user = cookies.newUser("hanna");
		Response defaultHeader = cookies.login(user, SessionHttp.SAME_SITE);
		assertThat(defaultHeader.status()).as(defaultHeader.toString()).isEqualTo(403);
		String cookie = SetCookie.single(cookies.login(user, CUSTOM_HEADER)).value();
		assertThat(cookies.refresh(cookie, SessionHttp.SAME_SITE).status()).isEqualTo(403);
		// the cookie of the default name is not read
		SessionHttp defaultName = SessionHttp.of(this.context);
		assertThat(defaultName.refresh(cookie, CUSTOM_HEADER).field("error")).isEqualTo("invalid_grant");
		assertThat(cookies.refresh(cookie, CUSTOM_HEADER).status()).isEqualTo(200);
	}

}
