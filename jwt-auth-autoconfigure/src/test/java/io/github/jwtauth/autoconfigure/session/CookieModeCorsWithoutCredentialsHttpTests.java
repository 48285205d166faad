package io.github.jwtauth.autoconfigure.session;

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
 * Cookie mode with a CORS configuration that allows an origin without credentials: that
 * origin may not use the cookie, as its browser would neither send nor keep it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=100", "jwt.auth.throttle.address-max-failures=1000",
				"jwt.auth.cookie.enabled=true" })
@Import(CookieModeCorsWithoutCredentialsHttpTests.PublicCors.class)
class CookieModeCorsWithoutCredentialsHttpTests {

	static final String SPA = "https://spa.example";

	@Autowired
	ApplicationContext context;

	private SessionHttp cookies;

	@BeforeEach
	void client() {
		this.cookies = SessionHttp.of(this.context);
	}

	@Test
	void anOriginAllowedWithoutCredentialsIsRefused() {
		String user = this.cookies.newUser("tove");
		Response login = this.cookies.login(user, SessionHttp.sameSite("Origin", SPA));
		assertThat(login.status()).as(login.toString()).isEqualTo(403);
		assertThat(login.field("error")).isEqualTo("access_denied");
		String cookie = SetCookie
			.single(this.cookies.login(user, SessionHttp.sameSite("Origin", this.cookies.ownOrigin())))
			.value();
		assertThat(this.cookies.refresh(cookie, SessionHttp.sameSite("Origin", SPA)).status()).isEqualTo(403);
		assertThat(this.cookies.refresh(cookie, SessionHttp.sameSite("Origin", this.cookies.ownOrigin())).status())
			.isEqualTo(200);
	}

	/**
	 * An origin allowed without credentials.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class PublicCors {

		@Bean
		UrlBasedCorsConfigurationSource corsConfigurationSource() {
			CorsConfiguration open = new CorsConfiguration();
			open.setAllowedOrigins(List.of(SPA));
			open.setAllowedMethods(List.of("GET", "POST"));
			open.setAllowedHeaders(List.of("X-Requested-With", "Content-Type"));
			open.setAllowCredentials(false);
			UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
			source.registerCorsConfiguration("/**", open);
			return source;
		}

	}

}
