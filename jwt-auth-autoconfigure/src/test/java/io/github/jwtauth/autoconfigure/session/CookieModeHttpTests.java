package io.github.jwtauth.autoconfigure.session;

import java.net.http.HttpRequest;
import java.time.Duration;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.refresh.RefreshTokens;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cookie mode ({@code jwt.auth.cookie.enabled=true}) over real HTTP: the refresh token
 * travels in an HttpOnly, Secure, SameSite=Strict cookie of path {@code /auth} only, is
 * rotated in the cookie, and a refused, spent, expired or logged-out one is cleared.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=100", "jwt.auth.throttle.address-max-failures=1000",
				"jwt.auth.cookie.enabled=true" })
class CookieModeHttpTests {

	private static final long REFRESH_TTL_SECONDS = Duration.ofDays(1).toSeconds();

	@Autowired
	ApplicationContext context;

	@Autowired
	TestClock clock;

	private SessionHttp cookies;

	@BeforeEach
	void client() {
		this.cookies = SessionHttp.of(this.context);
	}

	@Test
	void loginAnswersTheRefreshTokenInAnHttpOnlySecureStrictCookieOfTheAuthPathOnly() {
		Response login = this.cookies.login(this.cookies.newUser("carla"), SessionHttp.SAME_SITE);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.json()).doesNotContainKey("refresh_token")
			.containsKeys("access_token", "token_type", "expires_in");
		assertThat(Long.parseLong(login.field("refresh_token_expires_in"))).isEqualTo(REFRESH_TTL_SECONDS);
		assertThat(login.header("Cache-Control")).contains("no-store");
		SetCookie cookie = SetCookie.single(login).assertRefreshCookie(SessionHttp.COOKIE, "/auth", "Strict");
		assertThat(cookie.maxAge()).isEqualTo(REFRESH_TTL_SECONDS);
		// the refresh token of the session of the access token, in the cookie alone
		assertThat(cookie.value()).matches("[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{43}")
			.startsWith(RefreshTokens.familyTag(SessionHttp.sid(login.accessToken())) + ".");
		assertThat(login.body()).doesNotContain(cookie.value());
		assertThat(this.cookies.me(login.accessToken())).isEqualTo(200);
	}

	@Test
	void aRefreshWithTheCookieAloneRotatesItInTheCookie() {
		Response login = this.cookies.login(this.cookies.newUser("carla"), SessionHttp.SAME_SITE);
		String first = SetCookie.single(login).value();

		Response refreshed = this.cookies.refresh(first, SessionHttp.SAME_SITE);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		assertThat(refreshed.json()).doesNotContainKey("refresh_token");
		assertThat(refreshed.accessToken()).isNotEqualTo(login.accessToken());
		assertThat(SessionHttp.sid(refreshed.accessToken())).isEqualTo(SessionHttp.sid(login.accessToken()));
		assertThat(this.cookies.me(refreshed.accessToken())).isEqualTo(200);
		SetCookie rotated = SetCookie.single(refreshed).assertRefreshCookie(SessionHttp.COOKIE, "/auth", "Strict");
		assertThat(rotated.value()).isNotEqualTo(first).isNotEmpty();
		assertThat(rotated.maxAge()).isEqualTo(Long.parseLong(refreshed.field("refresh_token_expires_in")));

		// an empty JSON object or a form without the token use the cookie too
		Response viaJson = this.cookies.postJson("/auth/refresh", "{}", null, rotated.value(), SessionHttp.SAME_SITE);
		assertThat(viaJson.status()).as(viaJson.toString()).isEqualTo(200);
		String third = SetCookie.single(viaJson).value();
		Response viaForm = this.cookies.postForm("/auth/refresh", "grant_type=refresh_token", null, third,
				SessionHttp.SAME_SITE);
		assertThat(viaForm.status()).as(viaForm.toString()).isEqualTo(200);
		assertThat(SetCookie.single(viaForm).value()).isNotIn(first, rotated.value(), third);
	}

	@Test
	void theCookieIsFoundAmongTheOtherCookiesOfTheSite() {
		String cookie = SetCookie.single(this.cookies.login(this.cookies.newUser("carla"), SessionHttp.SAME_SITE))
			.value();
		Response refreshed = this.cookies.http()
			.send(this.cookies.http()
				.request("/auth/refresh")
				.header("Cookie", "theme=dark; " + SessionHttp.COOKIE + "=" + cookie + "; lang=en")
				.header(SessionHttp.SAME_SITE[0], SessionHttp.SAME_SITE[1])
				.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
	}

	@Test
	void aCookieWithoutItsPrefixIsNotTheRefreshTokenCookie() {
		String cookie = SetCookie.single(this.cookies.login(this.cookies.newUser("carla"), SessionHttp.SAME_SITE))
			.value();
		Response refused = this.cookies.http()
			.send(this.cookies.http()
				.request("/auth/refresh")
				.header("Cookie", "jwt-auth-refresh=" + cookie)
				.header(SessionHttp.SAME_SITE[0], SessionHttp.SAME_SITE[1])
				.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.field("error")).isEqualTo("invalid_grant");
		assertThat(refused.field("error_description")).contains("cookie is missing");
		// it was not spent
		assertThat(this.cookies.refresh(cookie, SessionHttp.SAME_SITE).status()).isEqualTo(200);
	}

	@Test
	void aSpentCookiePresentedAgainKillsTheWholeFamilyAndIsCleared() {
		String user = this.cookies.newUser("carla");
		Response login = this.cookies.login(user, SessionHttp.SAME_SITE);
		Response other = this.cookies.login(user, SessionHttp.SAME_SITE);
		String first = SetCookie.single(login).value();
		Response refreshed = this.cookies.refresh(first, SessionHttp.SAME_SITE);
		assertThat(refreshed.status()).isEqualTo(200);
		String newest = SetCookie.single(refreshed).value();

		Response reuse = this.cookies.refresh(first, SessionHttp.SAME_SITE);
		assertThat(reuse.status()).isEqualTo(400);
		assertThat(reuse.field("error")).isEqualTo("invalid_grant");
		SetCookie.single(reuse).assertCleared(SessionHttp.COOKIE, "/auth", "Strict");

		Response newestRefused = this.cookies.refresh(newest, SessionHttp.SAME_SITE);
		assertThat(newestRefused.status()).isEqualTo(400);
		assertThat(newestRefused.field("error")).isEqualTo("invalid_grant");
		SetCookie.single(newestRefused).assertCleared(SessionHttp.COOKIE, "/auth", "Strict");
		assertThat(this.cookies.me(refreshed.accessToken())).isEqualTo(401);
		assertThat(this.cookies.me(login.accessToken())).isEqualTo(401);
		// the user's other session lives on
		assertThat(this.cookies.me(other.accessToken())).isEqualTo(200);
		assertThat(this.cookies.refresh(SetCookie.single(other).value(), SessionHttp.SAME_SITE).status())
			.isEqualTo(200);
	}

	@Test
	void anUnknownCookieIsRefusedAndCleared() {
		for (String unknown : new String[] { "garbage", "AAAAAA." + "A".repeat(43), "x".repeat(300) }) {
			Response refused = this.cookies.refresh(unknown, SessionHttp.SAME_SITE);
			assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
			assertThat(refused.field("error")).isEqualTo("invalid_grant");
			SetCookie.single(refused).assertCleared(SessionHttp.COOKIE, "/auth", "Strict");
		}
	}

	@Test
	void aRefreshWithNeitherCookieNorBodyIsAnInvalidGrant() {
		// an expired cookie is not sent by the browser: the same answer
		Response refused = this.cookies.refresh(null, SessionHttp.SAME_SITE);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.field("error")).isEqualTo("invalid_grant");
		assertThat(refused.field("error_description")).contains("cookie is missing or expired");
	}

	@Test
	void aCookieRefusedForItsDPoPBindingIsKept() {
		DPoPKey key = DPoPKey.es256().clock(this.clock);
		Response login = this.cookies.login(this.cookies.newUser("carla"), SessionHttp.SAME_SITE[0],
				SessionHttp.SAME_SITE[1], "DPoP", key.proof("POST", this.cookies.ownOrigin() + "/auth/login"));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.field("token_type")).isEqualTo("DPoP");
		String cookie = SetCookie.single(login).value();
		// a bound session without a proof: refused, and its holder keeps the cookie
		Response noProof = this.cookies.refresh(cookie, SessionHttp.SAME_SITE);
		assertThat(noProof.status()).as(noProof.toString()).isEqualTo(400);
		assertThat(noProof.field("error")).isEqualTo("invalid_grant");
		assertThat(SetCookie.all(noProof)).isEmpty();
		Response withProof = this.cookies.refresh(cookie, SessionHttp.SAME_SITE[0], SessionHttp.SAME_SITE[1], "DPoP",
				key.proof("POST", this.cookies.ownOrigin() + "/auth/refresh"));
		assertThat(withProof.status()).as(withProof.toString()).isEqualTo(200);
		SetCookie.single(withProof).assertRefreshCookie(SessionHttp.COOKIE, "/auth", "Strict");
	}

	@Test
	void aPlantedSecondCookieDoesNotStopALogout() {
		Response login = this.cookies.login(this.cookies.newUser("carla"), SessionHttp.SAME_SITE);
		String cookie = SetCookie.single(login).value();
		Response logout = this.cookies.http()
			.send(this.cookies.http()
				.request("/auth/logout")
				.header("Authorization", "Bearer " + login.accessToken())
				.header("Cookie", SessionHttp.COOKIE + "=planted; " + SessionHttp.COOKIE + "=" + cookie)
				.header(SessionHttp.SAME_SITE[0], SessionHttp.SAME_SITE[1])
				.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
		SetCookie.single(logout).assertCleared(SessionHttp.COOKIE, "/auth", "Strict");
		// the session of the access token is ended all the same
		assertThat(this.cookies.me(login.accessToken())).isEqualTo(401);
		assertThat(this.cookies.refresh(cookie, SessionHttp.SAME_SITE).field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void aRequestCarryingTheCookieTwiceIsRefused() {
		String cookie = SetCookie.single(this.cookies.login(this.cookies.newUser("carla"), SessionHttp.SAME_SITE))
			.value();
		// as if a sibling host had planted one for the parent domain
		Response refused = this.cookies.http()
			.send(this.cookies.http()
				.request("/auth/refresh")
				.header("Cookie", SessionHttp.COOKIE + "=" + cookie + "; " + SessionHttp.COOKIE + "=planted")
				.header(SessionHttp.SAME_SITE[0], SessionHttp.SAME_SITE[1])
				.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.field("error")).isEqualTo("invalid_request");
		// nothing was spent
		assertThat(this.cookies.refresh(cookie, SessionHttp.SAME_SITE).status()).isEqualTo(200);
	}

	@Test
	void anExpiredCookieIsRefusedAndCleared() {
		Response login = this.cookies.login(this.cookies.newUser("carla"), SessionHttp.SAME_SITE);
		String cookie = SetCookie.single(login).value();
		this.clock.advance(Duration.ofSeconds(REFRESH_TTL_SECONDS + 1));
		Response expired = this.cookies.refresh(cookie, SessionHttp.SAME_SITE);
		assertThat(expired.status()).as(expired.toString()).isEqualTo(400);
		assertThat(expired.field("error")).isEqualTo("invalid_grant");
		SetCookie.single(expired).assertCleared(SessionHttp.COOKIE, "/auth", "Strict");
	}

	@Test
	void logoutEndsTheSessionOfTheCookieAndOfTheBearerTokenAndClearsTheCookie() {
		String user = this.cookies.newUser("carla");
		Response bearerSession = this.cookies.login(user, SessionHttp.SAME_SITE);
		Response cookieSession = this.cookies.login(user, SessionHttp.SAME_SITE);
		Response untouched = this.cookies.login(user, SessionHttp.SAME_SITE);

		Response logout = this.cookies.logout(bearerSession.accessToken(), SetCookie.single(cookieSession).value(),
				SessionHttp.SAME_SITE);
		assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
		SetCookie.single(logout).assertCleared(SessionHttp.COOKIE, "/auth", "Strict");

		assertThat(this.cookies.me(bearerSession.accessToken())).isEqualTo(401);
		assertThat(this.cookies.refresh(SetCookie.single(bearerSession).value(), SessionHttp.SAME_SITE).field("error"))
			.isEqualTo("invalid_grant");
		assertThat(this.cookies.me(cookieSession.accessToken())).isEqualTo(401);
		assertThat(this.cookies.refresh(SetCookie.single(cookieSession).value(), SessionHttp.SAME_SITE).field("error"))
			.isEqualTo("invalid_grant");
		assertThat(this.cookies.me(untouched.accessToken())).isEqualTo(200);
		assertThat(this.cookies.refresh(SetCookie.single(untouched).value(), SessionHttp.SAME_SITE).status())
			.isEqualTo(200);
	}

	@Test
	void logoutWithTheCookieOfTheSameSessionEndsIt() {
		Response login = this.cookies.login(this.cookies.newUser("carla"), SessionHttp.SAME_SITE);
		String cookie = SetCookie.single(login).value();
		Response logout = this.cookies.logout(login.accessToken(), cookie, SessionHttp.SAME_SITE);
		assertThat(logout.status()).isEqualTo(204);
		SetCookie.single(logout).assertCleared(SessionHttp.COOKIE, "/auth", "Strict");
		assertThat(this.cookies.me(login.accessToken())).isEqualTo(401);
		assertThat(this.cookies.refresh(cookie, SessionHttp.SAME_SITE).field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void logoutWithTheCookieOfAnotherUserEndsOnlyTheCallersSession() {
		Response carla = this.cookies.login(this.cookies.newUser("carla"), SessionHttp.SAME_SITE);
		Response dave = this.cookies.login(this.cookies.newUser("dave"), SessionHttp.SAME_SITE);
		Response logout = this.cookies.logout(carla.accessToken(), SetCookie.single(dave).value(),
				SessionHttp.SAME_SITE);
		assertThat(logout.status()).isEqualTo(204);
		assertThat(this.cookies.me(carla.accessToken())).isEqualTo(401);
		assertThat(this.cookies.me(dave.accessToken())).isEqualTo(200);
		assertThat(this.cookies.refresh(SetCookie.single(dave).value(), SessionHttp.SAME_SITE).status()).isEqualTo(200);
	}

	@Test
	void logoutWithABearerTokenAloneClearsTheCookieAllTheSame() {
		Response login = this.cookies.login(this.cookies.newUser("carla"), SessionHttp.SAME_SITE);
		Response logout = this.cookies.logout(login.accessToken(), null);
		assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
		SetCookie.single(logout).assertCleared(SessionHttp.COOKIE, "/auth", "Strict");
		assertThat(this.cookies.me(login.accessToken())).isEqualTo(401);
		assertThat(this.cookies.refresh(SetCookie.single(login).value(), SessionHttp.SAME_SITE).field("error"))
			.isEqualTo("invalid_grant");
	}

	@Test
	void logoutAllEndsEverySessionAndClearsTheCookie() {
		String user = this.cookies.newUser("carla");
		Response first = this.cookies.login(user, SessionHttp.SAME_SITE);
		Response second = this.cookies.login(user, SessionHttp.SAME_SITE);
		Response logoutAll = this.cookies.logoutAll(first.accessToken(), SetCookie.single(first).value(),
				SessionHttp.SAME_SITE);
		assertThat(logoutAll.status()).as(logoutAll.toString()).isEqualTo(204);
		SetCookie.single(logoutAll).assertCleared(SessionHttp.COOKIE, "/auth", "Strict");
		for (Response session : new Response[] { first, second }) {
			assertThat(this.cookies.me(session.accessToken())).isEqualTo(401);
			assertThat(this.cookies.refresh(SetCookie.single(session).value(), SessionHttp.SAME_SITE).field("error"))
				.isEqualTo("invalid_grant");
		}
		// the user logs in again at once
		Response again = this.cookies.login(user, SessionHttp.SAME_SITE);
		assertThat(this.cookies.me(again.accessToken())).isEqualTo(200);
	}

}
