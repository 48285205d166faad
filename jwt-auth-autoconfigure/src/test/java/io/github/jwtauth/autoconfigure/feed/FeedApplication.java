package io.github.jwtauth.autoconfigure.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An issuer or a resource server for the feed tests: the starter with users and an API,
 * on the system clock (the feed's {@code iat} is checked across two processes' clocks).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class FeedApplication {

	static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-password").roles("USER").build(),
				User.withUsername("bob").password("{noop}bob-password").roles("USER").build());
	}

	/**
	 * Start an issuer with the test RSA key.
	 * @param properties more properties
	 * @return the running application
	 */
	static Running issuer(String... properties) {
		List<String> all = new ArrayList<>(
				List.of("server.port=0", "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
						TestKeys.ISSUER, TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000"));
		all.addAll(List.of(properties));
		return start(all);
	}

	/**
	 * Start a resource server verifying the issuer's tokens by its JWK Set.
	 * @param issuerPort the issuer's port
	 * @param properties more properties
	 * @return the running application
	 */
	static Running resourceServer(int issuerPort, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0",
				"jwt.auth.jwk-set-uri=http://127.0.0.1:" + issuerPort + "/.well-known/jwks.json", TestKeys.ISSUER,
				TestKeys.AUDIENCES));
		all.addAll(List.of(properties));
		return start(all);
	}

	/**
	 * Start a resource server configured with nothing but the issuer's URL (and the
	 * audiences), which discovers the rest from the issuer's metadata.
	 * @param issuerUri the issuer's URL
	 * @param properties more properties
	 * @return the running application
	 */
	static Running discoveringResourceServer(String issuerUri, String... properties) {
		List<String> all = new ArrayList<>(
				List.of("server.port=0", "jwt.auth.issuer-uri=" + issuerUri, TestKeys.AUDIENCES));
		all.addAll(List.of(properties));
		return start(all);
	}

	private static Running start(List<String> properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(FeedApplication.class)
			.properties(properties.toArray(String[]::new))
			.properties("spring.main.banner-mode=off")
			.run();
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		return new Running(context, JwtAuthClient.forPort(port), port);
	}

	@RestController
	static class Api {

		@GetMapping("/api/me")
		Map<String, Object> me(Authentication authentication) {
			return Map.of("subject", authentication.getName());
		}

	}

	/**
	 * A running application.
	 *
	 * @param context its context
	 * @param http a client for it
	 * @param port its port
	 */
	record Running(ConfigurableApplicationContext context, JwtAuthClient http, int port) implements AutoCloseable {

		int me(String accessToken) {
			return this.http.get("/api/me", accessToken).status();
		}

		JwtAuthClient.Response login(String user) {
			return this.http.login(user, user + "-password");
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

}
