package io.github.jwtauth.autoconfigure.http;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login, refresh, reuse detection and logout over real HTTP are the observations
 * {@code jwt.auth.login}, {@code jwt.auth.refresh} and {@code jwt.auth.revoke} in the
 * application's {@code ObservationRegistry}, and so timers in its meter registry; none
 * carries the user name, a token, a session ID or the client's address.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES })
@Import(ObservationsHttpTests.Observations.class)
class ObservationsHttpTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	TestObservationRegistry observations;

	@Autowired
	MeterRegistry meters;

	@Autowired
	InMemoryUserDetailsManager users;

	@Test
	void loginRefreshReuseAndLogoutAreObserved() {
		String user = "observed-" + UUID.randomUUID();
		this.users.createUser(User.withUsername(user).password("{noop}" + user + "-password").roles("USER").build());
		JwtAuthClient http = JwtAuthClient.forPort(this.port);
		List<String> identifying = new ArrayList<>(List.of(user, user + "-password", "127.0.0.1"));

		JwtAuthClient.Response login = http.postJson("/auth/login",
				Map.of("username", user, "password", user + "-password"), null);
		assertThat(login.status()).isEqualTo(200);
		String spent = login.field("refresh_token");
		JwtAuthClient.Response refreshed = http.postJson("/auth/refresh", Map.of("refresh_token", spent), null);
		assertThat(refreshed.status()).isEqualTo(200);
		JwtAuthClient.Response reuse = http.postJson("/auth/refresh", Map.of("refresh_token", spent), null);
		assertThat(reuse.status()).isEqualTo(400);
		JwtAuthClient.Response second = http.postJson("/auth/login",
				Map.of("username", user, "password", user + "-password"), null);
		assertThat(http.postJson("/auth/logout", "{}", second.field("access_token")).status()).isEqualTo(204);
		assertThat(http.postJson("/auth/login", Map.of("username", user, "password", "wrong"), null).status())
			.isEqualTo(401);
		for (JwtAuthClient.Response response : List.of(login, refreshed, second)) {
			identifying.add(response.field("access_token"));
			identifying.add(response.field("refresh_token"));
			identifying.add(sid(response.field("access_token")));
		}

		assertThat(this.observations).hasAnObservation((observation) -> observation.hasNameEqualTo("jwt.auth.login")
			.hasContextualNameEqualTo("jwt-auth login")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasLowCardinalityKeyValue("dpop", "false"));
		assertThat(this.observations).hasAnObservation((observation) -> observation.hasNameEqualTo("jwt.auth.login")
			.hasLowCardinalityKeyValue("outcome", "failure")
			.hasError());
		assertThat(this.observations).hasAnObservation((observation) -> observation.hasNameEqualTo("jwt.auth.refresh")
			.hasContextualNameEqualTo("jwt-auth refresh")
			.hasLowCardinalityKeyValue("outcome", "success"));
		assertThat(this.observations).hasAnObservation((observation) -> observation.hasNameEqualTo("jwt.auth.refresh")
			.hasLowCardinalityKeyValue("outcome", "reuse_detected")
			.hasError());
		assertThat(this.observations).hasAnObservation((observation) -> observation.hasNameEqualTo("jwt.auth.revoke")
			.hasLowCardinalityKeyValue("kind", "session")
			.hasLowCardinalityKeyValue("reason", "reuse-detected")
			.hasParentObservationContextMatching(
					(parent) -> "jwt.auth.refresh".equals(((Observation.ContextView) parent).getName())));
		assertThat(this.observations).hasAnObservation((observation) -> observation.hasNameEqualTo("jwt.auth.revoke")
			.hasLowCardinalityKeyValue("kind", "session")
			.hasLowCardinalityKeyValue("reason", "logout"));
		// Boot's observation metrics: a timer per observation, tagged with its key values
		assertThat(this.meters.get("jwt.auth.login").tags("outcome", "success", "dpop", "false").timer().count())
			.isPositive();
		assertThat(this.meters.get("jwt.auth.refresh").tags("outcome", "reuse_detected").timer().count()).isPositive();
		assertThat(this.meters.get("jwt.auth.revoke").tags("kind", "session", "reason", "logout").timer().count())
			.isPositive();

		assertThat(this.observations).hasHandledContextsThatSatisfy((contexts) -> {
			List<Observation.Context> ours = contexts.stream()
				.filter((context) -> context.getName() != null && context.getName().startsWith("jwt.auth."))
				.toList();
			assertThat(ours).hasSizeGreaterThanOrEqualTo(7);
			for (Observation.Context context : ours) {
				assertThat(context.getHighCardinalityKeyValues()).isEmpty();
				for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
					for (String value : identifying) {
						assertThat(keyValue.getValue()).doesNotContain(value);
					}
				}
			}
		});
	}

	private static String sid(String accessToken) {
		return JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1])).get("sid").asString();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Observations {

		@Bean
		TestObservationRegistry testObservationRegistry() {
			return TestObservationRegistry.create();
		}

	}

}
