package io.github.jwtauth.autoconfigure.session;

import java.net.http.HttpRequest;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under a context path ({@code server.servlet.context-path}) the cookie's path is the
 * endpoints' path under it, so that the browser sends it back to them.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000", "jwt.auth.cookie.enabled=true",
				"server.servlet.context-path=/app" })
class CookieModeContextPathHttpTests {

	@Autowired
	ApplicationContext context;

	@Test
	void theCookieLivesUnderTheContextPath() {
		SessionHttp cookies = SessionHttp.of(this.context);
		String user = cookies.newUser("ida");
		Response login = cookies.http()
			.send(cookies.http()
				.request("/app/auth/login")
				.header("Content-Type", "application/json")
				.header(SessionHttp.SAME_SITE[0], SessionHttp.SAME_SITE[1])
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}")));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		SetCookie issued = SetCookie.single(login).assertRefreshCookie(SessionHttp.COOKIE, "/app/auth", "Strict");
		Response refreshed = cookies.http()
			.send(cookies.http()
				.request("/app/auth/refresh")
				.header("Cookie", SessionHttp.COOKIE + "=" + issued.value())
				.header(SessionHttp.SAME_SITE[0], SessionHttp.SAME_SITE[1])
				.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		SetCookie.single(refreshed).assertRefreshCookie(SessionHttp.COOKIE, "/app/auth", "Strict");
	}

}
