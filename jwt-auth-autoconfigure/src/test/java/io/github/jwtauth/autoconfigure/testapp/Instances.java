package io.github.jwtauth.autoconfigure.testapp;

import java.util.ArrayList;
import java.util.List;

import io.github.jwtauth.test.web.JwtAuthClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts real instances of the {@link TestApplication}, each on its own port.
 */
public final class Instances implements AutoCloseable {

	/**
	 * The real PostgreSQL server of the store tests.
	 */
	public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	public Instance start(String... properties) {
		// the shared stores keep failure counts of 127.0.0.1 across test runs: tests that
		// do not test the throttle must not depend on how often others failed before them
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER, TestKeys.AUDIENCES,
				"jwt.auth.throttle.address-max-failures=1000"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties(all.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		return new Instance(context, JwtAuthClient.forPort(port));
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	/**
	 * A running instance.
	 */
	public record Instance(ConfigurableApplicationContext context, JwtAuthClient http) {

		public JwtAuthClient.Response login(String user) {
			return this.http.login(user, user + "-password");
		}

		public JwtAuthClient.Response refresh(String refreshToken) {
			return this.http.refresh(refreshToken);
		}

		public int me(String accessToken) {
			return this.http.get("/api/me", accessToken).status();
		}

	}

}
