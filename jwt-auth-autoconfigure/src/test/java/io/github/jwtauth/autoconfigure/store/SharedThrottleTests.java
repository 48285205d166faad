package io.github.jwtauth.autoconfigure.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.jwtauth.autoconfigure.testapp.FromAddress;
import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.Instances.Instance;
import io.github.jwtauth.autoconfigure.testapp.TcpProxy;
import io.github.jwtauth.store.jdbc.JdbcAttemptStore;
import io.github.jwtauth.store.redis.RedisAttemptStore;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.throttle.AttemptStore;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Throttling on the shared stores over real HTTP: two application instances on one
 * PostgreSQL database or one Redis count failed logins together, the store holds no user
 * name or address in clear, and when the store cannot be reached a login answers 503
 * instead of skipping the throttle.
 */
class SharedThrottleTests {

	private static final String ATTACKER = "203.0.113.77";

	private static final String USER = "198.51.100.77";

	private static String[] common(String... more) {
		List<String> properties = new ArrayList<>(
				List.of("jwt.auth.issuer=https://throttle-" + UUID.randomUUID() + ".test", "jwt.auth.audiences=api",
						"server.forward-headers-strategy=native", "jwt.auth.throttle.max-failures=3"));
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	@Test
	@RequiresServer(name = "Redis", port = 6379)
	void twoInstancesSharingRedisShareTheLimit() {
		String prefix = "jwt-auth-test-" + UUID.randomUUID();
		String[] properties = common("jwt.auth.store.type=redis", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=6379", "jwt.auth.store.redis.key-prefix=" + prefix);
		try (Instances instances = new Instances()) {
			Instance a = instances.start(properties);
			Instance b = instances.start(properties);
			assertThat(a.context().getBean(AttemptStore.class)).isInstanceOf(RedisAttemptStore.class);
			String user = verifySharedLimit(a, b);
			StringRedisTemplate redis = b.context().getBean(StringRedisTemplate.class);
			Set<String> keys = redis.keys(prefix + ":attempt:*");
			// the address, the account and the pair: hashes only, each with a TTL
			assertThat(keys).hasSize(3).allSatisfy((key) -> {
				assertThat(key).doesNotContain(user).doesNotContain(ATTACKER);
				assertThat(redis.getExpire(key)).isPositive();
			});
			redis.delete(redis.keys("*" + prefix + "*"));
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void twoInstancesSharingPostgresShareTheLimit() {
		String tablePrefix = "throttle_" + Long.toHexString(System.nanoTime()) + "_";
		String[] properties = common("jwt.auth.store.type=jdbc", "spring.datasource.url=" + Instances.POSTGRES_URL,
				"spring.datasource.username=postgres", "jwt.auth.store.jdbc.initialize-schema=always",
				"jwt.auth.store.jdbc.table-prefix=" + tablePrefix);
		try (Instances instances = new Instances()) {
			Instance a = instances.start(properties);
			Instance b = instances.start(properties);
			assertThat(a.context().getBean(AttemptStore.class)).isInstanceOf(JdbcAttemptStore.class);
			String user = verifySharedLimit(a, b);
			JdbcClient jdbc = JdbcClient.create(b.context().getBean(DataSource.class));
			List<String> keys = jdbc.sql("SELECT attempt_key FROM " + tablePrefix + "attempt")
				.query(String.class)
				.list();
			assertThat(keys).hasSize(3)
				.allSatisfy((key) -> assertThat(key).doesNotContain(user).doesNotContain(ATTACKER));
			for (String table : new String[] { "refresh_token", "refresh_family", "revocation", "attempt",
					"signing_key", "dpop_proof" }) {
				jdbc.sql("DROP TABLE IF EXISTS " + tablePrefix + table).update();
			}
		}
	}

	/**
	 * Failed logins alternate between the instances; the third one, wherever it was
	 * counted, throttles the account on both.
	 */
	private String verifySharedLimit(Instance a, Instance b) {
		String user = "mallory-" + UUID.randomUUID();
		FromAddress attackerOnA = new FromAddress(a.http(), ATTACKER);
		FromAddress attackerOnB = new FromAddress(b.http(), ATTACKER);
		assertThat(attackerOnA.login(user, "guess-1").status()).isEqualTo(401);
		assertThat(attackerOnB.login(user, "guess-2").status()).isEqualTo(401);
		assertThat(attackerOnA.login(user, "guess-3").status()).isEqualTo(401);
		JwtAuthClient.Response onB = attackerOnB.login(user, "guess-4");
		assertThat(onB.status()).isEqualTo(429);
		assertThat(onB.field("error")).isEqualTo("too_many_requests");
		assertThat(onB.header("Retry-After")).isNotNull();
		assertThat(attackerOnA.login(user, "guess-5").status()).isEqualTo(429);
		// another account from another address is not affected
		assertThat(new FromAddress(b.http(), USER).login("alice", "alice-password").status()).isEqualTo(200);
		return user;
	}

	@Test
	@RequiresServer(name = "Redis", port = 6379)
	void redisOutageRefusesLoginsWith503() throws Exception {
		String prefix = "jwt-auth-test-" + UUID.randomUUID();
		try (TcpProxy proxy = new TcpProxy(6379).start(); Instances instances = new Instances()) {
			Instance app = instances.start(common("jwt.auth.store.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + proxy.port(), "spring.data.redis.timeout=500ms",
					"spring.data.redis.connect-timeout=500ms", "jwt.auth.store.redis.key-prefix=" + prefix));
			verifyOutage(app, proxy);
			StringRedisTemplate redis = app.context().getBean(StringRedisTemplate.class);
			redis.delete(redis.keys("*" + prefix + "*"));
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void postgresOutageRefusesLoginsWith503() throws Exception {
		try (TcpProxy proxy = new TcpProxy(5432).start(); Instances instances = new Instances()) {
			Instance app = instances.start(common("jwt.auth.store.type=jdbc",
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port()
							+ "/test?connectTimeout=1&socketTimeout=2",
					"spring.datasource.username=postgres", "spring.datasource.hikari.connection-timeout=1000",
					"spring.datasource.hikari.validation-timeout=500", "jwt.auth.store.jdbc.initialize-schema=always"));
			verifyOutage(app, proxy);
		}
	}

	private void verifyOutage(Instance app, TcpProxy proxy) throws Exception {
		FromAddress client = new FromAddress(app.http(), ATTACKER);
		assertThat(client.login("alice", "wrong").status()).isEqualTo(401);
		proxy.stop();
		// the throttle cannot be consulted: refused, never let through to the password
		// check
		JwtAuthClient.Response down = client.login("alice", "wrong");
		assertThat(down.status()).isEqualTo(503);
		assertThat(down.field("error")).isEqualTo("temporarily_unavailable");
		JwtAuthClient.Response revokeDown = client.revoke("guessed-" + UUID.randomUUID());
		assertThat(revokeDown.status()).isEqualTo(503);
		proxy.start();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> client.login("alice", "alice-password").status() == 200);
	}

}
