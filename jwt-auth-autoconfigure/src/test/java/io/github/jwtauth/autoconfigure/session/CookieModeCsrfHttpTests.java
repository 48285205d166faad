package io.github.jwtauth.autoconfigure.session;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestApplication.RecordedEvents;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.session.SessionCreatedEvent;
import io.github.jwtauth.session.SessionEndedEvent;
import io.github.jwtauth.session.SessionRefreshedEvent;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import io.github.jwtauth.web.endpoint.LoginFailedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard against cross-site requests in cookie mode, over real HTTP: a login, or a
 * refresh or logout that uses the cookie, needs the {@code X-Requested-With} header and
 * the application's own {@code Origin} (when the browser sends one), and is refused with
 * 403 {@code access_denied} otherwise, before anything happens. A refresh token in the
 * body is not authenticated by the cookie and needs neither.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=100", "jwt.auth.throttle.address-max-failures=1000",
				"jwt.auth.cookie.enabled=true" })
class CookieModeCsrfHttpTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	RecordedEvents events;

	private SessionHttp cookies;

	@BeforeEach
	void client() {
		this.cookies = SessionHttp.of(this.context);
		this.events.clear();
	}

	@Test
	void aLoginWithoutTheHeaderIsRefusedBeforeThePasswordIsChecked() {
		String user = this.cookies.newUser("erik");
		for (Response refused : List.of(this.cookies.login(user),
				this.cookies.postJson("/auth/login", Map.of("username", user, "password", "wrong"), null, null),
				this.cookies.postForm("/auth/login", "username=" + user + "&password=" + user + "-password", null,
						null))) {
			assertAccessDenied(refused);
		}
		assertThat(this.events.of(SessionCreatedEvent.class)).isEmpty();
		assertThat(this.events.of(LoginFailedEvent.class)).isEmpty();
	}

	@Test
	void aRefreshWithTheCookieButWithoutTheHeaderIsRefusedAndSpendsNothing() {
		String cookie = SetCookie.single(this.cookies.login(this.cookies.newUser("erik"), SessionHttp.SAME_SITE))
			.value();
		this.events.clear();
		assertAccessDenied(this.cookies.refresh(cookie));
		assertAccessDenied(this.cookies.postJson("/auth/refresh", "{}", null, cookie));
		assertAccessDenied(this.cookies.postForm("/auth/refresh", "grant_type=refresh_token", null, cookie));
		assertThat(this.events.of(SessionRefreshedEvent.class)).isEmpty();
		assertThat(this.events.of(SessionEndedEvent.class)).isEmpty();
		// the cookie still works, and was not taken for a spent one
		Response refreshed = this.cookies.refresh(cookie, SessionHttp.SAME_SITE);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
	}

	@Test
	void aLogoutWithTheCookieButWithoutTheHeaderIsRefusedAndEndsNothing() {
		String user = this.cookies.newUser("erik");
		Response login = this.cookies.login(user, SessionHttp.SAME_SITE);
		Response other = this.cookies.login(user, SessionHttp.SAME_SITE);
		String cookie = SetCookie.single(other).value();
		this.events.clear();
		assertAccessDenied(this.cookies.logout(login.accessToken(), cookie));
		assertAccessDenied(this.cookies.logout(login.accessToken(), cookie, "Origin", SessionHttp.EVIL_ORIGIN,
				SessionHttp.SAME_SITE[0], SessionHttp.SAME_SITE[1]));
		assertThat(this.events.of(SessionEndedEvent.class)).isEmpty();
		// neither the bearer token's session nor the cookie's ended
		assertThat(this.cookies.me(login.accessToken())).isEqualTo(200);
		assertThat(this.cookies.me(other.accessToken())).isEqualTo(200);
		assertThat(this.cookies.refresh(cookie, SessionHttp.SAME_SITE).status()).isEqualTo(200);
	}

	@Test
	void aBlankHeaderIsNoHeader() {
		String user = this.cookies.newUser("erik");
		assertAccessDenied(this.cookies.login(user, SessionHttp.SAME_SITE[0], ""));
	}

	@Test
	void aForeignOriginIsRefusedEvenWithTheHeader() {
		String user = this.cookies.newUser("erik");
		Response login = this.cookies.login(user, SessionHttp.SAME_SITE);
		String cookie = SetCookie.single(login).value();
		for (String origin : List.of(SessionHttp.EVIL_ORIGIN, "null", "http://localhost:" + this.cookies.port(),
				"http://127.0.0.1:" + (this.cookies.port() + 1), "https://127.0.0.1:" + this.cookies.port(),
				"http://127.0.0.1:" + this.cookies.port() + ".evil.example",
				"http://127.0.0.1:" + this.cookies.port() + "/", "http://user@127.0.0.1:" + this.cookies.port(),
				"not an origin")) {
			String[] headers = SessionHttp.sameSite("Origin", origin);
			assertAccessDenied(this.cookies.login(user, headers));
			assertAccessDenied(this.cookies.refresh(cookie, headers));
			assertAccessDenied(this.cookies.logout(login.accessToken(), cookie, headers));
		}
		assertThat(this.cookies.me(login.accessToken())).isEqualTo(200);
		assertThat(this.cookies.refresh(cookie, SessionHttp.SAME_SITE).status()).isEqualTo(200);
	}

	@Test
	void theApplicationsOwnOriginPasses() {
		String user = this.cookies.newUser("erik");
		String[] own = SessionHttp.sameSite("Origin", this.cookies.ownOrigin());
		Response login = this.cookies.login(user, own);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		Response refreshed = this.cookies.refresh(SetCookie.single(login).value(), own);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		Response logout = this.cookies.logout(refreshed.accessToken(), SetCookie.single(refreshed).value(), own);
		assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
		assertThat(this.cookies.me(refreshed.accessToken())).isEqualTo(401);
	}

	@Test
	void theOwnOriginIsTheOneTheRequestWasSentTo() {
		// the same server reached by the name localhost: its origin is then
		// http://localhost:<port>
		JwtAuthClient localhost = JwtAuthClient.forBaseUrl("http://localhost:" + this.cookies.port());
		String user = this.cookies.newUser("erik");
		Response login = localhost.send(localhost.request("/auth/login")
			.header("Content-Type", "application/json")
			.header(SessionHttp.SAME_SITE[0], SessionHttp.SAME_SITE[1])
			.header("Origin", "http://localhost:" + this.cookies.port())
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}")));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
	}

	@Test
	void aCrossSiteFetchWithoutOriginIsRefused() {
		String user = this.cookies.newUser("erik");
		Response login = this.cookies.login(user, SessionHttp.SAME_SITE);
		String cookie = SetCookie.single(login).value();
		String[] crossSite = SessionHttp.sameSite("Sec-Fetch-Site", "cross-site");
		assertAccessDenied(this.cookies.login(user, crossSite));
		assertAccessDenied(this.cookies.refresh(cookie, crossSite));
		assertAccessDenied(this.cookies.logout(login.accessToken(), cookie, crossSite));
		// same-origin and none (typed in the address bar) pass
		Response sameOrigin = this.cookies.refresh(cookie, SessionHttp.sameSite("Sec-Fetch-Site", "same-origin"));
		assertThat(sameOrigin.status()).as(sameOrigin.toString()).isEqualTo(200);
		assertThat(this.cookies.login(user, SessionHttp.sameSite("Sec-Fetch-Site", "none")).status()).isEqualTo(200);
	}

	@Test
	void aRefreshTokenInTheBodyPassesTheGuardToo() {
		// its answer sets the cookie: without the guard another site could post its own
		// refresh token and log the browser in to its account
		String user = this.cookies.newUser("erik");
		String refreshToken = SetCookie.single(this.cookies.login(user, SessionHttp.SAME_SITE)).value();
		Response withoutHeader = this.cookies.postJson("/auth/refresh", Map.of("refresh_token", refreshToken), null,
				null);
		assertAccessDenied(withoutHeader);
		Response refreshed = this.cookies.postJson("/auth/refresh", Map.of("refresh_token", refreshToken), null, null,
				SessionHttp.SAME_SITE);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		// in cookie mode the new one goes into the cookie all the same
		assertThat(refreshed.json()).doesNotContainKey("refresh_token");
		String next = SetCookie.single(refreshed).assertRefreshCookie(SessionHttp.COOKIE, "/auth", "Strict").value();
		Response viaForm = this.cookies.postForm("/auth/refresh", "grant_type=refresh_token&refresh_token=" + next,
				null, null, SessionHttp.SAME_SITE);
		assertThat(viaForm.status()).as(viaForm.toString()).isEqualTo(200);
	}

	@Test
	void aCrossSiteRefreshWithARefreshTokenInTheBodyPlantsNoCookie() {
		// an attacker's page posts (a top-level form navigation) the attacker's own
		// refresh token: if the answer set it as the cookie, the victim's browser would
		// be logged in to the attacker's account, which the guard of the login prevents
		String attackersToken = SetCookie
			.single(this.cookies.login(this.cookies.newUser("mallory"), SessionHttp.SAME_SITE))
			.value();
		Response crossSite = this.cookies.postForm("/auth/refresh",
				"grant_type=refresh_token&refresh_token=" + attackersToken, null, null, "Origin",
				SessionHttp.EVIL_ORIGIN, "Sec-Fetch-Site", "cross-site");
		assertThat(SetCookie.all(crossSite)).as("cookies set by a %d answer", crossSite.status())
			.noneMatch((cookie) -> cookie.name().equals(SessionHttp.COOKIE) && !cookie.value().isEmpty());
	}

	private static void assertAccessDenied(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.field("error")).isEqualTo("access_denied");
		// a refusal of the request, not of the cookie: it is not cleared
		assertThat(SetCookie.all(response)).isEmpty();
	}

}
