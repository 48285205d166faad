package io.github.jwtauth.autoconfigure.http;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestApplication.RecordedEvents;
import io.github.jwtauth.revocation.TokenRevokedEvent;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, point 4 over real HTTP: a user's live sessions are bounded
 * ({@code jwt.auth.refresh-token.max-sessions-per-user}); a login beyond the bound
 * revokes that user's oldest session, refresh and access token alike, and never another
 * user's.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "jwt.auth.refresh-token.max-sessions-per-user=3")
class SessionLimitHttpTests {

	@LocalServerPort
	int port;

	@Autowired
	InMemoryUserDetailsManager users;

	@Autowired
	RecordedEvents events;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
	}

	private String newUser(String name) {
		String username = name + "-" + UUID.randomUUID();
		this.users.createUser(User.withUsername(username).password("{noop}secret-" + name).roles("USER").build());
		return username;
	}

	private JwtAuthClient.Response login(String username) {
		String name = username.substring(0, username.indexOf('-'));
		JwtAuthClient.Response login = this.http.login(username, "secret-" + name);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return login;
	}

	private int me(String accessToken) {
		return this.http.get("/api/me", accessToken).status();
	}

	@Test
	void aLoginBeyondTheBoundRevokesTheUsersOldestSession() {
		String carol = newUser("carol");
		List<JwtAuthClient.Response> sessions = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			sessions.add(login(carol));
		}
		sessions.forEach((session) -> assertThat(me(session.accessToken())).isEqualTo(200));
		JwtAuthClient.Response fourth = login(carol);
		// the oldest is revoked, refresh and access token alike
		assertThat(me(sessions.get(0).accessToken())).isEqualTo(401);
		assertThat(this.http.refresh(sessions.get(0).refreshToken()).status()).isEqualTo(400);
		assertThat(this.events.of(TokenRevokedEvent.class)).anySatisfy(
				(event) -> assertThat(event.reason() + " " + event.subject()).isEqualTo("session-limit " + carol));
		// the newest three live on
		for (JwtAuthClient.Response session : List.of(sessions.get(1), sessions.get(2), fourth)) {
			assertThat(me(session.accessToken())).isEqualTo(200);
			assertThat(this.http.refresh(session.refreshToken()).status()).isEqualTo(200);
		}
	}

	@Test
	void oneUserLoggingInAHundredTimesLeavesAnotherUsersSessionWorking() {
		String victim = newUser("victim");
		String attacker = newUser("attacker");
		JwtAuthClient.Response session = login(victim);
		// 100 logins over HTTP with a bound of 3 (RefreshTokenStoreContractTests makes a
		// thousand against every store)
		for (int i = 0; i < 100; i++) {
			login(attacker);
		}
		assertThat(me(session.accessToken())).isEqualTo(200);
		JwtAuthClient.Response refreshed = this.http.refresh(session.refreshToken());
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		assertThat(me(refreshed.accessToken())).isEqualTo(200);
	}

}
