package io.github.jwtauth.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.jwtauth.throttle.AttemptStore;
import io.github.jwtauth.throttle.Attempts;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.function.SingletonSupplier;

/**
 * Failed attempts in a relational database, in the table {@code <prefix>attempt}, one row
 * per (hashed) key. Counting is one atomic upsert: {@code INSERT … ON CONFLICT DO
 * UPDATE … RETURNING} on PostgreSQL, {@code MERGE} on H2 (and an {@code UPDATE}, then an
 * {@code INSERT}, elsewhere), so concurrent failures on one instance or many each count.
 * Times are those given by the throttle (the application's clock); expired rows are
 * deleted by {@link #purgeExpired}.
 */
public final class JdbcAttemptStore implements AttemptStore {

	private static final String POSTGRESQL_UPSERT = """
			INSERT INTO jwt_auth_attempt AS a (attempt_key, failures, last_failure, expires_at) VALUES (?, 1, ?, ?)
			ON CONFLICT (attempt_key) DO UPDATE SET
			  failures = CASE WHEN a.expires_at <= EXCLUDED.last_failure THEN 1 ELSE a.failures + 1 END,
			  last_failure = CASE WHEN a.expires_at <= EXCLUDED.last_failure THEN EXCLUDED.last_failure
			    ELSE GREATEST(a.last_failure, EXCLUDED.last_failure) END,
			  expires_at = CASE WHEN a.expires_at <= EXCLUDED.last_failure THEN EXCLUDED.expires_at
			    ELSE GREATEST(a.expires_at, EXCLUDED.expires_at) END
			RETURNING failures, last_failure""";

	private static final String H2_MERGE = """
			MERGE INTO jwt_auth_attempt a
			USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS BIGINT), CAST(? AS BIGINT))) s (k, l, e)
			ON a.attempt_key = s.k
			WHEN MATCHED THEN UPDATE SET
			  failures = CASE WHEN a.expires_at <= s.l THEN 1 ELSE a.failures + 1 END,
			  last_failure = CASE WHEN a.expires_at <= s.l THEN s.l ELSE GREATEST(a.last_failure, s.l) END,
			  expires_at = CASE WHEN a.expires_at <= s.l THEN s.e ELSE GREATEST(a.expires_at, s.e) END
			WHEN NOT MATCHED THEN INSERT (attempt_key, failures, last_failure, expires_at) VALUES (s.k, 1, s.l, s.e)""";

	private static final String UPDATE = """
			UPDATE jwt_auth_attempt SET
			  failures = CASE WHEN expires_at <= ? THEN 1 ELSE failures + 1 END,
			  last_failure = CASE WHEN expires_at <= ? OR last_failure < ? THEN ? ELSE last_failure END,
			  expires_at = CASE WHEN expires_at <= ? OR expires_at < ? THEN ? ELSE expires_at END
			WHERE attempt_key = ?""";

	private static final String INSERT = "INSERT INTO jwt_auth_attempt (attempt_key, failures, last_failure, expires_at) "
			+ "VALUES (?, 1, ?, ?)";

	private static final String SELECT = "SELECT failures, last_failure FROM jwt_auth_attempt WHERE attempt_key = ?";

	private static final int ATTEMPTS_ON_CONFLICT = 3;

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final Supplier<JdbcDialect> dialect;

	private final JdbcTables tables;

	/**
	 * Create a store.
	 * @param jdbc the JDBC client
	 * @param transactions the application's transactions (for example a
	 * {@code TransactionTemplate} on its transaction manager)
	 * @param dialect the database dialect
	 * @param tables the table names
	 */
	public JdbcAttemptStore(JdbcClient jdbc, TransactionOperations transactions, JdbcDialect dialect,
			JdbcTables tables) {
		this(jdbc, transactions, () -> dialect, tables);
	}

	/**
	 * Create a store whose dialect is read on first use, so that an application starts
	 * while its database is down.
	 * @param jdbc the JDBC client
	 * @param transactions the application's transactions (for example a
	 * {@code TransactionTemplate} on its transaction manager)
	 * @param dialect supplies the database dialect
	 * @param tables the table names
	 */
	public JdbcAttemptStore(JdbcClient jdbc, TransactionOperations transactions, Supplier<JdbcDialect> dialect,
			JdbcTables tables) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.dialect = SingletonSupplier.of(dialect);
		this.tables = tables;
	}

	private JdbcClient.StatementSpec sql(String sql) {
		return this.jdbc.sql(this.tables.rewrite(sql));
	}

	@Override
	public Attempts recordFailure(String key, Instant now, Duration retention) {
		long at = now.toEpochMilli();
		long expires = now.plus(retention).toEpochMilli();
		if (JdbcDialect.POSTGRESQL.name().equals(this.dialect.get().name())) {
			return sql(POSTGRESQL_UPSERT).params(key, at, expires).query(JdbcAttemptStore::attempts).single();
		}
		for (int attempt = 1;; attempt++) {
			try {
				Attempts attempts = this.transactions.execute((status) -> {
					if (JdbcDialect.H2.name().equals(this.dialect.get().name())) {
						sql(H2_MERGE).params(key, at, expires).update();
					}
					else if (sql(UPDATE).params(at, at, at, at, at, expires, expires, key).update() == 0) {
						sql(INSERT).params(key, at, expires).update();
					}
					return sql(SELECT).param(key).query(JdbcAttemptStore::attempts).single();
				});
				if (attempts == null) {
					throw new IllegalStateException("No result from the attempt store's transaction");
				}
				return attempts;
			}
			catch (DuplicateKeyException ex) {
				// another failure inserted the key first: count again on its row
				if (attempt >= ATTEMPTS_ON_CONFLICT) {
					throw ex;
				}
			}
		}
	}

	@Override
	public Optional<Attempts> find(String key, Instant now) {
		return sql(SELECT + " AND expires_at > ?").params(key, now.toEpochMilli())
			.query(JdbcAttemptStore::attempts)
			.optional();
	}

	@Override
	public void reset(String key) {
		sql("DELETE FROM jwt_auth_attempt WHERE attempt_key = ?").param(key).update();
	}

	@Override
	public void purgeExpired(Instant now) {
		sql("DELETE FROM jwt_auth_attempt WHERE expires_at <= ?").param(now.toEpochMilli()).update();
	}

	@Override
	public boolean isShared() {
		return true;
	}

	private static Attempts attempts(ResultSet rs, int row) throws SQLException {
		return new Attempts(rs.getInt("failures"), Instant.ofEpochMilli(rs.getLong("last_failure")));
	}

}
