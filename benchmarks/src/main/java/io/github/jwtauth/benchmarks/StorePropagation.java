package io.github.jwtauth.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.RevocationSynchronizer;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.store.jdbc.JdbcRevocationStore;
import io.github.jwtauth.store.jdbc.JdbcTables;
import io.github.jwtauth.store.redis.RedisRevocationStore;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.StreamUtils;

/**
 * Revocation propagation between two instances sharing a store, measured on the core
 * classes alone (no HTTP): each instance has its own store object (its own connection
 * pool or Redis connections), {@link RevocationRegistry} and
 * {@link RevocationSynchronizer}, as two application instances have. Each round revokes a
 * fresh token through A's {@link TokenRevocationService} and spins (0.1 ms sleeps) on B's
 * registry until it reports the token revoked; prints p50/p99/max over the rounds.
 * <p>
 * Usage:
 * {@code StorePropagation <jdbc|jdbc-poll|redis> [rounds=200] [poll-interval-ms=250]}:
 * {@code jdbc} pushes with {@code LISTEN/NOTIFY}, {@code jdbc-poll} only polls (the store
 * built with {@code listenNotify(false)}), {@code redis} pushes with pub/sub. Needs
 * PostgreSQL on 127.0.0.1:5432 (database {@code test}, user {@code postgres}) or Redis on
 * 127.0.0.1:6379; works on tables / keys of its own, removed afterwards.
 */
public final class StorePropagation {

	private static final int WARM_UP_ROUNDS = 30;

	private static final long TIMEOUT_NANOS = Duration.ofSeconds(10).toNanos();

	private StorePropagation() {
	}

	public static void main(String[] args) throws Exception {
		String kind = (args.length > 0) ? args[0] : "jdbc";
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		Duration poll = Duration.ofMillis((args.length > 2) ? Long.parseLong(args[2]) : 250);
		List<AutoCloseable> resources = new ArrayList<>();
		try {
			RevocationStore a;
			RevocationStore b;
			switch (kind) {
				case "jdbc", "jdbc-poll" -> {
					boolean push = kind.equals("jdbc");
					JdbcTables tables = new JdbcTables("pgn_bench_" + ProcessHandle.current().pid() + "_");
					HikariDataSource poolA = postgres();
					HikariDataSource poolB = postgres();
					createTables(poolA, tables);
					resources.add(() -> {
						JdbcClient.create(poolA).sql("DROP TABLE IF EXISTS " + tables.prefix() + "revocation").update();
						poolA.close();
						poolB.close();
					});
					a = JdbcRevocationStore.builder(poolA).tables(tables).listenNotify(push).build();
					b = JdbcRevocationStore.builder(poolB).tables(tables).listenNotify(push).build();
				}
				case "redis" -> {
					String prefix = "jwt-auth-bench-" + UUID.randomUUID();
					LettuceConnectionFactory factoryA = redis();
					LettuceConnectionFactory factoryB = redis();
					StringRedisTemplate templateA = new StringRedisTemplate(factoryA);
					resources.add(() -> {
						templateA.delete(templateA.keys("{" + prefix + "}*"));
						factoryA.destroy();
						factoryB.destroy();
					});
					a = new RedisRevocationStore(templateA, factoryA, prefix);
					b = new RedisRevocationStore(new StringRedisTemplate(factoryB), factoryB, prefix);
				}
				default -> throw new IllegalArgumentException("Unknown store " + kind + ": jdbc, jdbc-poll or redis");
			}
			measure(kind, a, b, rounds, poll, resources);
		}
		finally {
			Collections.reverse(resources);
			for (AutoCloseable resource : resources) {
				resource.close();
			}
		}
	}

	private static void measure(String kind, RevocationStore storeA, RevocationStore storeB, int rounds, Duration poll,
			List<AutoCloseable> resources) throws InterruptedException {
		RevocationSynchronizer.Settings settings = new RevocationSynchronizer.Settings(poll, Duration.ofSeconds(30),
				Duration.ofMinutes(1));
		RevocationRegistry registryA = new RevocationRegistry(Clock.systemUTC());
		RevocationRegistry registryB = new RevocationRegistry(Clock.systemUTC());
		RevocationSynchronizer a = new RevocationSynchronizer(registryA, storeA, Clock.systemUTC(), settings);
		RevocationSynchronizer b = new RevocationSynchronizer(registryB, storeB, Clock.systemUTC(), settings);
		a.start();
		b.start();
		resources.add(a::stop);
		resources.add(b::stop);
		TokenRevocationService revocations = TokenRevocationService.builder(registryA, storeA).build();
		// let the listeners connect before the first round
		Thread.sleep(1000);
		List<Double> millis = new ArrayList<>();
		List<Double> writes = new ArrayList<>();
		List<Double> deliveries = new ArrayList<>();
		for (int i = 0; i < WARM_UP_ROUNDS + rounds; i++) {
			Jwt token = token();
			if (registryB.isRevoked(token)) {
				throw new IllegalStateException("revoked before the revocation");
			}
			long start = System.nanoTime();
			revocations.revokeAccessToken(token);
			long written = System.nanoTime();
			while (!registryB.isRevoked(token)) {
				if (System.nanoTime() - start > TIMEOUT_NANOS) {
					throw new IllegalStateException("revocation not seen on B within 10 s");
				}
				LockSupport.parkNanos(100_000);
			}
			if (i >= WARM_UP_ROUNDS) {
				long seen = System.nanoTime();
				millis.add((seen - start) / 1e6);
				writes.add((written - start) / 1e6);
				deliveries.add((seen - written) / 1e6);
			}
			// the next round at a random phase of the poll, as logouts come
			Thread.sleep(5 + ThreadLocalRandom.current().nextLong(poll.toMillis()));
		}
		Collections.sort(millis);
		Collections.sort(writes);
		Collections.sort(deliveries);
		System.out.printf(
				"%s: revocation A->B over %d rounds (poll every %d ms): p50 %.2f ms, p99 %.2f ms, "
						+ "max %.2f ms; A's write p50 %.2f / p99 %.2f ms, then delivery to B p50 %.2f / p99 %.2f ms%n",
				kind, rounds, poll.toMillis(), percentile(millis, 50), percentile(millis, 99),
				millis.get(millis.size() - 1), percentile(writes, 50), percentile(writes, 99),
				percentile(deliveries, 50), percentile(deliveries, 99));
	}

	private static double percentile(List<Double> sorted, double p) {
		return RevocationPropagation.percentile(sorted, p);
	}

	private static Jwt token() {
		Instant now = Instant.now();
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("alice")
			.jti(UUID.randomUUID().toString())
			.issuedAt(now)
			.expiresAt(now.plusSeconds(600))
			.build();
	}

	private static HikariDataSource postgres() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(System.getProperty("jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test"));
		pool.setUsername(System.getProperty("jdbc.user", "postgres"));
		pool.setMaximumPoolSize(4);
		return pool;
	}

	private static void createTables(HikariDataSource dataSource, JdbcTables tables) throws IOException {
		String script = StreamUtils.copyToString(
				new ClassPathResource("io/github/jwtauth/store/jdbc/schema-postgresql.sql").getInputStream(),
				StandardCharsets.UTF_8);
		new ResourceDatabasePopulator(new ByteArrayResource(tables.rewrite(script).getBytes(StandardCharsets.UTF_8)))
			.execute(dataSource);
		// the script creates every table of the store: keep only the revocation table
		for (String table : new String[] { "refresh_token", "refresh_family", "attempt", "signing_key" }) {
			JdbcClient.create(dataSource).sql("DROP TABLE IF EXISTS " + tables.prefix() + table).update();
		}
	}

	private static LettuceConnectionFactory redis() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", 6379));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
