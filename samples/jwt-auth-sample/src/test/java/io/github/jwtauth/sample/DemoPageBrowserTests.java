package io.github.jwtauth.sample;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the demo page at {@code /} in headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver} packages) through login, API calls, refresh, reuse detection
 * and logout, asserting what the page shows at each step (the token's {@code alg} and
 * {@code kid} among it, checked against the JWK Set), and saves a screenshot to
 * {@code target/screenshots/demo-page.png}. The default key is RS256; subclasses run the
 * same walk-through with the algorithm profiles.
 * <p>
 * Without Chromium or ChromeDriver the test is skipped, unless the environment variable
 * {@code CI} is {@code true}: then it fails. Selenium Manager never runs: the driver and
 * browser paths are always given explicitly.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoPageBrowserTests {

	private static final File CHROMEDRIVER = new File(System.getProperty("chromedriver.path", "/usr/bin/chromedriver"));

	private static final File CHROMIUM = new File(System.getProperty("chromium.path", "/usr/bin/chromium"));

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@LocalServerPort
	private int port;

	private Path userDataDir;

	private ChromeDriverService service;

	private ChromeDriver driver;

	/**
	 * Checked per test rather than in {@code @BeforeAll} so that a skip is reported as
	 * one skipped test; the application context is shared with the other tests anyway.
	 */
	private static void requireBrowser() {
		String missing = !CHROMIUM.canExecute() ? CHROMIUM.getPath()
				: (!CHROMEDRIVER.canExecute() ? CHROMEDRIVER.getPath() : null);
		if (missing == null) {
			return;
		}
		String message = missing + " is missing: install Debian's packages with "
				+ "'apt-get install -y chromium chromium-driver' to run the browser test";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new AssertionError("CI=true and " + message);
		}
		Assumptions.abort(message);
	}

	@BeforeEach
	void startBrowser() throws IOException {
		requireBrowser();
		this.userDataDir = Files.createTempDirectory("jwt-auth-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-extensions", "--window-size=1440,1000", "--force-device-scale-factor=1",
				"--user-data-dir=" + this.userDataDir.toAbsolutePath());
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
		this.driver = new ChromeDriver(this.service, options);
	}

	@AfterEach
	void stopBrowser() throws IOException {
		try {
			if (this.driver != null) {
				this.driver.quit();
			}
		}
		finally {
			if (this.service != null) {
				this.service.stop();
			}
			deleteRecursively(this.userDataDir);
		}
	}

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
		this.driver.get("http://localhost:" + this.port + "/");
		waitUntil("the page to be ready", ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
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
		Object stored = ((JavascriptExecutor) this.driver)
			.executeScript("return localStorage.length + sessionStorage.length + document.cookie.length;");
		assertThat(((Number) stored).longValue()).isZero();

		// No script errors or CSP violations (refused HTTP calls are logged by Chromium,
		// and expected).
		List<String> errors = this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> "SEVERE".equals(entry.getLevel().getName()))
			.map(LogEntry::getMessage)
			.filter((message) -> !message.contains("Failed to load resource"))
			.toList();
		assertThat(errors).isEmpty();

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

	private void click(String id) {
		waitUntil("#" + id + " to be clickable", ExpectedConditions.elementToBeClickable(By.id(id))).click();
	}

	private String text(String id) {
		return this.driver.findElement(By.id(id)).getText();
	}

	private String value(String id) {
		return this.driver.findElement(By.id(id)).getDomProperty("value");
	}

	private void waitForText(String id, String text) {
		waitUntil("#" + id + " to contain '" + text + "'",
				ExpectedConditions.textToBePresentInElementLocated(By.id(id), text), id);
	}

	private void waitForStatus(String id, String status) {
		waitUntil("#" + id + " to show HTTP " + status,
				ExpectedConditions.attributeToBe(By.id(id), "data-status", status), id);
		assertThat(text(id)).startsWith(status);
	}

	private <T> T waitUntil(String what, Function<WebDriver, T> condition) {
		return waitUntil(what, condition, null);
	}

	/** Waits explicitly; on timeout the message tells what the element showed instead. */
	private <T> T waitUntil(String what, Function<WebDriver, T> condition, String shownId) {
		return new WebDriverWait(this.driver, TIMEOUT)
			.withMessage(() -> what + ((shownId != null) ? " but it shows: " + text(shownId) : ""))
			.until(condition);
	}

	/** Saves a screenshot of the whole page. */
	private Path screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		JavascriptExecutor js = (JavascriptExecutor) this.driver;
		for (int i = 0; i < 2; i++) {
			// Grow the window until the viewport holds the whole page (outer minus inner
			// = browser chrome).
			Number height = (Number) js.executeScript("return Math.ceil(document.documentElement.scrollHeight)"
					+ " + Math.max(0, window.outerHeight - window.innerHeight);");
			this.driver.manage().window().setSize(new Dimension(1440, Math.max(900, height.intValue())));
		}
		js.executeScript("window.scrollTo(0, 0);");
		File file = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE);
		Path target = SCREENSHOTS.resolve(name);
		Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		return target;
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (dir == null || !Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					// Chromium may still be writing; the temp directory is cleaned up
					// later anyway.
				}
			}
		}
	}

}
