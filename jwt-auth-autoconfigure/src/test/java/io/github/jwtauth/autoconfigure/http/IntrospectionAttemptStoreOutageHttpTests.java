package io.github.jwtauth.autoconfigure.http;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.throttle.AttemptStore;
import io.github.jwtauth.throttle.Attempts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the throttle's attempt store down, introspection cannot tell whether the caller's
 * address is throttled: it answers 503 {@code temporarily_unavailable} with
 * {@code Retry-After} and {@code Cache-Control: no-store}, and no {@code active} member,
 * whether the client's secret is right or wrong (never a 500, and never an answer reached
 * without the throttle).
 */
@SpringBootTest(classes = { TestApplication.class, IntrospectionAttemptStoreOutageHttpTests.DownAttemptStore.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES,
				"jwt.auth.introspection.clients[0].client-id=" + IntrospectionAttemptStoreOutageHttpTests.CLIENT,
				"jwt.auth.introspection.clients[0].client-secret=" + IntrospectionAttemptStoreOutageHttpTests.SECRET })
class IntrospectionAttemptStoreOutageHttpTests {

	static final String CLIENT = "gateway";

	static final String SECRET = "Qa3Ws7Ed1Rf5Tg9Yh2Uj6Ik0Ol4Pz8Xc3V";

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void introspectionAnswers503WithoutAnActiveMember(boolean rightSecret) {
		// a good access token of this issuer: with the store up it would be active
		String token = TestJwts.sign(TestKeys.rsa(), TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build(),
				TestJwts.claims("alice", this.clock.instant()).build());
		String secret = rightSecret ? SECRET : SECRET + "x";
		JwtAuthClient.Response response = this.http.send(this.http.request("/auth/introspect")
			.header("Authorization", IntrospectionHttpTests.basic(CLIENT, secret))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
		assertThat(response.status()).as(response.toString()).isEqualTo(503);
		assertThat(response.field("error")).isEqualTo("temporarily_unavailable");
		assertThat(response.header("Retry-After")).isNotNull().matches("[1-9][0-9]*");
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.json()).doesNotContainKey("active");
		assertThat(response.body()).doesNotContain("active");
	}

	/**
	 * An attempt store of the application's own whose backing store cannot be reached.
	 */
	@Configuration(proxyBeanMethods = false)
	static class DownAttemptStore {

		@Bean
		AttemptStore attemptStore() {
			return new AttemptStore() {

				@Override
				public Attempts recordFailure(String key, Instant now, Duration retention) {
					throw down();
				}

				@Override
				public Optional<Attempts> find(String key, Instant now) {
					throw down();
				}

				@Override
				public void reset(String key) {
					throw down();
				}

				@Override
				public void purgeExpired(Instant now) {
					throw down();
				}

				private DataAccessResourceFailureException down() {
					return new DataAccessResourceFailureException("attempt store unreachable");
				}

			};
		}

	}

}
