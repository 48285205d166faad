package io.github.jwtauth.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationSynchronizer;
import io.github.jwtauth.test.junit.RequiresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The poll of the JDBC revocation store misses nothing: a revocation whose transaction
 * commits after several polls (on PostgreSQL, with any delay: the cursor is the oldest
 * running transaction, not a time) and revocations written or read by instances whose
 * clocks are far off are delivered, and an existing 0.1 table is upgraded in place by the
 * shipped script. Each test works on tables of its own prefix, dropped afterwards.
 */
class JdbcRevocationPollTests {

	private final JdbcTables tables = new JdbcTables("poll_" + Long.toHexString(System.nanoTime()) + "_");

	private final List<HikariDataSource> pools = new ArrayList<>();

	@AfterEach
	void dropAndClose() {
		for (HikariDataSource pool : this.pools) {
			if (pool.getJdbcUrl().startsWith("jdbc:postgresql")) {
				JdbcClient jdbc = JdbcClient.create(pool);
				for (String table : new String[] { "refresh_token", "refresh_family", "revocation", "attempt",
						"signing_key" }) {
					jdbc.sql("DROP TABLE IF EXISTS " + this.tables.prefix() + table).update();
				}
			}
			pool.close();
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void postgresDeliversARevocationWhoseTransactionCommitsAfterSeveralPolls() {
		DataSource writer = postgres();
		DataSource reader = postgres();
		JdbcClient.create(writer).sql("SELECT 1").query(Long.class).single();
		JdbcDialect dialect = JdbcDialect.of(writer);
		assertThat(dialect).isEqualTo(JdbcDialect.POSTGRESQL);
		JdbcStoreContractTests.initialize(writer, "postgresql", this.tables);
		verifyLateCommit(writer, reader, true);
	}

	@Test
	void h2DeliversARevocationWhoseTransactionCommitsAfterSeveralPolls() {
		String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
		DataSource writer = pool(url);
		DataSource reader = pool(url);
		JdbcStoreContractTests.initialize(writer, "h2", this.tables);
		verifyLateCommit(writer, reader, false);
	}

	private void verifyLateCommit(DataSource writer, DataSource reader, boolean postgres) {
		JdbcRevocationStore writing = store(writer, Clock.systemUTC());
		JdbcRevocationStore reading = store(reader, Clock.systemUTC());
		RevocationRegistry registry = new RevocationRegistry(Clock.systemUTC());
		RevocationSynchronizer synchronizer = new RevocationSynchronizer(registry, reading, Clock.systemUTC(),
				new RevocationSynchronizer.Settings(Duration.ofMillis(250), Duration.ofSeconds(30),
						Duration.ofMinutes(1)));
		assertThat(synchronizer.sync()).isTrue();
		RevocationEntry late = token("late");
		Jwt lateToken = jwt(late.value());
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(writer));
		transaction.executeWithoutResult((status) -> {
			writing.add(late);
			long transactionId = postgres ? JdbcClient.create(writer)
				.sql("SELECT CAST(CAST(pg_current_xact_id() AS TEXT) AS BIGINT)")
				.query(Long.class)
				.single() : 0;
			// polls while the transaction is open: nothing to see yet
			for (int i = 0; i < 3; i++) {
				assertThat(synchronizer.sync()).isTrue();
				assertThat(registry.isRevoked(lateToken)).isFalse();
				if (postgres) {
					// the cursor never passes a transaction still running, however long
					assertThat(reading.position()).isLessThanOrEqualTo(transactionId);
				}
			}
		});
		assertThat(synchronizer.sync()).isTrue();
		assertThat(registry.isRevoked(lateToken)).isTrue();
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void postgresDeliversBetweenInstancesWhoseClocksAreFarOff() {
		DataSource dataSource = postgres();
		JdbcStoreContractTests.initialize(dataSource, "postgresql", this.tables);
		Instant now = Instant.now();
		JdbcRevocationStore past = store(dataSource, Clock.offset(Clock.systemUTC(), Duration.ofDays(-400)));
		JdbcRevocationStore future = store(dataSource, Clock.offset(Clock.systemUTC(), Duration.ofDays(400)));
		long position = future.position();
		RevocationEntry fromThePast = token("past");
		past.add(fromThePast);
		assertThat(future.changesSince(position)).contains(fromThePast);
		position = past.position();
		RevocationEntry fromTheFuture = token("future");
		future.add(fromTheFuture);
		assertThat(past.changesSince(position)).contains(fromTheFuture);
		// the database's clock, not the instances', for cut-offs
		assertThat(Duration.between(now, past.currentTime()).abs()).isLessThan(Duration.ofDays(1));
		assertThat(Duration.between(now, future.currentTime()).abs()).isLessThan(Duration.ofDays(1));
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void postgresScriptUpgradesAnOldTableInPlaceAndCanRunAgain() {
		DataSource dataSource = postgres();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		String table = this.tables.prefix() + "revocation";
		// the 0.1 table
		jdbc.sql("CREATE TABLE " + table + " (id BIGSERIAL NOT NULL PRIMARY KEY, kind VARCHAR(16) NOT NULL,"
				+ " revoked_value VARCHAR(255) NOT NULL, cutoff BIGINT NOT NULL, expires_at BIGINT NOT NULL,"
				+ " created_at BIGINT NOT NULL)")
			.update();
		RevocationEntry old = token("old");
		jdbc.sql("INSERT INTO " + table
				+ " (kind, revoked_value, cutoff, expires_at, created_at) VALUES (?, ?, ?, ?, 0)")
			.params(old.kind().name(), old.value(), old.cutoff().toEpochMilli(), old.expiresAt().toEpochMilli())
			.update();
		JdbcStoreContractTests.initialize(dataSource, "postgresql", this.tables);
		JdbcStoreContractTests.initialize(dataSource, "postgresql", this.tables);
		JdbcRevocationStore store = store(dataSource, Clock.systemUTC());
		assertThat(store.findActive(Instant.now())).contains(old);
		long position = store.position();
		RevocationEntry added = token("new");
		store.add(added);
		assertThat(store.changesSince(position)).contains(added);
		// a 0.1 instance still inserting without tx_id: the column default fills it in
		RevocationEntry fromOldVersion = token("old-version");
		position = store.position();
		jdbc.sql("INSERT INTO " + table
				+ " (kind, revoked_value, cutoff, expires_at, created_at) VALUES (?, ?, ?, ?, 0)")
			.params(fromOldVersion.kind().name(), fromOldVersion.value(), fromOldVersion.cutoff().toEpochMilli(),
					fromOldVersion.expiresAt().toEpochMilli())
			.update();
		assertThat(store.changesSince(position)).contains(fromOldVersion);
	}

	private JdbcRevocationStore store(DataSource dataSource, Clock clock) {
		return new JdbcRevocationStore(JdbcClient.create(dataSource), JdbcDialect.of(dataSource), clock, this.tables);
	}

	private DataSource postgres() {
		return pool("jdbc:postgresql://127.0.0.1:5432/test");
	}

	private DataSource pool(String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		if (url.startsWith("jdbc:postgresql")) {
			pool.setUsername("postgres");
		}
		pool.setMaximumPoolSize(4);
		this.pools.add(pool);
		return pool;
	}

	private static RevocationEntry token(String name) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		return new RevocationEntry(Kind.TOKEN, name + "-" + UUID.randomUUID(), now, now.plusSeconds(600));
	}

	private static Jwt jwt(String jti) {
		Instant now = Instant.now();
		return Jwt.withTokenValue("t")
			.header("alg", "HS256")
			.subject("alice")
			.jti(jti)
			.issuedAt(now)
			.expiresAt(now.plusSeconds(600))
			.build();
	}

}
