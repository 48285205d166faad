package io.github.jwtauth.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokens;
import io.github.jwtauth.refresh.RotationResult;
import io.github.jwtauth.refresh.RotationResult.Status;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.LoginSession;
import io.github.jwtauth.test.junit.RequiresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped schema scripts upgrade the refresh tables of earlier versions in place (the
 * {@code dpop_jkt} column of a family, and its last use with the client details of that
 * use) and may run again, on PostgreSQL and H2.
 */
class JdbcSchemaUpgradeTests {

	/** The refresh tables as the scripts created them before DPoP and session listing. */
	private static final String EARLIER_TABLES = """
			CREATE TABLE jwt_auth_refresh_family (
			    family_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
			    subject         VARCHAR(255) NOT NULL,
			    created_at      BIGINT       NOT NULL,
			    expires_at      BIGINT       NOT NULL,
			    last_expires_at BIGINT       NOT NULL,
			    revoked         BOOLEAN      NOT NULL DEFAULT FALSE
			);
			CREATE TABLE jwt_auth_refresh_token (
			    token_hash VARCHAR(64)  NOT NULL PRIMARY KEY,
			    family_id  VARCHAR(64)  NOT NULL,
			    subject    VARCHAR(255) NOT NULL,
			    issued_at  BIGINT       NOT NULL,
			    expires_at BIGINT       NOT NULL,
			    spent      BOOLEAN      NOT NULL DEFAULT FALSE
			);""";

	private final JdbcTables tables = new JdbcTables("upgrade_" + Long.toHexString(System.nanoTime()) + "_");

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	private HikariDataSource dataSource;

	@AfterEach
	void dropTables() {
		if (this.dataSource != null) {
			JdbcClient jdbc = JdbcClient.create(this.dataSource);
			for (String table : new String[] { "refresh_token", "refresh_family", "revocation", "attempt",
					"signing_key", "dpop_proof" }) {
				jdbc.sql("DROP TABLE IF EXISTS " + this.tables.prefix() + table).update();
			}
			this.dataSource.close();
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void postgresqlTablesOfEarlierVersionsAreUpgradedInPlace() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
		this.dataSource.setUsername("postgres");
		upgradeKeepsOldFamiliesAndBindsNewOnes("postgresql");
	}

	@Test
	void h2TablesOfEarlierVersionsAreUpgradedInPlace() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		upgradeKeepsOldFamiliesAndBindsNewOnes("h2");
	}

	private void upgradeKeepsOldFamiliesAndBindsNewOnes(String platform) {
		DataSource dataSource = this.dataSource;
		JdbcClient jdbc = JdbcClient.create(dataSource);
		for (String statement : this.tables.rewrite(EARLIER_TABLES).split(";")) {
			if (!statement.isBlank()) {
				jdbc.sql(statement).update();
			}
		}
		JdbcRefreshTokenStore store = JdbcStoreContractTests.refreshTokens(dataSource, this.tables);
		// a family of the earlier version, written before the upgrade
		String oldFamily = UUID.randomUUID().toString();
		String oldHash = RefreshTokens.hash(RefreshTokens.generate(oldFamily));
		jdbc.sql(this.tables.rewrite("INSERT INTO jwt_auth_refresh_family "
				+ "(family_id, subject, created_at, expires_at, last_expires_at, revoked) VALUES (?, ?, ?, ?, ?, FALSE)"))
			.params(oldFamily, "alice", millis(this.now), millis(this.now.plus(Duration.ofHours(3))),
					millis(this.now.plus(Duration.ofHours(1))))
			.update();
		jdbc.sql(this.tables.rewrite("INSERT INTO jwt_auth_refresh_token "
				+ "(token_hash, family_id, subject, issued_at, expires_at, spent) VALUES (?, ?, ?, ?, ?, FALSE)"))
			.params(oldHash, oldFamily, "alice", millis(this.now), millis(this.now.plus(Duration.ofHours(1))))
			.update();

		JdbcStoreContractTests.initialize(dataSource, platform, this.tables);
		JdbcStoreContractTests.initialize(dataSource, platform, this.tables);

		RefreshTokenRecord old = store.find(oldHash).orElseThrow();
		assertThat(old.jkt()).isNull();
		// a family of before the upgrade is a session last used at its creation, with no
		// client details
		LoginSession oldSession = new LoginSession(oldFamily, "alice", this.now, this.now,
				this.now.plus(Duration.ofHours(1)), false, ClientDetails.NONE);
		assertThat(store.findSessions("alice", this.now.plusMillis(1))).containsExactly(oldSession);
		assertThat(store.findSession(oldFamily, this.now.plusMillis(1))).contains(oldSession);
		RotationResult rotated = store.rotate(oldHash, RefreshTokens.hash(RefreshTokens.generate(oldFamily)),
				this.now.plusSeconds(1), Duration.ofHours(1));
		assertThat(rotated.status()).isEqualTo(Status.ROTATED);
		assertThat(rotated.next().jkt()).isNull();
		assertThat(store.findSession(oldFamily, this.now.plusSeconds(1)).orElseThrow().lastUsedAt())
			.isEqualTo(this.now.plusSeconds(1));

		String newFamily = UUID.randomUUID().toString();
		String jkt = RefreshTokens.hash(RefreshTokens.generate());
		RefreshTokenRecord bound = new RefreshTokenRecord(RefreshTokens.hash(RefreshTokens.generate(newFamily)),
				newFamily, "alice", this.now, this.now.plus(Duration.ofHours(1)), this.now.plus(Duration.ofHours(3)),
				jkt);
		ClientDetails client = new ClientDetails("agent", "192.0.2.1");
		store.create(bound, Integer.MAX_VALUE, client);
		assertThat(store.find(bound.tokenHash())).contains(bound);
		assertThat(store.findSession(newFamily, this.now.plusSeconds(1))).contains(new LoginSession(newFamily, "alice",
				this.now, this.now, this.now.plus(Duration.ofHours(1)), true, client));

		JdbcDPoPProofReplayStore proofs = new JdbcDPoPProofReplayStore(jdbc, JdbcDialect.of(dataSource),
				Clock.systemUTC(), this.tables);
		String key = RefreshTokens.hash(RefreshTokens.generate());
		assertThat(proofs.markUsed(key, this.now.plusSeconds(60))).isTrue();
		assertThat(proofs.markUsed(key, this.now.plusSeconds(60))).isFalse();
	}

	private static long millis(Instant instant) {
		return instant.toEpochMilli();
	}

}
