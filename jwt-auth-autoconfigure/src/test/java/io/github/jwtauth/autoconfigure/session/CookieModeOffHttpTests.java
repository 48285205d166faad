package io.github.jwtauth.autoconfigure.session;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import io.github.jwtauth.web.endpoint.RefreshTokenCookie;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without cookie mode (the default) nothing changes: refresh tokens travel in the bodies,
 * no cookie is set or read, and no header or origin is required.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=100",
				"jwt.auth.throttle.address-max-failures=1000" })
class CookieModeOffHttpTests {

	@Autowired
	ApplicationContext context;

	@Test
	void refreshTokensTravelInTheBodiesAndNoCookieIsSet() {
		assertThat(this.context.getBean(RefreshTokenCookie.class).isEnabled()).isFalse();
		SessionHttp http = SessionHttp.of(this.context);
		String user = http.newUser("olga");
		// no header, a foreign origin: no cookie, nothing to guard
		Response login = http.login(user, "Origin", SessionHttp.EVIL_ORIGIN);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.refreshToken()).isNotEmpty();
		assertThat(SetCookie.all(login)).isEmpty();

		Response refreshed = http.refreshInBody(login.refreshToken(), "Origin", SessionHttp.EVIL_ORIGIN);
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());
		assertThat(SetCookie.all(refreshed)).isEmpty();

		// a cookie of the cookie mode's name is not read
		Response cookieOnly = http.refresh(refreshed.refreshToken(), SessionHttp.SAME_SITE);
		assertThat(cookieOnly.status()).isEqualTo(400);
		assertThat(cookieOnly.field("error")).isEqualTo("invalid_request");
		assertThat(SetCookie.all(cookieOnly)).isEmpty();

		Response logout = http.logout(refreshed.accessToken(), refreshed.refreshToken(), SessionHttp.SAME_SITE);
		assertThat(logout.status()).isEqualTo(204);
		assertThat(SetCookie.all(logout)).isEmpty();
		// the cookie was not read at logout either, but the bearer token's session is
		// the refresh token's
		assertThat(http.refreshInBody(refreshed.refreshToken()).field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void aCookieIsNotReadAtLogoutWithoutCookieMode() {
		SessionHttp http = SessionHttp.of(this.context);
		String user = http.newUser("olga");
		Response caller = http.login(user);
		Response other = http.login(user);
		assertThat(http.logout(caller.accessToken(), other.refreshToken(), SessionHttp.SAME_SITE).status())
			.isEqualTo(204);
		assertThat(http.refreshInBody(other.refreshToken()).status()).isEqualTo(200);
	}

}
