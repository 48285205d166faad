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
 * {@code jwt.auth.cookie.same-site=lax}: every cookie the endpoints set, the clearing
 * ones included, is {@code SameSite=Lax}; the guard is the same.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000", "jwt.auth.cookie.enabled=true",
				"jwt.auth.cookie.same-site=Lax" })
class CookieModeSameSiteLaxHttpTests {

	@Autowired
	ApplicationContext context;

	@Test
	void everyCookieIsSameSiteLax() {
		SessionHttp cookies = SessionHttp.of(this.context);
		Response login = cookies.login(cookies.newUser("lars"), SessionHttp.SAME_SITE);
		SetCookie issued = SetCookie.single(login).assertRefreshCookie(SessionHttp.COOKIE, "/auth", "Lax");
		Response refreshed = cookies.refresh(issued.value(), SessionHttp.SAME_SITE);
		SetCookie rotated = SetCookie.single(refreshed).assertRefreshCookie(SessionHttp.COOKIE, "/auth", "Lax");
		SetCookie.single(cookies.refresh(issued.value(), SessionHttp.SAME_SITE))
			.assertCleared(SessionHttp.COOKIE, "/auth", "Lax");
		Response again = cookies.login(cookies.newUser("lars"), SessionHttp.SAME_SITE);
		SetCookie.single(cookies.logout(again.accessToken(), SetCookie.single(again).value(), SessionHttp.SAME_SITE))
			.assertCleared(SessionHttp.COOKIE, "/auth", "Lax");
		assertThat(rotated.value()).isNotEqualTo(issued.value());
		assertThat(cookies.login(cookies.newUser("lars")).status()).isEqualTo(403);
	}

}
