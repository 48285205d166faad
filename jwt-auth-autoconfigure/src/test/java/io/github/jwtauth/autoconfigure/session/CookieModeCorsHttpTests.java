package io.github.jwtauth.autoconfigure.session;

import java.net.http.HttpRequest;
import java.util.List;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cookie mode for a single-page application on another origin: the origin that the
 * application's CORS configuration allows with credentials passes the guard, any other is
 * refused.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=100", "jwt.auth.throttle.address-max-failures=1000",
				"jwt.auth.cookie.enabled=true" })
@Import(CookieModeCorsHttpTests.SpaCors.class)
class CookieModeCorsHttpTests {

	static final String SPA = "https://spa.example";

	@Autowired
	ApplicationContext context;

	private SessionHttp cookies;

	@BeforeEach
	void client() {
		this.cookies = SessionHttp.of(this.context);
	}

	@Test
	void theOriginAllowedWithCredentialsPasses() {
		String[] spa = SessionHttp.sameSite("Origin", SPA);
		Response login = this.cookies.login(this.cookies.newUser("sven"), spa);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		Response refreshed = this.cookies.refresh(SetCookie.single(login).value(), spa);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		Response logout = this.cookies.logout(refreshed.accessToken(), SetCookie.single(refreshed).value(), spa);
		assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
		assertThat(this.cookies.me(refreshed.accessToken())).isEqualTo(401);
	}

	@Test
	void theApplicationsOwnOriginStillPasses() {
		Response login = this.cookies.login(this.cookies.newUser("sven"),
				SessionHttp.sameSite("Origin", this.cookies.ownOrigin()));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
	}

	@Test
	void anyOtherOriginIsRefused() {
		String user = this.cookies.newUser("sven");
		String cookie = SetCookie.single(this.cookies.login(user, SessionHttp.SAME_SITE)).value();
		for (String origin : List.of(SessionHttp.EVIL_ORIGIN, "http://spa.example", "https://spa.example:8443",
				"https://spa.example.evil.example", "https://evil-spa.example")) {
			// refused by Spring Security's CORS filter, which the configuration turns on,
			// or else by the guard
			Response login = this.cookies.login(user, SessionHttp.sameSite("Origin", origin));
			assertThat(login.status()).as("%s: %s", origin, login).isEqualTo(403);
			Response refresh = this.cookies.refresh(cookie, SessionHttp.sameSite("Origin", origin));
			assertThat(refresh.status()).as("%s: %s", origin, refresh).isEqualTo(403);
			assertThat(SetCookie.all(refresh)).isEmpty();
		}
		// and the allowed origin still needs the header
		Response withoutHeader = this.cookies.refresh(cookie, "Origin", SPA);
		assertThat(withoutHeader.status()).as(withoutHeader.toString()).isEqualTo(403);
		assertThat(withoutHeader.field("error")).isEqualTo("access_denied");
		assertThat(this.cookies.refresh(cookie, SessionHttp.SAME_SITE).status()).isEqualTo(200);
	}

	@Test
	void theBrowserOfTheAllowedOriginMayReadTheAnswers() {
		// what makes the allowed origin usable at all: the preflight of the custom
		// header succeeds, and the answer is shared with the page, credentials included
		Response preflight = this.cookies.http()
			.send(this.cookies.http()
				.request("/auth/refresh")
				.header("Origin", SPA)
				.header("Access-Control-Request-Method", "POST")
				.header("Access-Control-Request-Headers", "x-requested-with")
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
		assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
		assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(SPA);
		assertThat(preflight.header("Access-Control-Allow-Credentials")).isEqualTo("true");
		Response login = this.cookies.login(this.cookies.newUser("sven"), SessionHttp.sameSite("Origin", SPA));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.header("Access-Control-Allow-Origin")).isEqualTo(SPA);
		assertThat(login.header("Access-Control-Allow-Credentials")).isEqualTo("true");
	}

	/**
	 * The single-page application's origin, allowed with credentials on the token
	 * endpoints.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class SpaCors {

		@Bean
		UrlBasedCorsConfigurationSource corsConfigurationSource() {
			CorsConfiguration spa = new CorsConfiguration();
			spa.setAllowedOrigins(List.of(SPA));
			spa.setAllowedMethods(List.of("GET", "POST", "DELETE"));
			spa.setAllowedHeaders(List.of("X-Requested-With", "Content-Type", "Authorization"));
			spa.setAllowCredentials(true);
			UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
			source.registerCorsConfiguration("/**", spa);
			return source;
		}

	}

}
