package io.github.jwtauth.autoconfigure.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.TcpProxy;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.RevocationSynchronizer;
import io.github.jwtauth.store.jdbc.JdbcTables;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No window at start-up: an instance on a shared store refuses bearer tokens (503) and
 * reports itself not ready until its first load of the revocations succeeded, the load is
 * attempted before the web server accepts connections, and a store that is down at
 * start-up does not stop the application, which recovers by itself.
 */
class RevocationStartupTests {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void theSynchronizerStartsInAnEarlierPhaseThanTheWebServer() {
		assertThat(RevocationSynchronizer.PHASE).isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
	}

	@Test
	void theFirstLoadIsAttemptedBeforeTheWebServerStarts() {
		GatedStore.webServerStarted.set(false);
		GatedStore.release = new CountDownLatch(0);
		GatedStore.startedAtFirstLoad = null;
		JwtAuthClient http = start(GatedStoreConfiguration.class);
		assertThat(GatedStore.startedAtFirstLoad).isFalse();
		assertThat(GatedStore.webServerStarted).isTrue();
		String access = http.login("alice", "alice-password").accessToken();
		assertThat(http.get("/api/me", access).status()).isEqualTo(200);
		assertThat(http.get("/actuator/health/readiness", null).status()).isEqualTo(200);
	}

	@Test
	void noBearerRequestIsServedBeforeTheFirstLoadSucceeded() throws Exception {
		GatedStore.webServerStarted.set(false);
		GatedStore.release = new CountDownLatch(1);
		// the start-up does not wait for the load (timeout 0): requests arrive before it
		JwtAuthClient http = start(GatedStoreConfiguration.class, "jwt.auth.store.initial-sync-timeout=0s");
		try {
			String access = http.login("alice", "alice-password").accessToken();
			for (int i = 0; i < 5; i++) {
				JwtAuthClient.Response refused = http.get("/api/me", access);
				assertThat(refused.status()).isEqualTo(503);
				assertThat(refused.field("error")).isEqualTo("temporarily_unavailable");
				assertThat(refused.header("Retry-After")).isNotNull();
			}
			JwtAuthClient.Response readiness = http.get("/actuator/health/readiness", null);
			assertThat(readiness.status()).isEqualTo(503);
			assertThat(readiness.field("status")).isEqualTo("OUT_OF_SERVICE");
			assertThat(http.get("/actuator/health/liveness", null).status()).isEqualTo(200);
			// requests without a token are not affected
			assertThat(http.get("/api/public", null).status()).isEqualTo(200);
			GatedStore.release.countDown();
			waitUntil(() -> http.get("/api/me", access).status() == 200);
			waitUntil(() -> http.get("/actuator/health/readiness", null).status() == 200);
		}
		finally {
			GatedStore.release.countDown();
		}
	}

	@Test
	@RequiresServer(name = "Redis", port = 6379)
	void aStoreDownAtStartUpRefusesBearerTokensAndReadinessUntilItIsBack() throws Exception {
		try (TcpProxy proxy = new TcpProxy(6379).start()) {
			proxy.stop();
			JwtAuthClient http = start(null, "jwt.auth.store.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + proxy.port(), "spring.data.redis.timeout=500ms",
					"spring.data.redis.connect-timeout=500ms",
					"jwt.auth.store.redis.key-prefix=jwt-auth-startup-" + UUID.randomUUID(),
					"jwt.auth.store.initial-sync-timeout=1s");
			// a token this application signed (login needs the store, which is down)
			String access = this.contexts.get(0)
				.getBean(JwtTokenService.class)
				.issue("alice", List.of(), null)
				.tokenValue();
			JwtAuthClient.Response refused = http.get("/api/me", access);
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.field("error")).isEqualTo("temporarily_unavailable");
			JwtAuthClient.Response readiness = http.get("/actuator/health/readiness", null);
			assertThat(readiness.status()).isEqualTo(503);
			assertThat(readiness.field("status")).isEqualTo("OUT_OF_SERVICE");
			proxy.start();
			waitUntil(() -> http.get("/api/me", access).status() == 200);
			waitUntil(() -> http.get("/actuator/health/readiness", null).status() == 200);
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void aDatabaseDownAtStartUpRefusesBearerTokensAndReadinessUntilItIsBack() throws Exception {
		String prefix = "startup_" + Long.toHexString(System.nanoTime()) + "_";
		JdbcTables tables = new JdbcTables(prefix);
		DriverManagerDataSource direct = new DriverManagerDataSource(Instances.POSTGRES_URL, "postgres", "");
		String script = StreamUtils.copyToString(
				new ClassPathResource("io/github/jwtauth/store/jdbc/schema-postgresql.sql").getInputStream(),
				StandardCharsets.UTF_8);
		new ResourceDatabasePopulator(new ByteArrayResource(tables.rewrite(script).getBytes(StandardCharsets.UTF_8)))
			.execute(direct);
		try (TcpProxy proxy = new TcpProxy(5432).start()) {
			proxy.stop();
			JwtAuthClient http = start(null, "jwt.auth.store.type=jdbc",
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port()
							+ "/test?connectTimeout=1&socketTimeout=2",
					"spring.datasource.username=postgres", "spring.datasource.hikari.connection-timeout=1000",
					"jwt.auth.store.jdbc.initialize-schema=never", "jwt.auth.store.jdbc.table-prefix=" + prefix,
					"jwt.auth.store.initial-sync-timeout=1s");
			String access = this.contexts.get(0)
				.getBean(JwtTokenService.class)
				.issue("alice", List.of(), null)
				.tokenValue();
			assertThat(http.get("/api/me", access).status()).isEqualTo(503);
			JwtAuthClient.Response readiness = http.get("/actuator/health/readiness", null);
			assertThat(readiness.status()).isEqualTo(503);
			assertThat(readiness.field("status")).isEqualTo("OUT_OF_SERVICE");
			proxy.start();
			waitUntil(() -> http.get("/api/me", access).status() == 200);
			waitUntil(() -> http.get("/actuator/health/readiness", null).status() == 200);
		}
		finally {
			JdbcClient jdbc = JdbcClient.create(direct);
			for (String table : new String[] { "refresh_token", "refresh_family", "revocation", "attempt",
					"signing_key", "dpop_proof" }) {
				jdbc.sql("DROP TABLE IF EXISTS " + prefix + table).update();
			}
		}
	}

	private JwtAuthClient start(Class<?> configuration, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.main.banner-mode=off", "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
				"jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences=api",
				"jwt.auth.permit-all=/api/public,/actuator/health/**",
				"management.endpoints.web.exposure.include=health"));
		all.addAll(List.of(properties));
		SpringApplicationBuilder builder = (configuration != null)
				? new SpringApplicationBuilder(TestApplication.class, configuration)
				: new SpringApplicationBuilder(TestApplication.class);
		ConfigurableApplicationContext context = builder.properties(all.toArray(String[]::new)).run();
		this.contexts.add(context);
		return JwtAuthClient.forPort(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	private static void waitUntil(Callable<Boolean> condition) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(condition);
	}

	/**
	 * A shared store whose first load waits for {@link GatedStore#release}, and which
	 * records whether the web server was running when it was first asked.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class GatedStoreConfiguration {

		@Bean
		RevocationStore gatedStore() {
			return new GatedStore();
		}

		@Bean
		ApplicationListener<WebServerInitializedEvent> webServerStarted() {
			return (event) -> GatedStore.webServerStarted.set(true);
		}

	}

	static final class GatedStore implements RevocationStore {

		static final AtomicBoolean webServerStarted = new AtomicBoolean();

		static volatile CountDownLatch release = new CountDownLatch(0);

		static volatile Boolean startedAtFirstLoad;

		private final InMemoryRevocationStore entries = new InMemoryRevocationStore();

		@Override
		public void add(RevocationEntry entry) {
			this.entries.add(entry);
		}

		@Override
		public List<RevocationEntry> findActive(Instant now) {
			if (startedAtFirstLoad == null) {
				startedAtFirstLoad = webServerStarted.get();
			}
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			return this.entries.findActive(now);
		}

		@Override
		public boolean isShared() {
			return true;
		}

		@Override
		public long position() {
			return this.entries.position();
		}

		@Override
		public List<RevocationEntry> changesSince(long position) {
			return this.entries.changesSince(position);
		}

	}

}
