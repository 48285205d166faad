package io.github.jwtauth.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
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
 * {@code chromium-driver} packages): the browser's set-up and the helpers that wait for
 * what the page shows, for the browser tests of the demo page.
 * <p>
 * Without Chromium or ChromeDriver the tests are skipped, unless the environment variable
 * {@code CI} is {@code true}: then they fail. Selenium Manager never runs: the driver and
 * browser paths are always given explicitly.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
abstract class AbstractDemoPageBrowserTests {

	private static final File CHROMEDRIVER = new File(System.getProperty("chromedriver.path", "/usr/bin/chromedriver"));

	private static final File CHROMIUM = new File(System.getProperty("chromium.path", "/usr/bin/chromium"));

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@LocalServerPort
	protected int port;

	private Path userDataDir;

	private ChromeDriverService service;

	protected ChromeDriver driver;

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

	/**
	 * Opens the demo page and waits until its script is ready.
	 */
	protected void openPage() {
		this.driver.get("http://localhost:" + this.port + "/");
		waitUntil("the page to be ready", ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
	}

	protected void click(String id) {
		waitUntil("#" + id + " to be clickable", ExpectedConditions.elementToBeClickable(By.id(id))).click();
	}

	protected String text(String id) {
		return this.driver.findElement(By.id(id)).getText();
	}

	protected String value(String id) {
		return this.driver.findElement(By.id(id)).getDomProperty("value");
	}

	protected String attribute(String id, String name) {
		return this.driver.findElement(By.id(id)).getDomAttribute(name);
	}

	protected boolean isDisplayed(String id) {
		return this.driver.findElement(By.id(id)).isDisplayed();
	}

	protected void waitForText(String id, String text) {
		waitUntil("#" + id + " to contain '" + text + "'",
				ExpectedConditions.textToBePresentInElementLocated(By.id(id), text), id);
	}

	protected void waitForStatus(String id, String status) {
		waitUntil("#" + id + " to show HTTP " + status,
				ExpectedConditions.attributeToBe(By.id(id), "data-status", status), id);
		assertThat(text(id)).startsWith(status);
	}

	/**
	 * Forgets the HTTP status a result box shows, so that the next {@link #waitForStatus}
	 * waits for a new answer rather than an earlier one.
	 * @param id the result box
	 */
	protected void forgetStatus(String id) {
		((JavascriptExecutor) this.driver)
			.executeScript("document.getElementById(arguments[0]).removeAttribute('data-status');", id);
	}

	protected <T> T waitUntil(String what, Function<WebDriver, T> condition) {
		return waitUntil(what, condition, null);
	}

	/** Waits explicitly; on timeout the message tells what the element showed instead. */
	protected <T> T waitUntil(String what, Function<WebDriver, T> condition, String shownId) {
		return new WebDriverWait(this.driver, TIMEOUT)
			.withMessage(() -> what + ((shownId != null) ? " but it shows: " + text(shownId) : ""))
			.until(condition);
	}

	/**
	 * Script errors and CSP violations the browser logged (refused HTTP calls are logged
	 * by Chromium, and expected).
	 * @return the messages
	 */
	protected List<String> browserErrors() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> "SEVERE".equals(entry.getLevel().getName()))
			.map(LogEntry::getMessage)
			.filter((message) -> !message.contains("Failed to load resource"))
			.toList();
	}

	/**
	 * Asserts that no token was ever stored outside the page's memory.
	 */
	protected void assertNothingStored() {
		Object stored = ((JavascriptExecutor) this.driver)
			.executeScript("return localStorage.length + sessionStorage.length + document.cookie.length;");
		assertThat(((Number) stored).longValue()).isZero();
	}

	/** Saves a screenshot of the whole page. */
	protected Path screenshot(String name) throws IOException {
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
