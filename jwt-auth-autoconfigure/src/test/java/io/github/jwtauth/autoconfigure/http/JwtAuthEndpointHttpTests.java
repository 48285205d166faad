package io.github.jwtauth.autoconfigure.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.jwtauth.autoconfigure.JwtAuthEndpoint;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.web.security.JwtAuthHttpConfigurer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Actuator endpoint {@code jwtauth} over real HTTP, in the test application with
 * Actuator on the class path: not served unless exposed; once exposed, only to an
 * authenticated caller, any role with the starter's default chain, and to admins only
 * with the chain the README shows; never a secret in the answer.
 */
class JwtAuthEndpointHttpTests {

	private static final String PATH = "/actuator/jwtauth";

	private static final String EXPOSED = "management.endpoints.web.exposure.include=health,jwtauth";

	@Test
	void notServedByDefaultToAnyone() {
		try (Running app = Running.start(List.of())) {
			String alice = app.http.login("alice", "alice-password").accessToken();
			String admin = app.http.login("admin", "admin-password").accessToken();
			for (String token : new String[] { null, "not-a-token", alice, admin }) {
				JwtAuthClient.Response answer = app.http.get(PATH, token);
				assertThat(answer.status()).as("%s", token).isIn(401, 404);
				assertThat(answer.body()).doesNotContain("keys", "policy");
			}
			assertThat(app.http.get(PATH, null).status()).isEqualTo(401);
			assertThat(app.http.get(PATH, admin).status()).isEqualTo(404);
			assertThat(app.context.getBeanNamesForType(JwtAuthEndpoint.class)).isEmpty();
		}
	}

	@Test
	void exposedItIsServedToAuthenticatedCallersOnlyAndShowsNoSecret() throws IOException {
		try (Running app = Running.start(List.of(EXPOSED))) {
			assertThat(app.http.get(PATH, null).status()).isEqualTo(401);
			assertThat(app.http.get(PATH, "not-a-token").status()).isEqualTo(401);
			String alice = app.http.login("alice", "alice-password").accessToken();
			String admin = app.http.login("admin", "admin-password").accessToken();
			// the starter's default chain asks for a valid token, whatever its roles
			assertThat(app.http.get(PATH, alice).status()).isEqualTo(200);
			JwtAuthClient.Response answer = app.http.get(PATH, admin);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.header("Content-Type")).startsWith("application/vnd.spring-boot.actuator.v3+json");
			Map<String, Object> json = answer.json();
			assertThat(json).containsOnlyKeys("keys", "store", "cache", "policy");
			assertThat(json.get("keys").toString()).contains(TestKeys.rsaKeyId(), "RS256");
			List<String> forbidden = new ArrayList<>(pemLines("keys/rsa-private.pem"));
			forbidden.addAll(List.of(alice, admin, "alice", "admin-password", "BEGIN", "PRIVATE"));
			forbidden.addAll(List.of(alice.split("\\.")));
			for (String secret : forbidden) {
				assertThat(answer.body()).doesNotContain(secret);
			}
		}
	}

	@Test
	void withTheChainTheReadmeShowsItIsServedToAdminsOnly() {
		try (Running app = Running.start(List.of(EXPOSED), AdminOnlyEndpoint.class)) {
			String alice = app.http.login("alice", "alice-password").accessToken();
			String admin = app.http.login("admin", "admin-password").accessToken();
			assertThat(app.http.get(PATH, null).status()).isEqualTo(401);
			JwtAuthClient.Response refused = app.http.get(PATH, alice);
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.body()).doesNotContain("keys", "policy");
			assertThat(app.http.get(PATH, admin).status()).isEqualTo(200);
			// the rest of the application is as before
			assertThat(app.http.get("/api/me", alice).status()).isEqualTo(200);
		}
	}

	private static List<String> pemLines(String path) throws IOException {
		String pem = new ClassPathResource(path).getContentAsString(StandardCharsets.US_ASCII);
		return pem.lines().map(String::trim).filter((line) -> !line.isEmpty() && !line.startsWith("-----")).toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class AdminOnlyEndpoint {

		@Bean
		SecurityFilterChain api(HttpSecurity http, JwtAuthHttpConfigurer jwtAuth) {
			jwtAuth.configure(http)
				.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to(JwtAuthEndpoint.class))
					.hasRole("ADMIN")
					.anyRequest()
					.authenticated());
			return http.build();
		}

	}

	/**
	 * The test application on a free port.
	 */
	record Running(ConfigurableApplicationContext context, JwtAuthClient http) implements AutoCloseable {

		static Running start(List<String> properties, Class<?>... more) {
			List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
					"jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
					TestKeys.AUDIENCES));
			all.addAll(properties);
			List<Class<?>> sources = new ArrayList<>(List.of(TestApplication.class));
			sources.addAll(List.of(more));
			ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
				.properties(all.toArray(String[]::new))
				.run();
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			return new Running(context, JwtAuthClient.forPort(port));
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

}
