package io.github.jwtauth.autoconfigure.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestApplication.RecordedEvents;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.refresh.LoginSessions;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.SessionCreatedEvent;
import io.github.jwtauth.session.SessionEndReason;
import io.github.jwtauth.session.SessionEndedEvent;
import io.github.jwtauth.session.SessionEvent;
import io.github.jwtauth.session.SessionRefreshedEvent;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The audit trail of login sessions over real HTTP: a {@link SessionCreatedEvent} at
 * login, a {@link SessionRefreshedEvent} at each rotation, and one
 * {@link SessionEndedEvent} with its reason for every session that ends, however it ends;
 * none carries a token.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=100",
				"jwt.auth.throttle.address-max-failures=1000" })
class SessionEventsHttpTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	RecordedEvents events;

	@Autowired
	LoginSessions loginSessions;

	private SessionHttp http;

	/** Every token a test was handed, which no event may carry. */
	private final List<String> tokens = new ArrayList<>();

	@Autowired
	TestClock clock;

	@BeforeEach
	void client() {
		this.http = SessionHttp.of(this.context);
		// the shared stores cut sessions off by their server's clock (real time); the
		// application's clock stands still from the (cached, shared) context's start:
		// bring it to now
		this.clock.set(Instant.now());
		this.events.clear();
	}

	@AfterEach
	void noEventCarriesAToken() {
		List<SessionEvent> all = this.events.of(SessionEvent.class);
		for (SessionEvent event : all) {
			String text = event.toString();
			for (String token : this.tokens) {
				assertThat(text).as(event.getClass().getSimpleName()).doesNotContain(token);
				// neither the random part of a refresh token nor the signature of an
				// access token
				assertThat(text).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
			}
		}
	}

	private Response login(String user) {
		Response login = this.http.login(user);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		this.tokens.add(login.accessToken());
		this.tokens.add(login.refreshToken());
		return login;
	}

	private Response refresh(String refreshToken) {
		Response refreshed = this.http.refreshInBody(refreshToken);
		if (refreshed.status() == 200) {
			this.tokens.add(refreshed.accessToken());
			this.tokens.add(refreshed.refreshToken());
		}
		return refreshed;
	}

	private List<SessionEndedEvent> ended(String user) {
		return this.events.of(SessionEndedEvent.class).stream().filter((e) -> user.equals(e.subject())).toList();
	}

	@Test
	void aLoginStartsASessionWhoseIdIsTheSidOfItsTokens() {
		String user = this.http.newUser("ada");
		Response login = login(user);
		assertThat(this.events.of(SessionCreatedEvent.class)).filteredOn((e) -> e.subject().equals(user))
			.singleElement()
			.satisfies((e) -> {
				assertThat(e.sessionId()).isEqualTo(SessionHttp.sid(login.accessToken()));
				assertThat(e.dpopBound()).isFalse();
				// not recorded by default
				assertThat(e.client()).isEqualTo(ClientDetails.NONE);
			});
	}

	@Test
	void eachRefreshIsPublished() {
		String user = this.http.newUser("ada");
		Response login = login(user);
		Response refreshed = refresh(login.refreshToken());
		refresh(refreshed.refreshToken());
		assertThat(this.events.of(SessionRefreshedEvent.class)).filteredOn((e) -> e.subject().equals(user))
			.extracting(SessionRefreshedEvent::sessionId)
			.containsExactly(SessionHttp.sid(login.accessToken()), SessionHttp.sid(login.accessToken()));
		assertThat(ended(user)).isEmpty();
	}

	@Test
	void aLogoutEndsTheSessionWithReasonLogout() {
		String user = this.http.newUser("ada");
		Response login = login(user);
		login(user);
		assertThat(this.http.http().logout(login.accessToken()).status()).isEqualTo(204);
		assertThat(ended(user)).extracting(SessionEndedEvent::sessionId, SessionEndedEvent::reason)
			.containsExactly(tuple(SessionHttp.sid(login.accessToken()), SessionEndReason.LOGOUT));
	}

	@Test
	void endingSessionsFromTheApiEndsThemByTheUser() {
		String user = this.http.newUser("ada");
		Response first = login(user);
		Response second = login(user);
		Response third = login(user);
		Response caller = login(user);
		assertThat(this.http.end(caller.accessToken(), SessionHttp.sid(first.accessToken())).status()).isEqualTo(204);
		assertThat(ended(user)).extracting(SessionEndedEvent::sessionId, SessionEndedEvent::reason)
			.containsExactly(tuple(SessionHttp.sid(first.accessToken()), SessionEndReason.ENDED_BY_USER));
		this.events.clear();
		assertThat(this.http.endOthers(caller.accessToken()).status()).isEqualTo(204);
		assertThat(ended(user)).extracting(SessionEndedEvent::sessionId, SessionEndedEvent::reason)
			.containsExactlyInAnyOrder(tuple(SessionHttp.sid(second.accessToken()), SessionEndReason.ENDED_BY_USER),
					tuple(SessionHttp.sid(third.accessToken()), SessionEndReason.ENDED_BY_USER));
		// refused attempts end nothing
		this.events.clear();
		String bob = this.http.newUser("bob");
		Response bobLogin = login(bob);
		assertThat(this.http.end(bobLogin.accessToken(), SessionHttp.sid(caller.accessToken())).status())
			.isEqualTo(404);
		assertThat(this.events.of(SessionEndedEvent.class)).isEmpty();
	}

	@Test
	void reuseOfASpentRefreshTokenEndsTheSessionAsReuseDetected() {
		String user = this.http.newUser("ada");
		Response login = login(user);
		assertThat(refresh(login.refreshToken()).status()).isEqualTo(200);
		assertThat(refresh(login.refreshToken()).status()).isEqualTo(400);
		assertThat(ended(user)).extracting(SessionEndedEvent::sessionId, SessionEndedEvent::reason)
			.containsExactly(tuple(SessionHttp.sid(login.accessToken()), SessionEndReason.REUSE_DETECTED));
	}

	@Test
	void logoutAllEndsEachSessionWithReasonLogoutAll() {
		String user = this.http.newUser("ada");
		Response first = login(user);
		Response second = login(user);
		assertThat(this.http.http().postJson("/auth/logout-all", "{}", first.accessToken()).status()).isEqualTo(204);
		assertThat(ended(user)).extracting(SessionEndedEvent::sessionId, SessionEndedEvent::reason)
			.containsExactlyInAnyOrder(tuple(SessionHttp.sid(first.accessToken()), SessionEndReason.LOGOUT_ALL),
					tuple(SessionHttp.sid(second.accessToken()), SessionEndReason.LOGOUT_ALL));
	}

	@Test
	void theApplicationEndsEverySessionOfAUserAtOnce() {
		String user = this.http.newUser("ada");
		String other = this.http.newUser("bob");
		Response first = login(user);
		Response second = login(user);
		Response bystander = login(other);

		List<String> endedIds = this.loginSessions.endAll(user, "password-changed");

		assertThat(endedIds).containsExactlyInAnyOrder(SessionHttp.sid(first.accessToken()),
				SessionHttp.sid(second.accessToken()));
		assertThat(ended(user))
			.extracting(SessionEndedEvent::sessionId, SessionEndedEvent::reason, SessionEndedEvent::detail)
			.containsExactlyInAnyOrder(
					tuple(SessionHttp.sid(first.accessToken()), SessionEndReason.APPLICATION, "password-changed"),
					tuple(SessionHttp.sid(second.accessToken()), SessionEndReason.APPLICATION, "password-changed"));
		for (Response session : List.of(first, second)) {
			assertThat(this.http.me(session.accessToken())).isEqualTo(401);
			assertThat(refresh(session.refreshToken()).field("error")).isEqualTo("invalid_grant");
		}
		// a new login works at once, and nobody else was touched
		Response again = login(user);
		assertThat(this.http.me(again.accessToken())).isEqualTo(200);
		assertThat(refresh(again.refreshToken()).status()).isEqualTo(200);
		assertThat(this.http.me(bystander.accessToken())).isEqualTo(200);
		assertThat(ended(other)).isEmpty();
	}

}
