package io.github.jwtauth.autoconfigure.session;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The sessions API over real HTTP: a user lists their own live sessions and ends one of
 * them or all but the current one; nobody sees or ends another user's sessions, and a
 * malformed session ID is a clear 400.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=100",
				"jwt.auth.throttle.address-max-failures=1000" })
class SessionsApiHttpTests {

	private static final Duration REFRESH_TTL = Duration.ofDays(1);

	@Autowired
	ApplicationContext context;

	@Autowired
	TestClock clock;

	private SessionHttp http;

	@BeforeEach
	void client() {
		this.http = SessionHttp.of(this.context);
	}

	/**
	 * Move the shared clock forward to a whole second, so that the times the store keeps
	 * are the clock's exactly.
	 * @return the new time
	 */
	private Instant wholeSecond() {
		this.clock.set(this.clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
		return this.clock.instant();
	}

	@Test
	void theCallersLiveSessionsAreListedNewestFirst() {
		String user = this.http.newUser("alma");
		Instant t0 = wholeSecond();
		Response first = this.http.login(user);
		this.clock.advance(Duration.ofSeconds(1));
		Response second = this.http.login(user);
		this.clock.advance(Duration.ofSeconds(1));
		Response third = this.http.login(user);

		Response answer = this.http.sessions(second.accessToken());
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.header("Cache-Control")).contains("no-store");
		assertThat(answer.header("Content-Type")).startsWith("application/json");
		List<Map<String, Object>> listed = this.http.listed(second.accessToken());
		assertThat(listed).extracting((session) -> session.get("id"))
			.containsExactly(SessionHttp.sid(third.accessToken()), SessionHttp.sid(second.accessToken()),
					SessionHttp.sid(first.accessToken()));
		for (int i = 0; i < 3; i++) {
			Map<String, Object> session = listed.get(i);
			Instant createdAt = t0.plusSeconds(2 - i);
			assertThat(session).containsOnlyKeys("id", "created_at", "last_used_at", "expires_at", "current",
					"dpop_bound");
			assertThat(Instant.parse((String) session.get("created_at"))).isEqualTo(createdAt);
			assertThat(Instant.parse((String) session.get("last_used_at"))).isEqualTo(createdAt);
			assertThat(Instant.parse((String) session.get("expires_at"))).isEqualTo(createdAt.plus(REFRESH_TTL));
			assertThat(session.get("current")).isEqualTo(i == 1);
			assertThat(session.get("dpop_bound")).isEqualTo(false);
		}
		// each token sees its own session as the current one
		assertThat(this.http.listed(third.accessToken())).extracting((session) -> session.get("current"))
			.containsExactly(true, false, false);
	}

	@Test
	void aRefreshMovesTheLastUseAndTheExpiryButNotTheStart() {
		String user = this.http.newUser("alma");
		Instant t0 = wholeSecond();
		Response login = this.http.login(user);
		this.clock.advance(Duration.ofHours(1));
		Response refreshed = this.http.refreshInBody(login.refreshToken());
		assertThat(refreshed.status()).isEqualTo(200);
		Map<String, Object> session = this.http.listed(refreshed.accessToken()).get(0);
		assertThat(session.get("id")).isEqualTo(SessionHttp.sid(login.accessToken()));
		assertThat(Instant.parse((String) session.get("created_at"))).isEqualTo(t0);
		assertThat(Instant.parse((String) session.get("last_used_at"))).isEqualTo(t0.plus(Duration.ofHours(1)));
		assertThat(Instant.parse((String) session.get("expires_at")))
			.isEqualTo(t0.plus(Duration.ofHours(1)).plus(REFRESH_TTL));
		assertThat(session.get("current")).isEqualTo(true);
	}

	@Test
	void endedAndExpiredSessionsAreNotListed() {
		String user = this.http.newUser("alma");
		Response expiring = this.http.login(user);
		this.clock.advance(REFRESH_TTL.plusSeconds(1));
		Response loggedOut = this.http.login(user);
		assertThat(this.http.http().logout(loggedOut.accessToken()).status()).isEqualTo(204);
		Response current = this.http.login(user);
		assertThat(this.http.listedIds(current.accessToken())).containsExactly(SessionHttp.sid(current.accessToken()))
			.doesNotContain(SessionHttp.sid(expiring.accessToken()), SessionHttp.sid(loggedOut.accessToken()));
	}

	@Test
	void endingASessionRevokesItsRefreshAndAccessTokensAtOnce() {
		String user = this.http.newUser("alma");
		Response phone = this.http.login(user);
		Response laptop = this.http.login(user);

		Response ended = this.http.end(laptop.accessToken(), SessionHttp.sid(phone.accessToken()));
		assertThat(ended.status()).as(ended.toString()).isEqualTo(204);
		assertThat(ended.body()).isEmpty();
		assertThat(this.http.me(phone.accessToken())).isEqualTo(401);
		Response refresh = this.http.refreshInBody(phone.refreshToken());
		assertThat(refresh.status()).isEqualTo(400);
		assertThat(refresh.field("error")).isEqualTo("invalid_grant");
		// the caller's own session works on
		assertThat(this.http.me(laptop.accessToken())).isEqualTo(200);
		Response laptopRefreshed = this.http.refreshInBody(laptop.refreshToken());
		assertThat(laptopRefreshed.status()).isEqualTo(200);
		assertThat(this.http.listedIds(laptopRefreshed.accessToken()))
			.containsExactly(SessionHttp.sid(laptop.accessToken()));
		// ended already
		Response again = this.http.end(laptopRefreshed.accessToken(), SessionHttp.sid(phone.accessToken()));
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.field("error")).isEqualTo("not_found");
	}

	@Test
	void aRequestBodyIsRefusedBeforeAnythingParsesIt() {
		String user = this.http.newUser("alma");
		Response phone = this.http.login(user);
		Response laptop = this.http.login(user);
		// a malformed form body made Spring's FormContentFilter answer 500
		Response malformed = this.http.endWithBody(laptop.accessToken(), SessionHttp.sid(phone.accessToken()), "a=%zz");
		assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
		assertThat(malformed.field("error")).isEqualTo("invalid_request");
		Response wellFormed = this.http.endWithBody(laptop.accessToken(), SessionHttp.sid(phone.accessToken()), "a=b");
		assertThat(wellFormed.status()).as(wellFormed.toString()).isEqualTo(400);
		// nothing was ended
		assertThat(this.http.me(phone.accessToken())).isEqualTo(200);
	}

	@Test
	void endingTheCallersOwnSessionLogsItOut() {
		Response login = this.http.login(this.http.newUser("alma"));
		assertThat(this.http.end(login.accessToken(), SessionHttp.sid(login.accessToken())).status()).isEqualTo(204);
		assertThat(this.http.me(login.accessToken())).isEqualTo(401);
		assertThat(this.http.refreshInBody(login.refreshToken()).field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void usersCannotSeeOrEndOtherUsersSessions() {
		String alice = this.http.newUser("alice");
		String bob = this.http.newUser("bob");
		Response aliceLogin = this.http.login(alice);
		Response bobLogin = this.http.login(bob);
		String aliceSession = SessionHttp.sid(aliceLogin.accessToken());

		assertThat(this.http.listedIds(bobLogin.accessToken()))
			.containsExactly(SessionHttp.sid(bobLogin.accessToken()));
		Response foreign = this.http.end(bobLogin.accessToken(), aliceSession);
		assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
		assertThat(foreign.field("error")).isEqualTo("not_found");
		Response unknown = this.http.end(bobLogin.accessToken(), UUID.randomUUID().toString());
		assertThat(unknown.status()).isEqualTo(404);
		// the same answer: bob does not learn that the ID is a session
		assertThat(unknown.body()).isEqualTo(foreign.body());
		assertThat(this.http.endOthers(bobLogin.accessToken()).status()).isEqualTo(204);

		assertThat(this.http.me(aliceLogin.accessToken())).isEqualTo(200);
		Response aliceRefreshed = this.http.refreshInBody(aliceLogin.refreshToken());
		assertThat(aliceRefreshed.status()).isEqualTo(200);
		assertThat(this.http.listedIds(aliceRefreshed.accessToken())).containsExactly(aliceSession);
		assertThat(this.http.me(bobLogin.accessToken())).isEqualTo(200);
	}

	@Test
	void malformedSessionIdsAreBadRequestsNeverServerErrors() {
		Response login = this.http.login(this.http.newUser("alma"));
		String uuid = UUID.randomUUID().toString();
		for (String id : List.of("abc", uuid + "0", uuid.substring(1), uuid.toUpperCase(), uuid.replace("-", ""),
				"%7B" + uuid + "%7D", "%20" + uuid, uuid + "%20", "x".repeat(2000), "%E2%98%83", "others2")) {
			Response refused = this.http.end(login.accessToken(), id);
			assertThat(refused.status()).as("%s: %s", id, refused).isEqualTo(400);
			assertThat(refused.field("error")).as(id).isEqualTo("invalid_request");
		}
		assertThat(this.http.me(login.accessToken())).isEqualTo(200);
	}

	@Test
	void encodedSlashesDotsAndNullsInTheIdAreRefused() {
		// refused by the container or the firewall before the endpoint: 400 all the same
		Response login = this.http.login(this.http.newUser("alma"));
		String uuid = UUID.randomUUID().toString();
		for (String id : List.of("..%2F", "..%2Fothers", "%2E%2E", "..%5Cothers", uuid + "%00", uuid + "%3Bx", "%25")) {
			Response refused = this.http.end(login.accessToken(), id);
			assertThat(refused.status()).as("%s: %s", id, refused).isEqualTo(400);
		}
		assertThat(this.http.me(login.accessToken())).isEqualTo(200);
		assertThat(this.http.listedIds(login.accessToken())).containsExactly(SessionHttp.sid(login.accessToken()));
	}

	@Test
	void endingTheOthersKeepsOnlyTheCallersSession() {
		String user = this.http.newUser("alma");
		Response first = this.http.login(user);
		Response kept = this.http.login(user);
		Response third = this.http.login(user);
		Response others = this.http.endOthers(kept.accessToken());
		assertThat(others.status()).as(others.toString()).isEqualTo(204);
		for (Response ended : List.of(first, third)) {
			assertThat(this.http.me(ended.accessToken())).isEqualTo(401);
			assertThat(this.http.refreshInBody(ended.refreshToken()).field("error")).isEqualTo("invalid_grant");
		}
		assertThat(this.http.me(kept.accessToken())).isEqualTo(200);
		Response refreshed = this.http.refreshInBody(kept.refreshToken());
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(this.http.listedIds(refreshed.accessToken())).containsExactly(SessionHttp.sid(kept.accessToken()));
		// nothing left to end
		assertThat(this.http.endOthers(refreshed.accessToken()).status()).isEqualTo(204);
		assertThat(this.http.me(refreshed.accessToken())).isEqualTo(200);
	}

	@Test
	void otherMethodsAreRefusedNeverServerErrors() {
		Response login = this.http.login(this.http.newUser("alma"));
		String id = SessionHttp.sid(login.accessToken());
		for (String[] request : new String[][] { { "POST", "/auth/sessions" }, { "PUT", "/auth/sessions" },
				{ "DELETE", "/auth/sessions" }, { "GET", "/auth/sessions/" + id }, { "PUT", "/auth/sessions/" + id },
				{ "POST", "/auth/sessions/others" }, { "PATCH", "/auth/sessions/others" } }) {
			Response refused = this.http.http()
				.send(this.http.http()
					.request(request[1])
					.header("Authorization", "Bearer " + login.accessToken())
					.method(request[0], HttpRequest.BodyPublishers.noBody()));
			assertThat(refused.status()).as("%s %s: %s", request[0], request[1], refused).isBetween(400, 499);
		}
		assertThat(this.http.me(login.accessToken())).isEqualTo(200);
		assertThat(this.http.listedIds(login.accessToken())).containsExactly(id);
	}

	@Test
	void withoutATokenTheApiAnswersTheBearerChallenge() {
		String id = UUID.randomUUID().toString();
		for (Response refused : List.of(this.http.sessions(null), this.http.end(null, id), this.http.endOthers(null),
				this.http.sessions("not-a-token"), this.http.end("not-a-token", id))) {
			assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
			assertThat(refused.header("WWW-Authenticate")).as(refused.toString()).startsWith("Bearer");
		}
	}

	@Test
	void aRefreshTokenIsNoAccessToken() {
		Response login = this.http.login(this.http.newUser("alma"));
		Response refused = this.http.sessions(login.refreshToken());
		assertThat(refused.status()).isEqualTo(401);
	}

	@Test
	void aDPoPBoundSessionIsListedAsBoundAndManagedWithProofs() {
		String user = this.http.newUser("alma");
		DPoPKey key = DPoPKey.es256().clock(this.clock);
		String url = this.http.http().baseUrl();
		Response bound = this.http.login(user, "DPoP", key.proof("POST", url + "/auth/login"));
		assertThat(bound.field("token_type")).isEqualTo("DPoP");
		this.clock.advance(Duration.ofSeconds(1));
		Response bearer = this.http.login(user);

		Response listed = this.http.http()
			.send(this.http.http()
				.request("/auth/sessions")
				.header("Authorization", "DPoP " + bound.accessToken())
				.header("DPoP", key.proof("GET", url + "/auth/sessions", bound.accessToken()))
				.GET());
		assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
		List<Map<String, Object>> sessions = this.http.listed(bearer.accessToken());
		assertThat(sessions).extracting((session) -> session.get("id"), (session) -> session.get("dpop_bound"))
			.containsExactly(tuple(SessionHttp.sid(bearer.accessToken()), false),
					tuple(SessionHttp.sid(bound.accessToken()), true));

		String endUrl = url + "/auth/sessions/" + SessionHttp.sid(bearer.accessToken());
		Response ended = this.http.http()
			.send(this.http.http()
				.request("/auth/sessions/" + SessionHttp.sid(bearer.accessToken()))
				.header("Authorization", "DPoP " + bound.accessToken())
				.header("DPoP", key.proof("DELETE", endUrl, bound.accessToken()))
				.DELETE());
		assertThat(ended.status()).as(ended.toString()).isEqualTo(204);
		assertThat(this.http.me(bearer.accessToken())).isEqualTo(401);
		// without its proof the bound token is no access token
		Response noProof = this.http.sessions(bound.accessToken());
		assertThat(noProof.status()).isEqualTo(401);
	}

}
