package io.github.jwtauth.test;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts real instances of the {@link TestApplication}, each on its own port.
 */
public final class Instances implements AutoCloseable {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	public Instance start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties(all.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		return new Instance(context, new Http(port));
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	/**
	 * A running instance.
	 */
	public record Instance(ConfigurableApplicationContext context, Http http) {

		public Http.Response login(String user) {
			return this.http.postJson("/auth/login",
					java.util.Map.of("username", user, "password", user + "-password"), null);
		}

		public Http.Response refresh(String refreshToken) {
			return this.http.postJson("/auth/refresh", java.util.Map.of("refresh_token", refreshToken), null);
		}

		public int me(String accessToken) {
			return this.http.get("/api/me", accessToken).status();
		}

	}

}
