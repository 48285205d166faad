package io.github.jwtauth.autoconfigure.http;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.autoconfigure.testapp.FromAddress;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestApplication.RecordedEvents;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.web.endpoint.LoginFailedEvent;
import io.github.jwtauth.web.endpoint.LoginThrottledEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Brute-force throttling over real HTTP on the in-memory store: failed logins, refreshes
 * and revocations back off with 429, a throttled login is refused before its password is
 * checked, and an attacker cannot keep a user out longer than the account's bound. The
 * client addresses come through a trusted proxy header; the clock is a {@link TestClock}.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
				"jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences=api",
				"server.forward-headers-strategy=native", "jwt.auth.throttle.max-failures=3",
				"jwt.auth.throttle.address-max-failures=6", "jwt.auth.throttle.initial-backoff=1s",
				"jwt.auth.throttle.max-backoff=15m", "jwt.auth.throttle.account-max-backoff=30s" })
class ThrottleHttpTests {

	private static final String ATTACKER = "203.0.113.9";

	private static final String USER = "198.51.100.7";

	private static final String OTHER = "192.0.2.44";

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	@Autowired
	RecordedEvents events;

	@MockitoSpyBean
	InMemoryUserDetailsManager users;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
		// past every window and back-off of the previous test
		this.clock.advance(Duration.ofHours(1));
		this.events.clear();
	}

	private FromAddress from(String address) {
		return new FromAddress(this.http, address);
	}

	@Test
	void throttledLoginIsRefusedBeforeItsPasswordIsChecked() {
		FromAddress attacker = from(ATTACKER);
		for (int i = 0; i < 3; i++) {
			assertThat(attacker.login("alice", "guess-" + i).status()).isEqualTo(401);
		}
		assertThat(this.events.of(LoginFailedEvent.class)).hasSize(3);
		verify(this.users, times(3)).loadUserByUsername("alice");
		clearInvocations(this.users);
		// the right password does not help: the password is not even checked
		JwtAuthClient.Response throttled = attacker.login("alice", "alice-password");
		verify(this.users, never()).loadUserByUsername(anyString());
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.field("error")).isEqualTo("too_many_requests");
		assertThat(throttled.field("error_description")).isNotBlank();
		assertThat(throttled.header("Retry-After")).isEqualTo("1");
		assertThat(throttled.header("Cache-Control")).contains("no-store");
		assertThat(throttled.header("Content-Type")).startsWith("application/json");
		assertThat(throttled.body()).doesNotContain("access_token");
		assertThat(this.events.of(LoginFailedEvent.class)).hasSize(3);
		assertThat(this.events.of(LoginThrottledEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.username()).isEqualTo("alice");
			assertThat(event.retryAfter()).isEqualTo(Duration.ofSeconds(1));
			assertThat(event.toString()).doesNotContain("alice-password");
		});
		// after the back-off the right password gets in, and clears this address's count
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(attacker.login("alice", "alice-password").status()).isEqualTo(200);
	}

	@Test
	void parallelGuessesOfOneAccountCannotOutrunTheCount() throws Exception {
		// the first guess is held inside the user store; a second one meanwhile, from
		// another address, is refused before its password is checked
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		willAnswer((invocation) -> {
			inside.countDown();
			release.await(10, TimeUnit.SECONDS);
			return invocation.callRealMethod();
		}).given(this.users).loadUserByUsername("bob");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<JwtAuthClient.Response> first = executor.submit(() -> from(ATTACKER).login("bob", "guess-1"));
			assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
			JwtAuthClient.Response second = from(OTHER).login("bob", "guess-2");
			assertThat(second.status()).isEqualTo(429);
			assertThat(second.header("Retry-After")).isEqualTo("1");
			release.countDown();
			assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(401);
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
		// once the first check is over, the account can be tried again
		assertThat(from(USER).login("bob", "bob-password").status()).isEqualTo(200);
	}

	@Test
	void backOffGrowsWithEachFailureAndRetryAfterIsRoundedUp() {
		FromAddress attacker = from(ATTACKER);
		for (int i = 0; i < 3; i++) {
			attacker.login("bob", "guess-" + i);
		}
		this.clock.advance(Duration.ofMillis(1001));
		assertThat(attacker.login("bob", "guess").status()).isEqualTo(401);
		this.clock.advance(Duration.ofMillis(500));
		// 2 seconds after the fourth failure, 1.5 s of it left: told 2 s
		JwtAuthClient.Response throttled = attacker.login("bob", "guess");
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.header("Retry-After")).isEqualTo("2");
	}

	@Test
	void anAttackerCannotKeepTheUserOutLongerThanTheAccountBound() {
		FromAddress attacker = from(ATTACKER);
		String user = "admin";
		int failures = 0;
		while (failures < 15) {
			JwtAuthClient.Response response = attacker.login(user, "guess-" + failures);
			if (response.status() == 429) {
				this.clock.advance(Duration.ofSeconds(Long.parseLong(response.header("Retry-After"))));
			}
			else {
				assertThat(response.status()).isEqualTo(401);
				failures++;
			}
		}
		// the attacker's own back-off has grown past the account's bound
		JwtAuthClient.Response attackerNow = attacker.login(user, "admin-password");
		assertThat(attackerNow.status()).isEqualTo(429);
		assertThat(Long.parseLong(attackerNow.header("Retry-After"))).isGreaterThan(30);
		// the real user, from another address, waits at most the account's bound
		FromAddress realUser = from(USER);
		JwtAuthClient.Response first = realUser.login(user, "admin-password");
		if (first.status() == 429) {
			long wait = Long.parseLong(first.header("Retry-After"));
			assertThat(wait).isBetween(1L, 30L);
			this.clock.advance(Duration.ofSeconds(wait));
			first = realUser.login(user, "admin-password");
		}
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.field("access_token")).isNotBlank();
		// while the attacker is still held back
		assertThat(attacker.login(user, "admin-password").status()).isEqualTo(429);
	}

	@Test
	void accountNamesDifferingInCaseShareOneCount() {
		FromAddress attacker = from(ATTACKER);
		attacker.login("alice", "guess");
		attacker.login("ALICE", "guess");
		attacker.login("Alice", "guess");
		assertThat(attacker.login("alice", "alice-password").status()).isEqualTo(429);
	}

	@Test
	void refreshIsThrottledPerAddress() {
		String refreshToken = from(USER).login("bob", "bob-password").field("refresh_token");
		FromAddress guesser = from(ATTACKER);
		for (int i = 0; i < 6; i++) {
			JwtAuthClient.Response guess = guesser.refresh("guessed-" + UUID.randomUUID());
			assertThat(guess.status()).isEqualTo(400);
			assertThat(guess.field("error")).isEqualTo("invalid_grant");
		}
		JwtAuthClient.Response throttled = guesser.refresh(refreshToken);
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.field("error")).isEqualTo("too_many_requests");
		assertThat(throttled.header("Retry-After")).isEqualTo("1");
		assertThat(throttled.body()).doesNotContain("access_token");
		// the token was not spent by the refused request: its owner, elsewhere, refreshes
		// it
		assertThat(from(USER).refresh(refreshToken).status()).isEqualTo(200);
	}

	@Test
	void revocationIsThrottledPerAddress() {
		FromAddress guesser = from(ATTACKER);
		for (int i = 0; i < 6; i++) {
			assertThat(guesser.revoke("guessed-" + UUID.randomUUID()).status()).isEqualTo(200);
		}
		JwtAuthClient.Response throttled = guesser.revoke("guessed-" + UUID.randomUUID());
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.field("error")).isEqualTo("too_many_requests");
		assertThat(throttled.header("Retry-After")).isEqualTo("1");
		assertThat(from(OTHER).revoke("guessed-" + UUID.randomUUID()).status()).isEqualTo(200);
	}

	@Test
	void failuresFromOneAddressAtEveryEndpointAddUp() {
		FromAddress guesser = from(ATTACKER);
		for (int i = 0; i < 2; i++) {
			guesser.refresh("guessed-" + UUID.randomUUID());
			guesser.revoke("guessed-" + UUID.randomUUID());
			guesser.login("user-" + i, "guess");
		}
		// six failures of this address: a login of an account it never tried is held back
		assertThat(guesser.login("bob", "bob-password").status()).isEqualTo(429);
	}

}
