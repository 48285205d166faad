package io.github.jwtauth.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationStore;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.function.SingletonSupplier;

/**
 * Revocations in a relational database; other instances poll for rows added since their
 * last poll, so no request ever waits for the database.
 * <p>
 * Polling never misses a row, whatever the order in which transactions commit and
 * whatever the instances' clocks:
 * <ul>
 * <li>on PostgreSQL (13 or later) each row records the ID of the transaction that
 * inserted it ({@code tx_id}, {@code pg_current_xact_id()}, the column's default), and
 * the position is the oldest transaction still running ({@code xmin} of
 * {@code pg_current_snapshot()}), read before the rows. A transaction that had not
 * committed at one poll has an ID at or above that poll's position, so the next poll
 * ({@code tx_id >= position}) sees its rows however late it commits; rows may be seen
 * more than once, which is harmless;</li>
 * <li>on any other database (H2 included) every poll reads every row (the table holds
 * only live revocations, purged as they expire): never a miss, at the cost of a full read
 * per poll, fit for development and modest tables.</li>
 * </ul>
 * Cut-offs of revocations of all tokens of a subject are taken from the database's clock
 * ({@link #currentTime()}) where the dialect can read it.
 */
public final class JdbcRevocationStore implements RevocationStore {

	private final JdbcClient jdbc;

	private final Supplier<JdbcDialect> dialect;

	private final Clock clock;

	private final JdbcTables tables;

	/**
	 * Create a store on the table with the default prefix.
	 * @param jdbc the JDBC client
	 * @param dialect the database dialect
	 * @param clock the clock used when the database's cannot be read
	 */
	public JdbcRevocationStore(JdbcClient jdbc, JdbcDialect dialect, Clock clock) {
		this(jdbc, dialect, clock, JdbcTables.withDefaultPrefix());
	}

	/**
	 * Create a store.
	 * @param jdbc the JDBC client
	 * @param dialect the database dialect
	 * @param clock the clock used when the database's cannot be read
	 * @param tables the table names
	 */
	public JdbcRevocationStore(JdbcClient jdbc, JdbcDialect dialect, Clock clock, JdbcTables tables) {
		this(jdbc, () -> dialect, clock, tables);
	}

	/**
	 * Create a store whose dialect is determined on first use (for example with
	 * {@link JdbcDialect#of}), so that the database need not be reachable when the store
	 * is created: an application starts while its database is down, refusing tokens until
	 * the revocations are loaded.
	 * @param jdbc the JDBC client
	 * @param dialect supplies the database dialect; called until it succeeds, then kept
	 * @param clock the clock used when the database's cannot be read
	 * @param tables the table names
	 */
	public JdbcRevocationStore(JdbcClient jdbc, Supplier<JdbcDialect> dialect, Clock clock, JdbcTables tables) {
		this.jdbc = jdbc;
		this.dialect = SingletonSupplier.of(dialect);
		this.clock = clock;
		this.tables = tables;
	}

	private boolean transactionIds() {
		return JdbcDialect.POSTGRESQL.name().equals(this.dialect.get().name());
	}

	private JdbcClient.StatementSpec sql(String sql) {
		return this.jdbc.sql(this.tables.rewrite(sql));
	}

	@Override
	public void add(RevocationEntry entry) {
		// tx_id (PostgreSQL) is filled in by its column default, pg_current_xact_id()
		JdbcDialect dialect = this.dialect.get();
		String created = (dialect.nowMillis() != null) ? dialect.nowMillis() : "?";
		JdbcClient.StatementSpec statement = sql(
				"INSERT INTO jwt_auth_revocation (kind, revoked_value, cutoff, expires_at, created_at) VALUES (?, ?, ?, ?, "
						+ created + ")")
			.param(entry.kind().name())
			.param(entry.value())
			.param(entry.cutoff().toEpochMilli())
			.param(entry.expiresAt().toEpochMilli());
		if (dialect.nowMillis() == null) {
			statement = statement.param(this.clock.millis());
		}
		statement.update();
	}

	@Override
	public List<RevocationEntry> findActive(Instant now) {
		return sql("SELECT kind, revoked_value, cutoff, expires_at FROM jwt_auth_revocation WHERE expires_at > ?")
			.param(now.toEpochMilli())
			.query(JdbcRevocationStore::entry)
			.list();
	}

	@Override
	public boolean isShared() {
		return true;
	}

	/**
	 * The position: on PostgreSQL the oldest transaction ID still running; elsewhere
	 * {@code 0}, since every poll reads every row.
	 * @return the position
	 */
	@Override
	public long position() {
		if (transactionIds()) {
			return this.jdbc.sql("SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT) AS BIGINT)")
				.query(Long.class)
				.single();
		}
		// still a round trip: the synchronizer's health check
		this.jdbc.sql("SELECT COUNT(*) FROM " + this.tables.rewrite("jwt_auth_revocation") + " WHERE 1 = 0")
			.query(Long.class)
			.single();
		return 0;
	}

	@Override
	public List<RevocationEntry> changesSince(long position) {
		if (transactionIds()) {
			return sql("SELECT kind, revoked_value, cutoff, expires_at FROM jwt_auth_revocation"
					+ " WHERE tx_id >= CAST(CAST(? AS TEXT) AS xid8)")
				.param(position)
				.query(JdbcRevocationStore::entry)
				.list();
		}
		return sql("SELECT kind, revoked_value, cutoff, expires_at FROM jwt_auth_revocation")
			.query(JdbcRevocationStore::entry)
			.list();
	}

	@Override
	public @Nullable Instant currentTime() {
		String nowMillis = this.dialect.get().nowMillis();
		if (nowMillis == null) {
			return null;
		}
		Long millis = this.jdbc.sql("SELECT " + nowMillis).query(Long.class).single();
		return Instant.ofEpochMilli(millis);
	}

	@Override
	public void purgeExpired(Instant now) {
		sql("DELETE FROM jwt_auth_revocation WHERE expires_at <= ?").param(now.toEpochMilli()).update();
	}

	private static RevocationEntry entry(ResultSet rs, int row) throws SQLException {
		return new RevocationEntry(RevocationEntry.Kind.valueOf(rs.getString("kind")), rs.getString("revoked_value"),
				Instant.ofEpochMilli(rs.getLong("cutoff")), Instant.ofEpochMilli(rs.getLong("expires_at")));
	}

}
