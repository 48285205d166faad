package io.github.jwtauth.autoconfigure.http;

import java.net.http.HttpRequest;
import java.time.Duration;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed client authentications at the introspection endpoint are throttled per client
 * address like the other token endpoints (429 with {@code Retry-After}, before the
 * credentials are checked); introspections by an authenticated client are never counted,
 * whatever the token.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
				"jwt.auth.issuer=https://issuer.example.com", "jwt.auth.audiences=api",
				"jwt.auth.throttle.address-max-failures=3",
				"jwt.auth.introspection.clients[0].client-id=" + IntrospectionThrottleHttpTests.CLIENT,
				"jwt.auth.introspection.clients[0].client-secret=" + IntrospectionThrottleHttpTests.SECRET })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class IntrospectionThrottleHttpTests {

	static final String CLIENT = "gateway";

	static final String SECRET = "Vb4Nm8Qw2Er6Ty0Ui3Op7As1Df5Gh9Jk2L";

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
	}

	private JwtAuthClient.Response introspect(String secret, String token) {
		return this.http.send(this.http.request("/auth/introspect")
			.header("Authorization", IntrospectionHttpTests.basic(CLIENT, secret))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
	}

	@Test
	void failedClientAuthenticationsAreThrottled() {
		String token = this.http.login("alice", "alice-password").accessToken();
		for (int i = 0; i < 3; i++) {
			assertThat(introspect("wrong-secret-" + i, token).status()).as("failure %d", i).isEqualTo(401);
		}
		// the third failure reached the threshold: the right secret waits too, and is not
		// even checked
		JwtAuthClient.Response throttled = introspect(SECRET, token);
		assertThat(throttled.status()).as(throttled.toString()).isEqualTo(429);
		assertThat(throttled.field("error")).isEqualTo("too_many_requests");
		assertThat(throttled.header("Retry-After")).isEqualTo("1");
		assertThat(throttled.header("Cache-Control")).isEqualTo("no-store");
		assertThat(throttled.body()).doesNotContain("active");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(introspect(SECRET, token).json()).containsEntry("active", true);
		// each further failure doubles the wait
		assertThat(introspect("wrong", token).status()).isEqualTo(401);
		assertThat(introspect(SECRET, token).header("Retry-After")).isEqualTo("2");
		// and the address is throttled at the other token endpoints as well
		assertThat(this.http.revoke("unknown-token").status()).isEqualTo(429);
	}

	@Test
	void introspectionsOfAnAuthenticatedClientAreNeverCounted() {
		for (int i = 0; i < 10; i++) {
			JwtAuthClient.Response garbage = introspect(SECRET, "garbage-" + i);
			assertThat(garbage.status()).as("introspection %d", i).isEqualTo(200);
			assertThat(garbage.json()).containsEntry("active", false);
		}
		// the address is in good standing
		assertThat(this.http.login("alice", "alice-password").status()).isEqualTo(200);
	}

}
