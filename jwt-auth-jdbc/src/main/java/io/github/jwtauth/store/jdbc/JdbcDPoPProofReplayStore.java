package io.github.jwtauth.store.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import io.github.jwtauth.dpop.DPoPProofReplayStore;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * The DPoP proofs seen, in a relational database, in the table
 * {@code <prefix>dpop_proof}: one row per proof key (its primary key) with the epoch
 * millisecond after which the proof could no longer be accepted anyway. Shared by every
 * instance of the application, so a proof replayed on another instance is refused too.
 * <p>
 * {@link #markUsed} is one statement that inserts the key, or takes over its row if that
 * row has expired, and reports whether it did: on PostgreSQL
 * {@code INSERT … ON CONFLICT (proof_key) DO UPDATE … WHERE expires_at <= now}, which
 * raises no error, so a caller's transaction is never left aborted; on H2 a
 * {@code MERGE … WHEN MATCHED AND expires_at <= now}; elsewhere a conditional
 * {@code UPDATE} of an expired row, then an {@code INSERT}. Of concurrent calls with one
 * key, the primary key and the row lock let exactly one succeed; a lost race (a duplicate
 * key) answers {@code false}. Expiry is decided by the application's clock, the one the
 * proof verifier computes the expiry with: a replay of a proof still acceptable to the
 * verifier finds its row unexpired on any instance. Expired rows are deleted by
 * {@link #purgeExpired}.
 * <p>
 * When the database cannot be reached every method throws a
 * {@link org.springframework.dao.DataAccessException}: the proof is refused (503), never
 * accepted.
 */
public final class JdbcDPoPProofReplayStore implements DPoPProofReplayStore {

	/**
	 * The longest proof key the table holds.
	 */
	public static final int MAX_KEY_LENGTH = 64;

	private static final String POSTGRESQL_UPSERT = """
			INSERT INTO jwt_auth_dpop_proof AS p (proof_key, expires_at) VALUES (?, ?)
			ON CONFLICT (proof_key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE p.expires_at <= ?""";

	private static final String H2_MERGE = """
			MERGE INTO jwt_auth_dpop_proof p
			USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS BIGINT))) s (k, e)
			ON p.proof_key = s.k
			WHEN MATCHED AND p.expires_at <= ? THEN UPDATE SET expires_at = s.e
			WHEN NOT MATCHED THEN INSERT (proof_key, expires_at) VALUES (s.k, s.e)""";

	private static final String UPDATE_EXPIRED = "UPDATE jwt_auth_dpop_proof SET expires_at = ? "
			+ "WHERE proof_key = ? AND expires_at <= ?";

	private static final String INSERT = "INSERT INTO jwt_auth_dpop_proof (proof_key, expires_at) VALUES (?, ?)";

	private final JdbcClient jdbc;

	private final Supplier<JdbcDialect> dialect;

	private final Clock clock;

	private final JdbcTables tables;

	/**
	 * Create a store on the table with the default prefix and the system clock.
	 * @param jdbc the JDBC client
	 * @param dialect the database dialect
	 */
	public JdbcDPoPProofReplayStore(JdbcClient jdbc, JdbcDialect dialect) {
		this(jdbc, () -> dialect, Clock.systemUTC(), JdbcTables.withDefaultPrefix());
	}

	/**
	 * Create a store.
	 * @param jdbc the JDBC client
	 * @param dialect the database dialect
	 * @param clock the clock that decides expiry (the proof verifier's)
	 * @param tables the table names
	 */
	public JdbcDPoPProofReplayStore(JdbcClient jdbc, JdbcDialect dialect, Clock clock, JdbcTables tables) {
		this(jdbc, () -> dialect, clock, tables);
	}

	/**
	 * Create a store whose dialect is read on first use (for example with
	 * {@link JdbcDialect#of}), so that an application starts while its database is down.
	 * @param jdbc the JDBC client
	 * @param dialect supplies the database dialect; called until it succeeds, then kept
	 * @param clock the clock that decides expiry (the proof verifier's)
	 * @param tables the table names
	 */
	public JdbcDPoPProofReplayStore(JdbcClient jdbc, Supplier<JdbcDialect> dialect, Clock clock, JdbcTables tables) {
		Assert.notNull(jdbc, "jdbc must not be null");
		Assert.notNull(dialect, "dialect must not be null");
		Assert.notNull(clock, "clock must not be null");
		Assert.notNull(tables, "tables must not be null");
		this.jdbc = jdbc;
		this.dialect = SingletonSupplier.of(dialect);
		this.clock = clock;
		this.tables = tables;
	}

	private JdbcClient.StatementSpec sql(String sql) {
		return this.jdbc.sql(this.tables.rewrite(sql));
	}

	@Override
	public boolean markUsed(String proofKey, Instant expiresAt) {
		Assert.hasText(proofKey, "proofKey must not be empty");
		Assert.isTrue(proofKey.length() <= MAX_KEY_LENGTH, "proofKey must be a digest of at most 64 characters");
		Assert.notNull(expiresAt, "expiresAt must not be null");
		long expires = expiresAt.toEpochMilli();
		long now = this.clock.millis();
		String dialect = this.dialect.get().name();
		try {
			if (JdbcDialect.POSTGRESQL.name().equals(dialect)) {
				return sql(POSTGRESQL_UPSERT).params(proofKey, expires, now).update() == 1;
			}
			if (JdbcDialect.H2.name().equals(dialect)) {
				return sql(H2_MERGE).params(proofKey, expires, now).update() == 1;
			}
			// the row lock of an expired row lets one update win; a missing row is
			// inserted, and of concurrent inserts the primary key lets one win
			if (sql(UPDATE_EXPIRED).params(expires, proofKey, now).update() == 1) {
				return true;
			}
			return sql(INSERT).params(proofKey, expires).update() == 1;
		}
		catch (DuplicateKeyException ex) {
			// another call recorded the key first
			return false;
		}
	}

	/**
	 * Delete the keys of proofs that have expired.
	 * @param now the current time
	 * @return the number of keys deleted
	 */
	@Override
	public int purgeExpired(Instant now) {
		return sql("DELETE FROM jwt_auth_dpop_proof WHERE expires_at <= ?").param(now.toEpochMilli()).update();
	}

}
