package io.github.jwtauth.autoconfigure.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.rotation.InMemorySigningKeyStore;
import io.github.jwtauth.keys.rotation.RotatingKeySource;
import io.github.jwtauth.keys.rotation.SigningKeyStore;
import io.github.jwtauth.keys.rotation.StoredSigningKey;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two issuer instances with automatic key rotation sharing one key store, and a resource
 * server following their JWK Set, driven by one test clock in steps of two minutes
 * through two full rotations (three generations), over real HTTP.
 * <p>
 * Run on PostgreSQL ({@code jwt.auth.store.type=jdbc}, the starter's own
 * {@code JdbcSigningKeyStore}) and on one in-memory store shared by both contexts in this
 * JVM, declared shared as the JDBC and Redis stores are; a key-encryption key is required
 * and every key is sealed.
 */
class KeyRotationInstancesTests {

	private static final Duration PERIOD = Duration.ofHours(1);

	/** Derived default: jwks-max-age 5m + clock skew 30s + check interval 2m + 5m. */
	private static final Duration PUBLISH_AHEAD = Duration.ofSeconds(750);

	/** Derived default: access-token ttl 10m + clock skew 30s + 5m. */
	private static final Duration RETAIN_AFTER = Duration.ofSeconds(930);

	private static final Duration SKEW = Duration.ofSeconds(30);

	/** The test clock's step, also the check interval (at most half of publish-ahead). */
	private static final Duration STEP = Duration.ofMinutes(2);

	private static final String KEK = "base64:q3Jm0mZ1b0kB1Tq6Xh2s9lE4cWv8yN7uP5aR3dK2fGs=";

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@Test
	void twoInstancesSharingOneStoreInThisJvm() throws Exception {
		SharedMemoryStore shared = new SharedMemoryStore();
		rotateTwice(shared);
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void twoInstancesSharingPostgres() throws Exception {
		String tablePrefix = "jwt_auth_a_" + Long.toHexString(System.nanoTime()) + "_";
		try {
			rotateTwice(null, "jwt.auth.store.type=jdbc", "spring.datasource.url=" + Instances.POSTGRES_URL,
					"spring.datasource.username=postgres", "jwt.auth.store.jdbc.initialize-schema=always",
					"jwt.auth.store.jdbc.table-prefix=" + tablePrefix);
		}
		finally {
			try (Connection connection = DriverManager.getConnection(Instances.POSTGRES_URL, "postgres", "");
					Statement statement = connection.createStatement()) {
				for (String table : new String[] { "refresh_token", "refresh_family", "revocation", "attempt",
						"signing_key", "dpop_proof" }) {
					statement.execute("DROP TABLE IF EXISTS " + tablePrefix + table);
				}
			}
		}
	}

	private void rotateTwice(SharedMemoryStore shared, String... storeProperties) throws Exception {
		Counter store = new Counter();
		try {
			Issuer a = issuer(shared, store, storeProperties);
			Issuer b = issuer(shared, store, storeProperties);
			assertThat(a.context().getBean(SigningKeyStore.class).isShared()).isTrue();
			ConfigurableApplicationContext resourceServer = start(null,
					"jwt.auth.jwk-set-uri=http://127.0.0.1:" + a.port() + "/.well-known/jwks.json");
			JwtAuthClient rs = client(resourceServer);
			List<TestClock> clocks = List.of(a.clock(), b.clock(), resourceServer.getBean(TestClock.class));
			Instant start = a.clock().instant();
			clocks.forEach((clock) -> clock.set(start));
			Instant now = start;
			a.keys().refresh();
			b.keys().refresh();

			List<Issued> live = new ArrayList<>();
			Map<String, Instant> firstPublished = new HashMap<>();
			Map<String, Instant> lastPublished = new HashMap<>();
			Map<String, Instant> firstSigned = new LinkedHashMap<>();
			Set<String> checkedOnResourceServer = new HashSet<>();
			int refused = 0;
			// before the fourth generation is due (3 periods - publish-ahead - check =
			// 2h45m30s)
			Instant end = now.plus(PERIOD.multipliedBy(2)).plus(Duration.ofMinutes(40));
			for (int step = 0; now.isBefore(end); step++) {
				now = now.plus(STEP);
				Instant at = now;
				clocks.forEach((clock) -> clock.set(at));
				// the instances read the store in turn, each first every other step
				(((step % 2) == 0) ? a : b).keys().refresh();
				(((step % 2) == 0) ? b : a).keys().refresh();

				for (Issuer issuer : List.of(a, b)) {
					String token = issuer.http().login("alice", "alice-password").field("access_token");
					assertThat(token).isNotNull();
					String kid = SignedJWT.parse(token).getHeader().getKeyID();
					assertThat(kid).isEqualTo(issuer.keys().current().active().keyId());
					live.add(new Issued(token, kid,
							SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant()));
					firstSigned.putIfAbsent(kid, now);
				}
				// both sign with the same key: they switch together
				assertThat(a.keys().current().active().keyId()).isEqualTo(b.keys().current().active().keyId());

				List<String> publishedA = jwks(a.http());
				List<String> publishedB = jwks(b.http());
				assertThat(publishedA).containsExactlyInAnyOrderElementsOf(publishedB);
				for (String kid : publishedA) {
					firstPublished.putIfAbsent(kid, now);
					lastPublished.put(kid, now);
				}

				for (Issued issued : List.copyOf(live)) {
					if (now.isBefore(issued.expiresAt())) {
						assertThat(publishedA).as("JWK Set at %s", now).contains(issued.kid());
						assertThat(a.http().get("/api/me", issued.token()).status()).as("on A at %s", now)
							.isEqualTo(200);
						assertThat(b.http().get("/api/me", issued.token()).status()).as("on B at %s", now)
							.isEqualTo(200);
					}
					else if (now.isAfter(issued.expiresAt().plus(SKEW))) {
						assertThat(a.http().get("/api/me", issued.token()).status()).isEqualTo(401);
						assertThat(b.http().get("/api/me", issued.token()).status()).isEqualTo(401);
						live.remove(issued);
						refused++;
					}
				}

				// the resource server picks up each new key (on an unknown kid, nimbus
				// re-fetches the JWK Set at most every 30 s of real time: a bounded wait)
				Issued newest = live.get(live.size() - 1);
				if (checkedOnResourceServer.add(newest.kid())) {
					await().atMost(Duration.ofSeconds(60))
						.pollInterval(Duration.ofMillis(500))
						.untilAsserted(() -> assertThat(rs.get("/api/me", newest.token()).status()).isEqualTo(200));
				}
				else {
					assertThat(rs.get("/api/me", newest.token()).status()).isEqualTo(200);
				}
			}

			assertThat(refused).isGreaterThan(100);
			// three generations, each created by exactly one instance
			assertThat(store.added).containsExactly(1L, 2L, 3L);
			assertThat(firstSigned).hasSize(3);
			assertThat(checkedOnResourceServer).hasSize(3);
			List<String> kids = new ArrayList<>(firstSigned.keySet());
			// a key is published at least publish-ahead before it signs
			for (String kid : kids.subList(1, 3)) {
				assertThat(Duration.between(firstPublished.get(kid), firstSigned.get(kid)))
					.isGreaterThanOrEqualTo(PUBLISH_AHEAD);
			}
			// a replaced key disappears once its successor has signed for retain-after
			for (int i = 0; i < 2; i++) {
				Instant successorSigned = firstSigned.get(kids.get(i + 1));
				assertThat(lastPublished.get(kids.get(i))).isBefore(successorSigned.plus(RETAIN_AFTER))
					.isAfterOrEqualTo(successorSigned.plus(RETAIN_AFTER).minus(STEP.multipliedBy(2)));
			}
			assertThat(a.context().getBean(SigningKeyStore.class).findAll()).extracting(StoredSigningKey::keyId)
				.containsExactly(kids.get(2));
			assertThat(jwks(a.http())).containsExactly(kids.get(2));
		}
		finally {
			this.contexts.forEach(ConfigurableApplicationContext::close);
		}
	}

	private Issuer issuer(SharedMemoryStore shared, Counter counter, String... storeProperties) {
		List<String> properties = new ArrayList<>(
				List.of("jwt.auth.signing.rotation.enabled=true", "jwt.auth.signing.rotation.period=1h",
						"jwt.auth.signing.rotation.check-interval=" + STEP.toMinutes() + "m",
						"jwt.auth.signing.rotation.key-encryption-key=" + KEK));
		properties.addAll(List.of(storeProperties));
		ConfigurableApplicationContext context = start((initialized) -> {
			if (shared != null) {
				initialized.registerBean("jwtAuthSigningKeyStore", SigningKeyStore.class, () -> shared);
			}
			initialized.getBeanFactory().addBeanPostProcessor(counter);
		}, properties.toArray(String[]::new));
		return new Issuer(context.getBean(RotatingKeySource.class), context.getBean(TestClock.class), client(context),
				context);
	}

	private ConfigurableApplicationContext start(ApplicationContextInitializer<GenericApplicationContext> initializer,
			String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off", TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000"));
		all.addAll(List.of(properties));
		SpringApplicationBuilder builder = new SpringApplicationBuilder(TestApplication.class)
			.properties(all.toArray(String[]::new));
		if (initializer != null) {
			builder.initializers((context) -> initializer.initialize((GenericApplicationContext) context));
		}
		ConfigurableApplicationContext context = builder.run();
		this.contexts.add(context);
		return context;
	}

	private static JwtAuthClient client(ConfigurableApplicationContext context) {
		return JwtAuthClient.forPort(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	private static List<String> jwks(JwtAuthClient http) throws ParseException {
		JwtAuthClient.Response response = http.get("/.well-known/jwks.json", null);
		assertThat(response.status()).isEqualTo(200);
		return JWKSet.parse(response.body()).getKeys().stream().map(JWK::getKeyID).toList();
	}

	private record Issuer(RotatingKeySource keys, TestClock clock, JwtAuthClient http,
			ConfigurableApplicationContext context) {

		int port() {
			return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		}

	}

	private record Issued(String token, String kid, Instant expiresAt) {

	}

	/**
	 * Counts the keys stored through each instance's store: wraps the signing-key store
	 * bean of every instance, one count for all.
	 */
	static final class Counter implements BeanPostProcessor {

		final List<Long> added = Collections.synchronizedList(new ArrayList<>());

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof SigningKeyStore store && "jwtAuthSigningKeyStore".equals(beanName)) {
				return new CountingStore(store, this.added);
			}
			return bean;
		}

	}

	/**
	 * A signing-key store that records the generations its adds stored.
	 */
	static final class CountingStore implements SigningKeyStore {

		private final SigningKeyStore delegate;

		private final List<Long> added;

		CountingStore(SigningKeyStore delegate, List<Long> added) {
			this.delegate = delegate;
			this.added = added;
		}

		@Override
		public List<StoredSigningKey> findAll() {
			return this.delegate.findAll();
		}

		@Override
		public boolean add(StoredSigningKey key) {
			boolean stored = this.delegate.add(key);
			if (stored) {
				this.added.add(key.generation());
			}
			return stored;
		}

		@Override
		public void remove(long generation) {
			this.delegate.remove(generation);
		}

		@Override
		public boolean isShared() {
			return this.delegate.isShared();
		}

	}

	/**
	 * One in-memory store shared by both instances in this JVM, declared shared as the
	 * JDBC and Redis stores are (so a key-encryption key is required).
	 */
	static final class SharedMemoryStore implements SigningKeyStore {

		private final InMemorySigningKeyStore delegate = new InMemorySigningKeyStore();

		@Override
		public List<StoredSigningKey> findAll() {
			return this.delegate.findAll();
		}

		@Override
		public boolean add(StoredSigningKey key) {
			return this.delegate.add(key);
		}

		@Override
		public void remove(long generation) {
			this.delegate.remove(generation);
		}

	}

}
