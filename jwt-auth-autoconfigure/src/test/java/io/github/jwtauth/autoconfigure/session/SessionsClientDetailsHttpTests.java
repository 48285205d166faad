package io.github.jwtauth.autoconfigure.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestApplication.RecordedEvents;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.SessionCreatedEvent;
import io.github.jwtauth.session.SessionRefreshedEvent;
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
 * {@code jwt.auth.sessions.record-client-details=true}: the sessions API lists the user
 * agent and client address of each session's last use, its login or its latest refresh.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=100", "jwt.auth.throttle.address-max-failures=1000",
				"jwt.auth.sessions.record-client-details=true" })
class SessionsClientDetailsHttpTests {

	static final String LOGIN_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Test/1.0";

	static final String REFRESH_AGENT = "Mozilla/5.0 (Android 14) Test/2.0";

	@Autowired
	ApplicationContext context;

	@Autowired
	TestClock clock;

	@Autowired
	RecordedEvents events;

	private SessionHttp http;

	@BeforeEach
	void client() {
		this.http = SessionHttp.of(this.context);
		this.events.clear();
	}

	@Test
	void theUserAgentAndAddressOfTheLastUseAreListed() {
		String user = this.http.newUser("ines");
		Response login = this.http.login(user, "User-Agent", LOGIN_AGENT);
		assertThat(login.status()).isEqualTo(200);
		Map<String, Object> atLogin = this.http.listed(login.accessToken()).get(0);
		assertThat(atLogin).containsEntry("user_agent", LOGIN_AGENT).containsEntry("client_address", "127.0.0.1");
		assertThat(atLogin.get("last_used_at")).isEqualTo(atLogin.get("created_at"));

		this.clock.advance(Duration.ofMinutes(5));
		Response refreshed = this.http.refreshInBody(login.refreshToken(), "User-Agent", REFRESH_AGENT);
		assertThat(refreshed.status()).isEqualTo(200);
		Map<String, Object> afterRefresh = this.http.listed(refreshed.accessToken()).get(0);
		assertThat(afterRefresh).containsEntry("id", SessionHttp.sid(login.accessToken()))
			.containsEntry("user_agent", REFRESH_AGENT)
			.containsEntry("client_address", "127.0.0.1")
			.containsEntry("created_at", atLogin.get("created_at"));
		assertThat(Instant.parse((String) afterRefresh.get("last_used_at")))
			.isEqualTo(Instant.parse((String) atLogin.get("last_used_at")).plus(Duration.ofMinutes(5)));

		// and the events carry them
		assertThat(this.events.of(SessionCreatedEvent.class)).filteredOn((e) -> e.subject().equals(user))
			.singleElement()
			.satisfies((e) -> assertThat(e.client()).isEqualTo(new ClientDetails(LOGIN_AGENT, "127.0.0.1")));
		assertThat(this.events.of(SessionRefreshedEvent.class)).filteredOn((e) -> e.subject().equals(user))
			.singleElement()
			.satisfies((e) -> assertThat(e.client()).isEqualTo(new ClientDetails(REFRESH_AGENT, "127.0.0.1")));
	}

	@Test
	void eachSessionShowsItsOwnDevice() {
		String user = this.http.newUser("ines");
		Response phone = this.http.login(user, "User-Agent", "Phone/1");
		this.clock.advance(Duration.ofSeconds(1));
		Response laptop = this.http.login(user, "User-Agent", "Laptop/1");
		List<Map<String, Object>> listed = this.http.listed(laptop.accessToken());
		assertThat(listed).extracting((s) -> s.get("id"), (s) -> s.get("user_agent"), (s) -> s.get("current"))
			.containsExactly(tuple(SessionHttp.sid(laptop.accessToken()), "Laptop/1", true),
					tuple(SessionHttp.sid(phone.accessToken()), "Phone/1", false));
	}

	@Test
	void aLongUserAgentIsCut() {
		String agent = "Agent/" + "x".repeat(400);
		Response login = this.http.login(this.http.newUser("ines"), "User-Agent", agent);
		assertThat(this.http.listed(login.accessToken()).get(0).get("user_agent"))
			.isEqualTo(agent.substring(0, ClientDetails.MAX_USER_AGENT_LENGTH));
	}

	@Test
	void aRefusedRefreshChangesNoDetails() {
		String user = this.http.newUser("ines");
		DPoPKey key = DPoPKey.es256().clock(this.clock);
		Response bound = this.http.login(user, "User-Agent", LOGIN_AGENT, "DPoP",
				key.proof("POST", this.http.http().baseUrl() + "/auth/login"));
		assertThat(bound.field("token_type")).isEqualTo("DPoP");
		this.clock.advance(Duration.ofMinutes(1));
		// a DPoP-bound session refreshed without a proof: refused, the token stays usable
		Response refused = this.http.refreshInBody(bound.refreshToken(), "User-Agent", "Attacker/1");
		assertThat(refused.status()).isEqualTo(400);
		Response lister = this.http.login(user, "User-Agent", "Lister/1");
		Map<String, Object> session = this.http.listed(lister.accessToken())
			.stream()
			.filter((s) -> SessionHttp.sid(bound.accessToken()).equals(s.get("id")))
			.findFirst()
			.orElseThrow();
		assertThat(session).containsEntry("user_agent", LOGIN_AGENT)
			.containsEntry("last_used_at", session.get("created_at"))
			.containsEntry("dpop_bound", true);
	}

}
