package io.github.jwtauth.store.jdbc;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.RevocationSynchronizer;
import io.github.jwtauth.test.junit.RequiresServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Push on PostgreSQL ({@code LISTEN/NOTIFY}) between two store instances on pools of
 * their own, against the real server: what one adds reaches the other's subscriber
 * without any poll, for every kind; a rolled-back add is never pushed; a notification is
 * only a wake-up: forged notifications deliver nothing that is not in the table, the
 * store's carry no data, and a burst costs far fewer reads than notifications; a large
 * entry is read from the table; after the listening backend is terminated the listener
 * reconnects and reloads every live revocation (an entry that was never announced
 * arrives); closing stops the thread and returns the connection; two table prefixes never
 * hear each other; H2 gets no subscription and still works by polling. Each test has
 * tables (and so a channel) of its own, {@code pgn_*}, dropped afterwards.
 */
@RequiresServer(name = "PostgreSQL", port = 5432)
class JdbcRevocationPushTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final JdbcTables tables = new JdbcTables("pgn_" + Long.toHexString(System.nanoTime()) + "_");

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final List<JdbcTables> created = new ArrayList<>();

	private final List<AutoCloseable> subscriptions = new ArrayList<>();

	@AfterEach
	void closeAndDrop() throws Exception {
		for (AutoCloseable subscription : this.subscriptions) {
			subscription.close();
		}
		for (HikariDataSource pool : this.pools) {
			if (pool.getJdbcUrl().startsWith("jdbc:postgresql")) {
				// the shipped script creates every table of the store
				for (JdbcTables dropped : this.created) {
					for (String table : new String[] { "refresh_token", "refresh_family", "revocation", "attempt",
							"signing_key" }) {
						JdbcClient.create(pool).sql("DROP TABLE IF EXISTS " + dropped.prefix() + table).update();
					}
				}
				this.created.clear();
			}
			pool.close();
		}
	}

	@Test
	void everyKindReachesAnotherInstanceWithoutAPoll() {
		JdbcRevocationStore a = store(postgres(), this.tables);
		Subscriber b = subscribe(store(postgres(), this.tables));
		List<RevocationEntry> added = new ArrayList<>();
		for (Kind kind : Kind.values()) {
			RevocationEntry entry = entry(kind, kind + "|ü|日本-" + UUID.randomUUID());
			a.add(entry);
			added.add(entry);
		}
		// B's store is never polled: only the notifications can deliver
		await().atMost(WAIT).untilAsserted(() -> assertThat(b.received()).containsAll(added));
	}

	@Test
	void synchronizerThatNeverPollsRefusesTheRevokedToken() {
		JdbcRevocationStore a = store(postgres(), this.tables);
		JdbcRevocationStore b = store(postgres(), this.tables);
		RevocationRegistry registry = new RevocationRegistry(Clock.systemUTC());
		// no poll within the test: after the first load only the push can deliver
		RevocationSynchronizer synchronizer = new RevocationSynchronizer(registry, b, Clock.systemUTC(),
				new RevocationSynchronizer.Settings(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(1)));
		synchronizer.start();
		try {
			assertThat(threadAlive(this.tables)).isTrue();
			RevocationEntry sentinel = entry(Kind.TOKEN, "sentinel-" + UUID.randomUUID());
			Jwt sentinelToken = jwt(sentinel.value());
			// the listener is up once its first load (after LISTEN) has been pushed: wait
			// for an entry it can only get by push
			await().atMost(WAIT).untilAsserted(() -> {
				a.add(sentinel);
				assertThat(registry.isRevoked(sentinelToken)).isTrue();
			});
			RevocationEntry revoked = entry(Kind.TOKEN, "revoked-" + UUID.randomUUID());
			Jwt token = jwt(revoked.value());
			assertThat(registry.isRevoked(token)).isFalse();
			a.add(revoked);
			await().atMost(WAIT).untilAsserted(() -> assertThat(registry.isRevoked(token)).isTrue());
		}
		finally {
			synchronizer.stop();
		}
		await().atMost(WAIT).untilAsserted(() -> assertThat(threadAlive(this.tables)).isFalse());
	}

	@Test
	void rolledBackAddIsNeverPushed() {
		DataSource writer = postgres();
		JdbcRevocationStore a = store(writer, this.tables);
		Subscriber b = subscribe(store(postgres(), this.tables));
		RevocationEntry rolledBack = entry(Kind.SUBJECT, "rolled-back-" + UUID.randomUUID());
		new TransactionTemplate(new DataSourceTransactionManager(writer)).executeWithoutResult((status) -> {
			a.add(rolledBack);
			status.setRollbackOnly();
		});
		RevocationEntry committed = entry(Kind.SUBJECT, "committed-" + UUID.randomUUID());
		a.add(committed);
		// notifications arrive in commit order: had the first been sent, it would be here
		await().atMost(WAIT).untilAsserted(() -> assertThat(b.received()).contains(committed));
		assertThat(b.received()).doesNotContain(rolledBack);
		assertThat(a.findActive(Instant.now())).contains(committed).doesNotContain(rolledBack);
	}

	@Test
	void forgedNotificationAppliesNothingThatIsNotInTheTable() {
		DataSource dataSource = postgres();
		JdbcRevocationStore a = store(dataSource, this.tables);
		JdbcRevocationStore b = store(postgres(), this.tables);
		RevocationRegistry registry = new RevocationRegistry(Clock.systemUTC());
		Subscriber subscriber = subscribe(b, registry);
		long farFuture = Instant.now().plus(Duration.ofDays(3650)).toEpochMilli();
		// what another role that can connect could send: the former payload format, a
		// cut-off for alice far in the future, and garbage
		for (String payload : new String[] { "U|" + farFuture + "|" + farFuture + "|alice",
				"T|" + farFuture + "|" + farFuture + "|forged-jti", "", "garbage", "*" }) {
			JdbcClient.create(dataSource)
				.sql("SELECT pg_notify(?, ?)")
				.params(this.tables.notificationChannel(), payload)
				.query()
				.listOfRows();
		}
		RevocationEntry valid = entry(Kind.SESSION, "valid-" + UUID.randomUUID());
		a.add(valid);
		await().atMost(WAIT).untilAsserted(() -> assertThat(subscriber.received()).contains(valid));
		// only rows of the table were delivered, each of them added by a store
		assertThat(subscriber.received())
			.allMatch((entry) -> entry.equals(subscriber.sentinel()) || entry.equals(valid));
		assertThat(registry.isRevoked(jwt("alice", "any-" + UUID.randomUUID()))).isFalse();
		assertThat(registry.isRevoked(jwt("bob", "forged-jti"))).isFalse();
		assertThat(threadAlive(this.tables)).isTrue();
	}

	@Test
	void notificationsCarryNoData() throws Exception {
		DataSource dataSource = postgres();
		JdbcRevocationStore a = store(dataSource, this.tables);
		try (Connection connection = postgres().getConnection()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute(listen(this.tables));
			}
			RevocationEntry entry = entry(Kind.SUBJECT, "alice-" + UUID.randomUUID());
			a.add(entry);
			PGConnection notifications = connection.unwrap(PGConnection.class);
			List<String> payloads = new ArrayList<>();
			await().atMost(WAIT).untilAsserted(() -> {
				PGNotification[] received = notifications.getNotifications(100);
				if (received != null) {
					for (PGNotification notification : received) {
						payloads.add(notification.getParameter());
					}
				}
				assertThat(payloads).isNotEmpty();
			});
			assertThat(payloads).containsOnly(RevocationNotification.CHANGED);
		}
	}

	@Test
	void aBurstOfNotificationsIsReadWithFarFewerReads() throws Exception {
		DataSource dataSource = postgres();
		JdbcRevocationStore a = store(dataSource, this.tables);
		CountingStore counting = new CountingStore(store(postgres(), this.tables));
		RevocationEntry sentinel = entry(Kind.TOKEN, "sentinel-" + UUID.randomUUID());
		a.add(sentinel);
		Queue<RevocationEntry> received = new ConcurrentLinkedQueue<>();
		this.subscriptions.add(PostgresRevocationListener.start(postgres(), this.tables.notificationChannel(), counting,
				Clock.systemUTC(), received::add));
		await().atMost(WAIT).untilAsserted(() -> assertThat(received).contains(sentinel));
		int burst = 200;
		List<RevocationEntry> added = new ArrayList<>();
		// one transaction: its notifications are delivered together at commit (distinct
		// payloads, so PostgreSQL does not fold them into one)
		new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult((status) -> {
			JdbcClient jdbc = JdbcClient.create(dataSource);
			for (int i = 0; i < burst; i++) {
				jdbc.sql("SELECT pg_notify(?, ?)")
					.params(this.tables.notificationChannel(), "n" + i)
					.query()
					.listOfRows();
			}
			RevocationEntry entry = entry(Kind.TOKEN, "burst-" + UUID.randomUUID());
			a.add(entry);
			added.add(entry);
		});
		await().atMost(WAIT).untilAsserted(() -> assertThat(received).containsAll(added));
		assertThat(counting.reads()).isLessThan(burst / 10);
	}

	@Test
	void reconnectsAfterTheListeningBackendIsTerminatedAndReloadsEverything() {
		DataSource dataSource = postgres();
		JdbcRevocationStore a = store(dataSource, this.tables);
		Subscriber b = subscribe(store(postgres(), this.tables));
		JdbcClient admin = JdbcClient.create(dataSource);
		long listening = listeningBackend(admin);
		// written without a notification, as if announced while B was disconnected:
		// only the reload after the reconnect can deliver it
		RevocationEntry missed = entry(Kind.TOKEN, "missed-" + UUID.randomUUID());
		admin
			.sql("INSERT INTO " + this.tables.prefix()
					+ "revocation (kind, revoked_value, cutoff, expires_at, created_at) VALUES (?, ?, ?, ?, 0)")
			.params(missed.kind().name(), missed.value(), missed.cutoff().toEpochMilli(),
					missed.expiresAt().toEpochMilli())
			.update();
		assertThat(admin.sql("SELECT pg_terminate_backend(CAST(? AS INTEGER))")
			.param(listening)
			.query(Boolean.class)
			.single()).isTrue();
		await().atMost(WAIT).untilAsserted(() -> assertThat(b.received()).contains(missed));
		await().atMost(WAIT).untilAsserted(() -> assertThat(listeningBackend(admin)).isNotEqualTo(listening));
		RevocationEntry after = entry(Kind.SESSION, "after-" + UUID.randomUUID());
		a.add(after);
		await().atMost(WAIT).untilAsserted(() -> assertThat(b.received()).contains(after));
	}

	@Test
	void closeStopsTheThreadAndReturnsTheConnection() throws Exception {
		HikariDataSource pool = postgres();
		Subscriber b = subscribe(store(pool, this.tables));
		assertThat(threadAlive(this.tables)).isTrue();
		assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(1);
		b.subscription().close();
		assertThat(threadAlive(this.tables)).isFalse();
		assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
		// the connection went back to the pool without its LISTEN
		assertThat(JdbcClient.create(pool)
			.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE query = ?")
			.param(listen(this.tables))
			.query(Long.class)
			.single()).isZero();
		// what is added afterwards is no longer received
		RevocationEntry later = entry(Kind.TOKEN, "later-" + UUID.randomUUID());
		store(pool, this.tables).add(later);
		assertThat(b.received()).doesNotContain(later);
	}

	@Test
	void twoTablePrefixesNeverHearEachOther() {
		JdbcTables other = new JdbcTables("pgn2_" + Long.toHexString(System.nanoTime()) + "_");
		DataSource dataSource = postgres();
		JdbcRevocationStore otherApplication = store(dataSource, other);
		JdbcRevocationStore a = store(dataSource, this.tables);
		Subscriber b = subscribe(store(postgres(), this.tables));
		RevocationEntry elsewhere = entry(Kind.SUBJECT, "alice");
		otherApplication.add(elsewhere);
		RevocationEntry here = entry(Kind.SUBJECT, "bob");
		a.add(here);
		await().atMost(WAIT).untilAsserted(() -> assertThat(b.received()).contains(here));
		assertThat(b.received()).doesNotContain(elsewhere);
	}

	@Test
	void h2HasNoSubscriptionAndStillPolls() throws Exception {
		HikariDataSource h2 = pool("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		JdbcStoreContractTests.initialize(h2, "h2", this.tables);
		JdbcRevocationStore a = store(h2, this.tables);
		JdbcRevocationStore b = store(h2, this.tables);
		Queue<RevocationEntry> received = new ConcurrentLinkedQueue<>();
		try (AutoCloseable subscription = b.subscribe(received::add)) {
			assertThat(threadAlive(this.tables)).isFalse();
			assertThat(h2.getHikariPoolMXBean().getActiveConnections()).isZero();
			RevocationRegistry registry = new RevocationRegistry(Clock.systemUTC());
			RevocationSynchronizer synchronizer = new RevocationSynchronizer(registry, b, Clock.systemUTC(),
					new RevocationSynchronizer.Settings(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(1)));
			assertThat(synchronizer.sync()).isTrue();
			RevocationEntry entry = entry(Kind.TOKEN, "h2-" + UUID.randomUUID());
			a.add(entry);
			assertThat(synchronizer.sync()).isTrue();
			assertThat(registry.isRevoked(jwt(entry.value()))).isTrue();
			assertThat(received).isEmpty();
		}
	}

	/**
	 * Subscribe, and wait until the listener is up: an entry added before is pushed by
	 * the full load that follows its {@code LISTEN}.
	 */
	private Subscriber subscribe(JdbcRevocationStore store) {
		return subscribe(store, null);
	}

	/**
	 * Subscribe, applying what is received to a registry too when one is given.
	 */
	private Subscriber subscribe(JdbcRevocationStore store, @Nullable RevocationRegistry registry) {
		RevocationEntry sentinel = entry(Kind.TOKEN, "sentinel-" + UUID.randomUUID());
		store.add(sentinel);
		Queue<RevocationEntry> received = new ConcurrentLinkedQueue<>();
		AutoCloseable subscription = store.subscribe((entry) -> {
			if (registry != null) {
				registry.apply(entry);
			}
			received.add(entry);
		});
		this.subscriptions.add(subscription);
		await().atMost(WAIT).untilAsserted(() -> assertThat(received).contains(sentinel));
		return new Subscriber(received, subscription, sentinel);
	}

	private long listeningBackend(JdbcClient admin) {
		return admin.sql("SELECT pid FROM pg_stat_activity WHERE query = ?")
			.param(listen(this.tables))
			.query(Long.class)
			.single();
	}

	private static String listen(JdbcTables tables) {
		return "LISTEN \"" + tables.notificationChannel() + "\"";
	}

	private static boolean threadAlive(JdbcTables tables) {
		String name = PostgresRevocationListener.THREAD_NAME_PREFIX + tables.notificationChannel();
		return Thread.getAllStackTraces().keySet().stream().anyMatch((t) -> t.getName().equals(name) && t.isAlive());
	}

	private JdbcRevocationStore store(DataSource dataSource, JdbcTables tables) {
		if (!this.created.contains(tables) && dataSource instanceof HikariDataSource pool
				&& pool.getJdbcUrl().startsWith("jdbc:postgresql")) {
			JdbcStoreContractTests.initialize(dataSource, "postgresql", tables);
			this.created.add(tables);
		}
		return JdbcRevocationStore.builder(dataSource).tables(tables).build();
	}

	private HikariDataSource postgres() {
		HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:5432/test");
		pool.setUsername("postgres");
		return pool;
	}

	private HikariDataSource pool(String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setMaximumPoolSize(4);
		this.pools.add(pool);
		return pool;
	}

	private static RevocationEntry entry(Kind kind, String value) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		return new RevocationEntry(kind, value, now, now.plusSeconds(600));
	}

	private static Jwt jwt(String jti) {
		return jwt("alice", jti);
	}

	private static Jwt jwt(String subject, String jti) {
		Instant now = Instant.now().minusSeconds(1);
		return Jwt.withTokenValue("t")
			.header("alg", "HS256")
			.subject(subject)
			.jti(jti)
			.issuedAt(now)
			.expiresAt(now.plusSeconds(600))
			.build();
	}

	/**
	 * A store that counts the reads of changes.
	 */
	private static final class CountingStore implements RevocationStore {

		private final RevocationStore store;

		private final AtomicInteger reads = new AtomicInteger();

		CountingStore(RevocationStore store) {
			this.store = store;
		}

		int reads() {
			return this.reads.get();
		}

		@Override
		public void add(RevocationEntry entry) {
			this.store.add(entry);
		}

		@Override
		public List<RevocationEntry> findActive(Instant now) {
			return this.store.findActive(now);
		}

		@Override
		public long position() {
			return this.store.position();
		}

		@Override
		public List<RevocationEntry> changesSince(long position) {
			this.reads.incrementAndGet();
			return this.store.changesSince(position);
		}

	}

	private record Subscriber(Queue<RevocationEntry> received, AutoCloseable subscription, RevocationEntry sentinel) {

	}

}
