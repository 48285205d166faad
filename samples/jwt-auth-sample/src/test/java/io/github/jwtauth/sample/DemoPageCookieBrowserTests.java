package io.github.jwtauth.sample;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the demo page in headless Chromium with the sample's {@code cookie} profile: the
 * login answer has no refresh token, the server sets it as an {@code HttpOnly} cookie
 * that the page's script cannot read (checked from a document under the cookie's path,
 * against the value in the browser's cookie jar), the page keeps only the access token in
 * memory, a reload restores the session with a silent refresh, the sessions panel ends
 * other sessions, and the logout clears the cookie, after which a reload tries nothing.
 * Saves a screenshot to {@code target/screenshots/demo-page-cookie.png}. The same
 * conditions as {@link DemoPageBrowserTests}: skipped without Chromium, failed without it
 * when {@code CI=true}.
 * <p>
 * Chromium takes {@code http://localhost} for a secure context: it stores the
 * {@code Secure} cookie (and its {@code __Secure-} name) over plain http there, as over
 * https.
 */
@ActiveProfiles("cookie")
class DemoPageCookieBrowserTests extends AbstractDemoPageBrowserTests {

	private static final String IN_COOKIE = "(in an HttpOnly cookie – not readable here)";

	private static final String COOKIE_FLAG = "jwt-auth-cookie-session";

	/**
	 * Wraps the page's {@code fetch} before any script of the page runs, to record each
	 * request's method and path and, once answered, its status and the names of the JSON
	 * answer's members: never their values.
	 */
	private static final String RECORD_EXCHANGES = """
			(() => {
			  const exchanges = [];
			  Object.defineProperty(window, 'recordedExchanges', { value: exchanges });
			  const fetch = window.fetch;
			  window.fetch = function (input, init) {
			    const exchange = { method: (init && init.method) || 'GET', path: new URL(input, location.href).pathname };
			    exchanges.push(exchange);
			    return fetch.apply(this, arguments).then((response) => {
			      response.clone().text().then((text) => {
			        let body = null;
			        try {
			          body = JSON.parse(text);
			        }
			        catch (e) {
			          // not JSON: no members
			        }
			        exchange.status = response.status;
			        exchange.members = (body && typeof body === 'object') ? Object.keys(body) : [];
			      });
			      return response;
			    });
			  };
			})();
			""";

	@Test
	void keepsTheRefreshTokenInAnHttpOnlyCookieAndRestoresTheSessionAfterAReload() throws IOException {
		try {
			walkThrough();
		}
		catch (AssertionError | RuntimeException ex) {
			screenshot("demo-page-cookie-failure.png");
			throw ex;
		}
	}

	private void walkThrough() throws IOException {
		this.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_EXCHANGES));
		openPage();
		// No cookie session in this tab yet: no silent refresh is even tried.
		assertThat(bodyData("restore")).isEqualTo("none");
		assertThat(requestCount()).isZero();
		assertThat(isDisplayed("cookie-mode")).isFalse();
		assertThat(isDisplayed("reuse-cookie-note")).isFalse();

		// 1. Log in: the answer has no refresh token, the page says where it is.
		click("login-btn");
		waitForText("login-status", "Logged in as alice");
		assertThat(answerMembers("POST", "/auth/login")).contains("access_token", "token_type", "expires_in")
			.doesNotContain("refresh_token");
		assertThat(text("login-status")).contains("refresh token in an HttpOnly cookie");
		assertThat(isDisplayed("cookie-mode")).isTrue();
		assertThat(text("cookie-mode")).isEqualTo("cookie mode: the refresh token is in an HttpOnly cookie");
		assertThat(text("refresh-token")).isEqualTo(IN_COOKIE);
		assertThat(text("session-state")).isEqualTo("signed in as alice");
		assertThat(text("claims")).contains("\"sub\": \"alice\"");
		// nothing readable by a script but the access token in memory and the flag
		assertStoredOnlyTheFlag();
		// in cookie mode the page has no refresh token to replay
		assertThat(isDisplayed("reuse-cookie-note")).isTrue();
		assertThat(this.driver.findElement(By.id("reuse-btn")).isEnabled()).isFalse();
		String loginToken = text("access-token");

		// 2. The API.
		click("me-btn");
		waitForStatus("me-result", "200");
		assertThat(text("me-result")).contains("\"subject\": \"alice\"");

		// 3. Refresh without a body: the browser sends the cookie, the answer sets the
		// next one.
		click("refresh-btn");
		waitForStatus("refresh-result", "200");
		waitForText("rotation-status", "Rotated");
		assertThat(answerMembers("POST", "/auth/refresh")).contains("access_token").doesNotContain("refresh_token");
		assertThat(text("refresh-result")).contains("\"token_type\": \"Bearer\"").doesNotContain("\"refresh_token\":");
		assertThat(text("old-refresh-token")).isEqualTo(IN_COOKIE);
		assertThat(text("new-refresh-token")).isEqualTo(IN_COOKIE);
		assertThat(text("http-log")).contains("POST /auth/refresh (cookie)");
		String refreshedToken = text("access-token");
		assertThat(refreshedToken).isNotEqualTo(loginToken);

		// Reload: the access token goes with the page, the cookie restores the session.
		this.driver.navigate().refresh();
		waitUntil("the page to be ready", ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
		String restoredToken = waitForRestoredSession();
		assertThat(restoredToken).isNotEqualTo(refreshedToken).isNotEqualTo(loginToken);
		assertThat(answerMembers("POST", "/auth/refresh")).contains("access_token").doesNotContain("refresh_token");
		assertThat(text("refresh-token")).isEqualTo(IN_COOKIE);
		click("me-btn");
		waitForStatus("me-result", "200");
		assertThat(text("me-result")).contains("\"subject\": \"alice\"");

		// 5. Sessions: alice logs in twice elsewhere; this page lists them and ends them.
		String elsewhere = loginElsewhere();
		loginElsewhere();
		click("sessions-btn");
		waitForStatus("sessions-result", "200");
		waitUntil("the sessions to be listed", (d) -> !sessions().isEmpty());
		List<WebElement> listed = sessions();
		assertThat(listed).filteredOn((row) -> "true".equals(row.getDomAttribute("data-current"))).hasSize(1);
		int others = listed.size() - 1;
		assertThat(others).isGreaterThanOrEqualTo(2);
		WebElement current = this.driver.findElement(By.cssSelector("#sessions-list [data-current=true]"));
		assertThat(current.getText()).contains("this session");
		assertThat(current.findElements(By.tagName("button"))).isEmpty();
		WebElement end = this.driver.findElement(By.cssSelector("#sessions-list .session-end"));
		String ended = end.getDomAttribute("data-session-id");
		forgetStatus("sessions-result");
		end.click();
		waitForStatus("sessions-result", "204");
		waitUntil("the ended session to leave the list", (d) -> sessions().size() == others);
		assertThat(sessions()).noneMatch((row) -> ended.equals(row.getDomAttribute("data-session-id")));
		forgetStatus("sessions-result");
		click("end-others-btn");
		waitForStatus("sessions-result", "204");
		waitUntil("only this session to be left", (d) -> sessions().size() == 1);
		assertThat(sessions().get(0).getDomAttribute("data-current")).isEqualTo("true");
		// the sessions ended elsewhere are over there too
		assertThat(JwtAuthClient.forPort(this.port).get("/api/me", elsewhere).status()).isEqualTo(401);
		// and this one goes on
		forgetStatus("me-result");
		click("me-btn");
		waitForStatus("me-result", "200");

		// The cookie, from a document under its path, where a script could read it were
		// it not HttpOnly.
		openUnderCookiePath();
		Set<Cookie> jar = this.driver.manage().getCookies();
		assertThat(jar).hasSize(1);
		Cookie cookie = jar.iterator().next();
		assertThat(cookie.getValue()).isNotBlank();
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.isSecure()).isTrue();
		assertThat(cookie.getPath()).isEqualTo("/auth");
		assertThat(cookie.getSameSite()).isEqualTo("Strict");
		assertThat(cookie.getExpiry()).isNotNull();
		assertThat(documentCookie()).doesNotContain(cookie.getName()).doesNotContain(cookie.getValue());

		// Back on the page (a new load: a silent refresh again), which goes on as before.
		openPage();
		String reopenedToken = waitForRestoredSession();
		click("me-btn");
		waitForStatus("me-result", "200");
		click("refresh-btn");
		waitForStatus("refresh-result", "200");
		waitForText("rotation-status", "Rotated");
		assertThat(text("access-token")).isNotEqualTo(reopenedToken);
		click("sessions-btn");
		waitForStatus("sessions-result", "200");
		assertThat(sessions()).singleElement()
			.satisfies((row) -> assertThat(row.getDomAttribute("data-current")).isEqualTo("true"));

		// 6. Log out: the answer clears the cookie, so the refresh after it sends none.
		click("logout-btn");
		waitForStatus("logout-result", "204");
		waitForStatus("logout-access-result", "401");
		assertThat(text("logout-access-result")).contains("invalid_token");
		waitForStatus("logout-refresh-result", "400");
		assertThat(text("logout-refresh-result")).contains("invalid_grant").contains("No refresh cookie left");
		assertThat(text("http-log")).contains("POST /auth/logout (Bearer + cookie)");
		assertThat(text("session-state")).isEqualTo("signed out");
		assertThat(text("login-status")).contains("refresh cookie cleared");
		// the flag is gone with the session: nothing is stored at all
		assertNothingStored();

		assertThat(browserErrors()).isEmpty();
		Path screenshot = screenshot("demo-page-cookie.png");
		assertThat(screenshot).exists();
		assertThat(Files.size(screenshot)).isGreaterThan(10_000);

		// A reload after the logout tries no silent refresh.
		this.driver.navigate().refresh();
		waitUntil("the page to be ready", ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
		assertThat(bodyData("restore")).isEqualTo("none");
		assertThat(requestCount()).isZero();
		assertThat(text("session-state")).isEqualTo("signed out");
		assertThat(text("login-status")).isEqualTo("Not logged in.");
		assertThat(this.driver.findElement(By.id("me-btn")).isEnabled()).isFalse();

		// and the browser holds no cookie any more
		openUnderCookiePath();
		assertThat(this.driver.manage().getCookies()).isEmpty();
		assertThat(browserErrors()).isEmpty();
	}

	/**
	 * Opens a document under the cookie's path {@code /auth}: WebDriver lists the cookies
	 * of the current document's URL only, and {@code document.cookie} there would show
	 * the cookie were it not {@code HttpOnly}. The sessions API without a token (a 401
	 * JSON answer) will do; the revocation feed, with its own media type, would be
	 * downloaded.
	 */
	private void openUnderCookiePath() {
		this.driver.get(origin() + "/auth/sessions");
		assertThat(this.driver.getCurrentUrl()).isEqualTo(origin() + "/auth/sessions");
		assertThat(this.driver.findElement(By.tagName("body")).getText()).contains("\"error\"");
	}

	/**
	 * Waits for the silent refresh of a (re)loaded page to restore the session.
	 * @return the new access token
	 */
	private String waitForRestoredSession() {
		waitUntil("the session to be restored",
				ExpectedConditions.attributeToBe(By.tagName("body"), "data-restore", "restored"), "login-status");
		assertThat(text("login-status")).startsWith("Session restored as alice by a silent refresh");
		assertThat(text("session-state")).isEqualTo("signed in as alice");
		assertThat(isDisplayed("cookie-mode")).isTrue();
		assertThat(text("claims")).contains("\"sub\": \"alice\"");
		assertThat(text("token-state")).isEqualTo("valid");
		assertThat(text("http-log")).contains("POST /auth/refresh (cookie)");
		assertStoredOnlyTheFlag();
		return text("access-token");
	}

	/**
	 * Asserts that local storage is empty, session storage holds only the flag for the
	 * silent refresh, and no cookie is readable by the page's script.
	 */
	private void assertStoredOnlyTheFlag() {
		assertThat(script("return localStorage.length;")).isEqualTo(0L);
		assertThat(script("return sessionStorage.length;")).isEqualTo(1L);
		assertThat(script("return sessionStorage.getItem(arguments[0]);", COOKIE_FLAG)).isEqualTo("1");
		assertThat(documentCookie()).isEmpty();
	}

	/**
	 * A login of alice by another client: a session of hers that is not this browser's.
	 * @return its access token
	 */
	private String loginElsewhere() {
		JwtAuthClient http = JwtAuthClient.forPort(this.port);
		JwtAuthClient.Response login = http.send(http.request("/auth/login")
			.header("Content-Type", "application/json")
			.header("X-Requested-With", "XMLHttpRequest")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}")));
		assertThat(login.status()).isEqualTo(200);
		return login.accessToken();
	}

	private List<WebElement> sessions() {
		return this.driver.findElements(By.cssSelector("#sessions-list > li"));
	}

	/**
	 * The names of the members of the JSON answer to the last such request of the page,
	 * once it is answered.
	 */
	@SuppressWarnings("unchecked")
	private List<String> answerMembers(String method, String path) {
		return waitUntil(method + " " + path + " to be answered", (d) -> {
			List<Map<String, Object>> exchanges = (List<Map<String, Object>>) script(
					"return window.recordedExchanges;");
			for (int i = exchanges.size() - 1; i >= 0; i--) {
				Map<String, Object> exchange = exchanges.get(i);
				if (method.equals(exchange.get("method")) && path.equals(exchange.get("path"))) {
					return (List<String>) exchange.get("members");
				}
			}
			return null;
		});
	}

	/** How many requests the current document has made. */
	private long requestCount() {
		return (Long) script("return window.recordedExchanges.length;");
	}

	private String documentCookie() {
		return (String) script("return document.cookie;");
	}

	private String bodyData(String name) {
		return this.driver.findElement(By.tagName("body")).getDomAttribute("data-" + name);
	}

	private Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	private String origin() {
		return "http://localhost:" + this.port;
	}

}
