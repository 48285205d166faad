package io.github.jwtauth.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the demo page at {@code /} in headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver} packages) through login, API calls, refresh, reuse detection
 * and logout, asserting what the page shows at each step (the token's {@code alg} and
 * {@code kid} among it, checked against the JWK Set), and saves a screenshot to
 * {@code target/screenshots/demo-page.png}. The default key is RS256; subclasses run the
 * same walk-through with the algorithm profiles.
 */
class DemoPageBrowserTests extends AbstractDemoPageBrowserTests {

	@Test
	void walksThroughTheDemo() throws IOException {
		try {
			walkThrough();
		}
		catch (AssertionError | RuntimeException ex) {
			screenshot(screenshotPrefix() + "-failure.png");
			throw ex;
		}
	}

	private void walkThrough() throws IOException {
		openPage();
		assertThat(this.driver.getTitle()).contains("jwt-auth");
		assertThat(text("session-state")).isEqualTo("signed out");

		// The user picker fills in the form; alice is prefilled.
		assertThat(value("username")).isEqualTo("alice");
		assertThat(value("password")).isEqualTo("alice-password");
		click("pick-admin");
		assertThat(value("username")).isEqualTo("admin");
		assertThat(value("password")).isEqualTo("admin-password");
		click("pick-alice");
		assertThat(value("username")).isEqualTo("alice");

		// 1. Log in: the decoded token and a live countdown appear.
		click("login-btn");
		waitForText("login-status", "Logged in as alice");
		assertThat(text("session-state")).isEqualTo("signed in as alice");
		assertThat(text("token-header")).contains("\"typ\": \"at+jwt\"")
			.contains("\"alg\": \"" + expectedAlgorithm() + "\"")
			.contains("\"kid\"");
		// the algorithm and key ID, decoded from the header, are shown next to the token
		// and are those of the key the JWK Set publishes
		JWK published = publishedKey();
		assertThat(published.getAlgorithm().getName()).isEqualTo(expectedAlgorithm());
		assertThat(text("token-alg")).isEqualTo(expectedAlgorithm());
		assertThat(text("token-kid")).isEqualTo(published.getKeyID());
		waitUntil("the signing key to be found in the JWK Set",
				ExpectedConditions.attributeToBe(By.id("token-key"), "data-kid", published.getKeyID()), "token-key");
		assertThat(this.driver.findElement(By.id("token-key")).getDomAttribute("data-alg"))
			.isEqualTo(expectedAlgorithm());
		assertThat(text("token-key")).contains(published.getKeyType().getValue())
			.contains("alg " + expectedAlgorithm())
			.contains("matches the token's alg");
		assertThat(text("claims")).contains("\"sub\": \"alice\"")
			.contains("\"iss\": \"jwt-auth\"")
			.contains("\"ROLE_USER\"")
			.contains("\"exp\"")
			.contains("\"jti\"")
			.doesNotContain("ROLE_ADMIN");
		String countdown = text("countdown");
		assertThat(countdown).matches("expires in \\d+:\\d\\d");
		waitUntil("the countdown to tick", (d) -> !text("countdown").equals(countdown));
		assertThat(text("token-state")).isEqualTo("valid");
		String firstRefreshToken = text("refresh-token");
		assertThat(firstRefreshToken).hasSize(50);

		// 2. The API: /api/me 200, /api/admin 403 for alice.
		click("me-btn");
		waitForStatus("me-result", "200");
		assertThat(text("me-result")).contains("GET /api/me").contains("\"subject\": \"alice\"").contains("ROLE_USER");
		click("admin-btn");
		waitForStatus("admin-result", "403");
		assertThat(text("admin-result")).contains("insufficient_scope");

		// 3. Refresh: a new refresh token, the old one spent.
		click("refresh-btn");
		waitForStatus("refresh-result", "200");
		waitForText("rotation-status", "Rotated");
		assertThat(text("old-refresh-token")).isEqualTo(firstRefreshToken);
		assertThat(text("new-refresh-token")).hasSize(50).isNotEqualTo(firstRefreshToken);
		assertThat(text("refresh-token")).isEqualTo(text("new-refresh-token"));
		assertThat(text("refresh-result")).contains("\"token_type\": \"Bearer\"");

		// 4. Replay the spent refresh token: invalid_grant, and the access token is
		// refused.
		click("reuse-btn");
		waitForStatus("reuse-result", "400");
		assertThat(text("reuse-result")).contains("invalid_grant").contains("Reuse detected");
		waitForStatus("reuse-access-result", "401");
		assertThat(text("reuse-access-result")).contains("invalid_token");
		assertThat(text("token-state")).isEqualTo("revoked");
		assertThat(text("session-state")).contains("revoked");

		// 5. Log in again and log out: both tokens are refused afterwards.
		click("login-btn");
		waitUntil("a valid token after the new login", (d) -> "valid".equals(text("token-state")));
		waitForText("login-status", "Logged in as alice");
		// the result of step 2 is still shown: wait for this call's own
		forgetStatus("me-result");
		click("me-btn");
		waitForStatus("me-result", "200");
		click("logout-btn");
		waitForStatus("logout-result", "204");
		waitForStatus("logout-access-result", "401");
		assertThat(text("logout-access-result")).contains("invalid_token");
		waitForStatus("logout-refresh-result", "400");
		assertThat(text("logout-refresh-result")).contains("invalid_grant");
		assertThat(text("session-state")).isEqualTo("signed out");
		assertThat(this.driver.findElement(By.id("me-btn")).isEnabled()).isFalse();
		assertThat(text("http-log")).contains("POST /auth/logout");

		// Tokens were only ever in memory.
		assertNothingStored();

		// No script errors or CSP violations.
		assertThat(browserErrors()).isEmpty();

		Path screenshot = screenshot(screenshotPrefix() + ".png");
		assertThat(screenshot).exists();
		assertThat(Files.size(screenshot)).isGreaterThan(10_000);
	}

	/**
	 * The algorithm the application signs with.
	 * @return the JWS algorithm name
	 */
	protected String expectedAlgorithm() {
		return "RS256";
	}

	/**
	 * The name of the screenshot files, in {@code target/screenshots}.
	 * @return the file name without extension
	 */
	protected String screenshotPrefix() {
		return "demo-page";
	}

	/**
	 * The one key of the application's JWK Set, read over HTTP as a resource server does.
	 */
	private JWK publishedKey() throws IOException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/.well-known/jwks.json"))
			.build();
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			List<JWK> keys = JWKSet.parse(response.body()).getKeys();
			assertThat(keys).hasSize(1);
			assertThat(keys.get(0).isPrivate()).isFalse();
			return keys.get(0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		catch (ParseException ex) {
			throw new IOException(ex);
		}
	}

}
