package io.github.jwtauth.store.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.keys.rotation.SigningKeyStore;
import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.refresh.RotationResult.Status;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.store.AttemptStoreContractTests;
import io.github.jwtauth.test.store.DPoPProofReplayStoreContractTests;
import io.github.jwtauth.test.store.RefreshTokenStoreContractTests;
import io.github.jwtauth.test.store.RevocationStoreContractTests;
import io.github.jwtauth.test.store.SigningKeyStoreContractTests;
import io.github.jwtauth.throttle.AttemptStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contracts against PostgreSQL (the real server on 127.0.0.1:5432) and H2, with
 * the default table names and with a prefix of their own.
 */
class JdbcStoreContractTests {

	private static HikariDataSource postgres;

	private static HikariDataSource h2;

	private static final JdbcTables DEFAULT = JdbcTables.withDefaultPrefix();

	private static final JdbcTables PREFIXED = new JdbcTables("contract_" + Long.toHexString(System.nanoTime()) + "_");

	@AfterAll
	static void close() {
		if (postgres != null) {
			JdbcClient jdbc = JdbcClient.create(postgres);
			for (String table : new String[] { "refresh_token", "refresh_family", "revocation", "attempt",
					"signing_key", "dpop_proof" }) {
				jdbc.sql("DROP TABLE IF EXISTS " + PREFIXED.prefix() + table).update();
			}
			postgres.close();
		}
		if (h2 != null) {
			h2.close();
		}
	}

	static synchronized DataSource postgres() {
		if (postgres == null) {
			postgres = new HikariDataSource();
			postgres.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
			postgres.setUsername("postgres");
			postgres.setMaximumPoolSize(60);
			initialize(postgres, "postgresql", DEFAULT);
			initialize(postgres, "postgresql", PREFIXED);
		}
		return postgres;
	}

	static synchronized DataSource h2() {
		if (h2 == null) {
			h2 = new HikariDataSource();
			h2.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000");
			h2.setMaximumPoolSize(60);
			initialize(h2, "h2", DEFAULT);
		}
		return h2;
	}

	/**
	 * Create the tables from the shipped script, as Spring Boot's initializer does.
	 */
	static void initialize(DataSource dataSource, String platform, JdbcTables tables) {
		try {
			String script = StreamUtils.copyToString(
					new ClassPathResource("io/github/jwtauth/store/jdbc/schema-" + platform + ".sql").getInputStream(),
					StandardCharsets.UTF_8);
			new ResourceDatabasePopulator(
					new ByteArrayResource(tables.rewrite(script).getBytes(StandardCharsets.UTF_8)))
				.execute(dataSource);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static JdbcRefreshTokenStore refreshTokens(DataSource dataSource, JdbcTables tables) {
		return new JdbcRefreshTokenStore(JdbcClient.create(dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)), tables);
	}

	static JdbcRevocationStore revocations(DataSource dataSource, JdbcTables tables) {
		return new JdbcRevocationStore(JdbcClient.create(dataSource), JdbcDialect.of(dataSource), Clock.systemUTC(),
				tables);
	}

	static JdbcAttemptStore attempts(DataSource dataSource, JdbcTables tables) {
		return new JdbcAttemptStore(JdbcClient.create(dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)), JdbcDialect.of(dataSource),
				tables);
	}

	static JdbcSigningKeyStore signingKeys(DataSource dataSource, JdbcTables tables) {
		return new JdbcSigningKeyStore(JdbcClient.create(dataSource), () -> JdbcDialect.of(dataSource), tables);
	}

	static JdbcDPoPProofReplayStore dpopProofs(DataSource dataSource, Clock clock, JdbcTables tables) {
		return new JdbcDPoPProofReplayStore(JdbcClient.create(dataSource), () -> JdbcDialect.of(dataSource), clock,
				tables);
	}

	@Nested
	@RequiresServer(name = "PostgreSQL", port = 5432)
	class PostgresRefreshTokens extends RefreshTokenStoreContractTests {

		@Override
		protected RefreshTokenStore store() {
			return refreshTokens(postgres(), DEFAULT);
		}

		@Test
		void endingAFamilyErasesItsClientDetails() {
			ClientDetails client = new ClientDetails("agent", "198.51.100.9");
			RefreshTokenRecord revoked = newFamily(newSubject(), this.now, null, client);
			RefreshTokenRecord reused = newFamily(newSubject(), this.now, null, client);
			RefreshTokenRecord live = newFamily(newSubject(), this.now, null, client);
			store().revokeSession(revoked.familyId());
			String next = nextHash(reused);
			assertThat(store().rotate(reused.tokenHash(), next, this.now, IDLE, client).status())
				.isEqualTo(Status.ROTATED);
			assertThat(store().rotate(reused.tokenHash(), nextHash(reused), this.now, IDLE, client).status())
				.isEqualTo(Status.REUSED);
			assertThat(clientDetailsOf(revoked.familyId())).isEqualTo("null/null");
			assertThat(clientDetailsOf(reused.familyId())).isEqualTo("null/null");
			assertThat(clientDetailsOf(live.familyId())).isEqualTo("agent/198.51.100.9");
		}

		private String clientDetailsOf(String familyId) {
			return JdbcClient.create(postgres())
				.sql("SELECT user_agent, client_address FROM jwt_auth_refresh_family WHERE family_id = ?")
				.param(familyId)
				.query((rs, n) -> rs.getString(1) + "/" + rs.getString(2))
				.single();
		}

	}

	@Nested
	@RequiresServer(name = "PostgreSQL", port = 5432)
	class PostgresRefreshTokensWithTablePrefix extends RefreshTokenStoreContractTests {

		@Override
		protected RefreshTokenStore store() {
			return refreshTokens(postgres(), PREFIXED);
		}

		@Test
		void writesToThePrefixedTablesOnly() {
			newFamily("prefix-check-" + UUID.randomUUID());
			JdbcClient jdbc = JdbcClient.create(postgres());
			assertThat(jdbc.sql("SELECT COUNT(*) FROM " + PREFIXED.prefix() + "refresh_family WHERE subject LIKE ?")
				.param("prefix-check-%")
				.query(Long.class)
				.single()).isEqualTo(1);
			assertThat(jdbc.sql("SELECT COUNT(*) FROM jwt_auth_refresh_family WHERE subject LIKE ?")
				.param("prefix-check-%")
				.query(Long.class)
				.single()).isZero();
		}

	}

	@Nested
	class H2RefreshTokens extends RefreshTokenStoreContractTests {

		@Override
		protected RefreshTokenStore store() {
			return refreshTokens(h2(), DEFAULT);
		}

	}

	@Nested
	@RequiresServer(name = "PostgreSQL", port = 5432)
	class PostgresRevocations extends RevocationStoreContractTests {

		@Override
		protected RevocationStore store() {
			return revocations(postgres(), DEFAULT);
		}

	}

	@Nested
	@RequiresServer(name = "PostgreSQL", port = 5432)
	class PostgresRevocationsWithTablePrefix extends RevocationStoreContractTests {

		@Override
		protected RevocationStore store() {
			return revocations(postgres(), PREFIXED);
		}

	}

	@Nested
	class H2Revocations extends RevocationStoreContractTests {

		@Override
		protected RevocationStore store() {
			return revocations(h2(), DEFAULT);
		}

	}

	@Nested
	@RequiresServer(name = "PostgreSQL", port = 5432)
	class PostgresSigningKeys extends SigningKeyStoreContractTests {

		@Override
		protected SigningKeyStore store() {
			return signingKeys(postgres(), DEFAULT);
		}

		@Override
		protected SigningKeyStore secondInstance() {
			return signingKeys(postgres(), DEFAULT);
		}

	}

	@Nested
	@RequiresServer(name = "PostgreSQL", port = 5432)
	class PostgresSigningKeysWithTablePrefix extends SigningKeyStoreContractTests {

		@Override
		protected SigningKeyStore store() {
			return signingKeys(postgres(), PREFIXED);
		}

		@Override
		protected SigningKeyStore secondInstance() {
			return signingKeys(postgres(), PREFIXED);
		}

		@Test
		void writesToThePrefixedTableOnly() {
			store().add(key(this.generation));
			JdbcClient jdbc = JdbcClient.create(postgres());
			assertThat(jdbc.sql("SELECT COUNT(*) FROM " + PREFIXED.prefix() + "signing_key WHERE generation = ?")
				.param(this.generation)
				.query(Long.class)
				.single()).isEqualTo(1);
			assertThat(jdbc.sql("SELECT COUNT(*) FROM jwt_auth_signing_key WHERE generation = ?")
				.param(this.generation)
				.query(Long.class)
				.single()).isZero();
		}

	}

	@Nested
	class H2SigningKeys extends SigningKeyStoreContractTests {

		@Override
		protected SigningKeyStore store() {
			return signingKeys(h2(), DEFAULT);
		}

		@Override
		protected SigningKeyStore secondInstance() {
			return signingKeys(h2(), DEFAULT);
		}

	}

	@Nested
	class H2SigningKeysWithoutDialectSpecificInsert extends SigningKeyStoreContractTests {

		@Override
		protected SigningKeyStore store() {
			return new JdbcSigningKeyStore(JdbcClient.create(h2()), new JdbcDialect("other", null), DEFAULT);
		}

	}

	@Nested
	@RequiresServer(name = "PostgreSQL", port = 5432)
	class PostgresAttempts extends AttemptStoreContractTests {

		@Override
		protected AttemptStore store() {
			return attempts(postgres(), DEFAULT);
		}

		@Override
		protected AttemptStore secondInstance() {
			return attempts(postgres(), DEFAULT);
		}

	}

	@Nested
	@RequiresServer(name = "PostgreSQL", port = 5432)
	class PostgresAttemptsWithTablePrefix extends AttemptStoreContractTests {

		@Override
		protected AttemptStore store() {
			return attempts(postgres(), PREFIXED);
		}

		@Override
		protected AttemptStore secondInstance() {
			return attempts(postgres(), PREFIXED);
		}

		@Test
		void writesToThePrefixedTableOnly() {
			String key = newKey();
			store().recordFailure(key, this.now, RETENTION);
			JdbcClient jdbc = JdbcClient.create(postgres());
			assertThat(jdbc.sql("SELECT COUNT(*) FROM " + PREFIXED.prefix() + "attempt WHERE attempt_key = ?")
				.param(key)
				.query(Long.class)
				.single()).isEqualTo(1);
			assertThat(jdbc.sql("SELECT COUNT(*) FROM jwt_auth_attempt WHERE attempt_key = ?")
				.param(key)
				.query(Long.class)
				.single()).isZero();
		}

	}

	@Nested
	class H2Attempts extends AttemptStoreContractTests {

		@Override
		protected AttemptStore store() {
			return attempts(h2(), DEFAULT);
		}

		@Override
		protected AttemptStore secondInstance() {
			return attempts(h2(), DEFAULT);
		}

	}

	@Nested
	class H2AttemptsWithoutDialectSpecificUpsert extends AttemptStoreContractTests {

		@Override
		protected AttemptStore store() {
			return new JdbcAttemptStore(JdbcClient.create(h2()),
					new TransactionTemplate(new DataSourceTransactionManager(h2())), new JdbcDialect("other", null),
					DEFAULT);
		}

	}

	@Nested
	@RequiresServer(name = "PostgreSQL", port = 5432)
	class PostgresDPoPProofs extends DPoPProofReplayStoreContractTests {

		@Override
		protected DPoPProofReplayStore store() {
			return dpopProofs(postgres(), this.clock, DEFAULT);
		}

		@Override
		protected DPoPProofReplayStore secondInstance() {
			return dpopProofs(postgres(), this.clock, DEFAULT);
		}

		@Test
		void purgeDeletesExpiredKeysAndKeepsLiveOnes() {
			JdbcDPoPProofReplayStore store = dpopProofs(postgres(), this.clock, DEFAULT);
			String expired = newKey();
			String live = newKey();
			store.markUsed(expired, expiresIn(Duration.ofSeconds(10)));
			store.markUsed(live, expiresIn(Duration.ofSeconds(30)));
			assertThat(store.purgeExpired(this.clock.instant().plusSeconds(20))).isGreaterThanOrEqualTo(1);
			JdbcClient jdbc = JdbcClient.create(postgres());
			assertThat(jdbc.sql("SELECT COUNT(*) FROM jwt_auth_dpop_proof WHERE proof_key = ?")
				.param(expired)
				.query(Long.class)
				.single()).isZero();
			assertThat(store.markUsed(live, expiresIn(LIFETIME))).isFalse();
		}

		@Test
		void aReplayInTheCallersTransactionLeavesItUsable() {
			String key = newKey();
			assertThat(store().markUsed(key, expiresIn(LIFETIME))).isTrue();
			TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(postgres()));
			Long one = transactions.execute((status) -> {
				assertThat(store().markUsed(key, expiresIn(LIFETIME))).isFalse();
				return JdbcClient.create(postgres()).sql("SELECT 1").query(Long.class).single();
			});
			assertThat(one).isEqualTo(1);
		}

	}

	@Nested
	@RequiresServer(name = "PostgreSQL", port = 5432)
	class PostgresDPoPProofsWithTablePrefix extends DPoPProofReplayStoreContractTests {

		@Override
		protected DPoPProofReplayStore store() {
			return dpopProofs(postgres(), this.clock, PREFIXED);
		}

		@Override
		protected DPoPProofReplayStore secondInstance() {
			return dpopProofs(postgres(), this.clock, PREFIXED);
		}

		@Test
		void writesToThePrefixedTableOnly() {
			String key = newKey();
			store().markUsed(key, expiresIn(LIFETIME));
			JdbcClient jdbc = JdbcClient.create(postgres());
			assertThat(jdbc.sql("SELECT COUNT(*) FROM " + PREFIXED.prefix() + "dpop_proof WHERE proof_key = ?")
				.param(key)
				.query(Long.class)
				.single()).isEqualTo(1);
			assertThat(jdbc.sql("SELECT COUNT(*) FROM jwt_auth_dpop_proof WHERE proof_key = ?")
				.param(key)
				.query(Long.class)
				.single()).isZero();
		}

	}

	@Nested
	class H2DPoPProofs extends DPoPProofReplayStoreContractTests {

		@Override
		protected DPoPProofReplayStore store() {
			return dpopProofs(h2(), this.clock, DEFAULT);
		}

		@Override
		protected DPoPProofReplayStore secondInstance() {
			return dpopProofs(h2(), this.clock, DEFAULT);
		}

	}

	@Nested
	class H2DPoPProofsWithoutDialectSpecificUpsert extends DPoPProofReplayStoreContractTests {

		@Override
		protected DPoPProofReplayStore store() {
			return new JdbcDPoPProofReplayStore(JdbcClient.create(h2()), new JdbcDialect("other", null), this.clock,
					DEFAULT);
		}

		@Override
		protected DPoPProofReplayStore secondInstance() {
			return store();
		}

	}

}
