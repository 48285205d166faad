package io.github.jwtauth.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the demo page's DPoP switch in headless Chromium: the page makes a
 * non-extractable ES256 key with WebCrypto, logs in, calls the API, refreshes and logs
 * out with proofs of it, and its "steal the token" step is refused by the API (the token
 * without the key, as a bearer token and with a proof of another key; a captured proof
 * sent again). Saves a screenshot to {@code target/screenshots/demo-page-dpop.png}. The
 * same conditions as {@link DemoPageBrowserTests}: skipped without Chromium, failed
 * without it when {@code CI=true}.
 */
class DemoPageDPoPBrowserTests extends AbstractDemoPageBrowserTests {

	@Test
	void bindsTheTokensToANonExtractableKeyOfThePage() throws Exception {
		try {
			walkThrough();
		}
		catch (AssertionError | RuntimeException ex) {
			screenshot(screenshotPrefix() + "-failure.png");
			throw ex;
		}
	}

	private void walkThrough() throws Exception {
		openPage();
		String origin = "http://localhost:" + this.port;
		// Without DPoP the steal step is not shown, and no key is made.
		assertThat(isDisplayed("step-steal")).isFalse();
		assertThat(isDisplayed("dpop-inspector")).isFalse();

		// The switch makes a key: its private half cannot be exported, not even by the
		// page's own script.
		click("dpop-switch");
		waitForText("dpop-status", "DPoP on");
		assertThat(isDisplayed("step-steal")).isTrue();
		assertThat(isDisplayed("dpop-inspector")).isTrue();
		assertThat(attribute("dpop-extractable", "data-extractable")).isEqualTo("false");
		assertThat(attribute("dpop-extractable", "data-export-refused")).isEqualTo("true");
		assertThat(text("dpop-extractable")).startsWith("false (exportKey refused: InvalidAccessError)");
		String thumbprint = text("dpop-thumbprint");
		assertThat(thumbprint).matches("[A-Za-z0-9_-]{43}");
		assertThat(text("dpop-jwk")).contains("\"kty\": \"EC\"")
			.contains("\"crv\": \"P-256\"")
			.contains("\"x\"")
			.contains("\"y\"")
			.doesNotContain("\"d\"")
			.doesNotContain("key_ops");
		assertThat(this.driver.findElement(By.id("steal-key-btn")).isEnabled()).isFalse();

		// 1. Log in with a proof: a DPoP token bound to the key the page computed the
		// thumbprint of.
		click("login-btn");
		waitForText("login-status", "Logged in as alice");
		assertThat(text("login-status")).contains("DPoP token");
		waitForText("dpop-status", "bound to the page's key");
		if (noncesEnabled()) {
			assertThat(text("dpop-status")).contains("after a retry with the server's DPoP nonce");
		}
		assertThat(text("token-type")).isEqualTo("DPoP");
		assertThat(text("token-jkt")).isEqualTo(thumbprint);
		assertThat(attribute("dpop-match", "data-match")).isEqualTo("true");
		assertThat(text("dpop-match")).contains("bound to this key");
		// the token itself, read from the page, carries cnf.jkt (the server's thumbprint
		// of the proof's key)
		SignedJWT token = SignedJWT.parse(text("access-token"));
		assertThat(token.getJWTClaimsSet().getClaim("cnf")).isEqualTo(Map.of("jkt", thumbprint));
		assertThat(text("dpop-proof-header")).contains("\"typ\": \"dpop+jwt\"")
			.contains("\"alg\": \"ES256\"")
			.contains("\"jwk\"");
		assertThat(text("dpop-proof-claims")).contains("\"htm\": \"POST\"")
			.contains("\"htu\": \"" + origin + "/auth/login\"")
			.contains("\"jti\"")
			.contains("\"iat\"")
			.doesNotContain("\"ath\"");
		if (noncesEnabled()) {
			assertThat(text("dpop-proof-claims")).contains("\"nonce\"");
		}

		// 2. The API with the DPoP scheme and a proof bound to the token by ath.
		click("me-btn");
		waitForStatus("me-result", "200");
		assertThat(text("me-result")).contains("\"subject\": \"alice\"");
		assertThat(text("dpop-proof-claims")).contains("\"htm\": \"GET\"")
			.contains("\"htu\": \"" + origin + "/api/me\"")
			.contains("\"ath\"");
		assertThat(text("http-log")).contains("GET /api/me (DPoP + proof)");

		// 3. Refresh with a proof of the same key: the new tokens are DPoP-bound too.
		click("refresh-btn");
		waitForStatus("refresh-result", "200");
		waitForText("rotation-status", "Rotated");
		assertThat(text("refresh-result")).contains("\"token_type\": \"DPoP\"");
		assertThat(text("token-type")).isEqualTo("DPoP");
		assertThat(text("token-jkt")).isEqualTo(thumbprint);
		assertThat(attribute("dpop-match", "data-match")).isEqualTo("true");
		assertThat(text("dpop-proof-claims")).contains("\"htu\": \"" + origin + "/auth/refresh\"");
		// the new access token opens the API (this request is the one captured for the
		// replay)
		forgetStatus("me-result");
		click("me-btn");
		waitForStatus("me-result", "200");

		// 2b. Steal the token: without the key it is refused, as a bearer token and with
		// a proof of the thief's own key.
		click("steal-key-btn");
		waitForStatus("steal-bearer-result", "401");
		assertThat(text("steal-bearer-result")).contains("WWW-Authenticate: Bearer")
			.contains("error=\"invalid_token\"")
			.contains("cannot be used as a bearer token");
		waitForStatus("steal-attacker-result", "401");
		assertThat(text("steal-attacker-result")).contains("WWW-Authenticate: DPoP")
			.contains("error=\"invalid_dpop_proof\"")
			.contains("not the key the token is bound to");
		// and the captured request, proof included, is refused when sent again
		click("steal-replay-btn");
		waitForStatus("steal-replay-result", "401");
		assertThat(text("steal-replay-result")).contains("WWW-Authenticate: DPoP")
			.contains("error=\"invalid_dpop_proof\"")
			.contains("used before");
		// the owner of the key still gets in
		forgetStatus("me-result");
		click("me-btn");
		waitForStatus("me-result", "200");

		// 4. The spent refresh token, replayed by the key's owner: reuse detected, the
		// family and its DPoP-bound access token revoked.
		click("reuse-btn");
		waitForStatus("reuse-result", "400");
		assertThat(text("reuse-result")).contains("invalid_grant").contains("Reuse detected");
		waitForStatus("reuse-access-result", "401");
		assertThat(text("reuse-access-result")).contains("WWW-Authenticate: DPoP").contains("invalid_token");
		assertThat(text("token-state")).isEqualTo("revoked");

		// 5. Log in again (the same key) and log out with a proof: both tokens are
		// refused afterwards.
		click("login-btn");
		waitUntil("a valid token after the new login", (d) -> "valid".equals(text("token-state")));
		assertThat(text("token-jkt")).isEqualTo(thumbprint);
		click("logout-btn");
		waitForStatus("logout-result", "204");
		waitForStatus("logout-access-result", "401");
		assertThat(text("logout-access-result")).contains("WWW-Authenticate: DPoP").contains("invalid_token");
		waitForStatus("logout-refresh-result", "400");
		assertThat(text("logout-refresh-result")).contains("invalid_grant");
		assertThat(text("session-state")).isEqualTo("signed out");
		assertThat(text("http-log")).contains("POST /auth/logout (DPoP + proof)");
		assertThat(this.driver.findElement(By.id("steal-key-btn")).isEnabled()).isFalse();

		assertNothingStored();
		assertThat(browserErrors()).isEmpty();

		Path screenshot = screenshot(screenshotPrefix() + ".png");
		assertThat(screenshot).exists();
		assertThat(Files.size(screenshot)).isGreaterThan(10_000);
	}

	/**
	 * Whether the application requires server nonces in proofs.
	 * @return {@code true} if a first proof is answered with {@code use_dpop_nonce}
	 */
	protected boolean noncesEnabled() {
		return false;
	}

	/**
	 * The name of the screenshot files, in {@code target/screenshots}.
	 * @return the file name without extension
	 */
	protected String screenshotPrefix() {
		return "demo-page-dpop";
	}

}
