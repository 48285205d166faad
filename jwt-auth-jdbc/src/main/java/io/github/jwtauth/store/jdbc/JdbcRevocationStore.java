package io.github.jwtauth.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationStore;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
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
 * <p>
 * On PostgreSQL the store also pushes (unless built with {@code listenNotify(false)}):
 * {@link #add} sends a notification with {@code pg_notify} in the same statement, hence
 * the same transaction, as the insert (PostgreSQL delivers it at commit, so never before
 * the row is visible, and never for a transaction rolled back), on the channel
 * {@link JdbcTables#notificationChannel()}. The notification carries no data (no user
 * name on the channel): it is only a wake-up, since any role that can connect to the
 * database can send one. A store built with a {@link DataSource}
 * ({@link #builder(DataSource)}) listens on that channel when {@link #subscribe}d: one
 * thread on one connection borrowed from the pool that, on notifications, reads the
 * table's changes since its last read (as the poll does), reconnecting with a back-off
 * and reloading every live revocation after each reconnect (see
 * {@code PostgresRevocationListener}). Polling goes on as the fallback. The PostgreSQL
 * JDBC driver is needed for listening only, and loaded only on PostgreSQL; on other
 * databases {@code subscribe} does nothing.
 */
public final class JdbcRevocationStore implements RevocationStore {

	private static final boolean POSTGRES_DRIVER_PRESENT = ClassUtils.isPresent("org.postgresql.PGConnection",
			JdbcRevocationStore.class.getClassLoader());

	private final JdbcClient jdbc;

	private final @Nullable DataSource dataSource;

	private final boolean listenNotify;

	private final Supplier<JdbcDialect> dialect;

	private final Clock clock;

	private final JdbcTables tables;

	/**
	 * Create a store on the table with the default prefix. On PostgreSQL it announces
	 * what it adds, but cannot listen: use {@link #builder(DataSource)} for that.
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
		this(jdbc, null, true, dialect, clock, tables);
	}

	private JdbcRevocationStore(JdbcClient jdbc, @Nullable DataSource dataSource, boolean listenNotify,
			Supplier<JdbcDialect> dialect, Clock clock, JdbcTables tables) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.listenNotify = listenNotify;
		this.dialect = SingletonSupplier.of(dialect);
		this.clock = clock;
		this.tables = tables;
	}

	/**
	 * A builder of a store on a data source, which can listen for the revocations other
	 * instances add on PostgreSQL.
	 * @param dataSource the data source
	 * @return the builder
	 */
	public static Builder builder(DataSource dataSource) {
		return new Builder(dataSource);
	}

	private boolean transactionIds() {
		return JdbcDialect.POSTGRESQL.name().equals(this.dialect.get().name());
	}

	private JdbcClient.StatementSpec sql(String sql) {
		return this.jdbc.sql(this.tables.rewrite(sql));
	}

	/**
	 * Insert the entry; on PostgreSQL, send a notification (without data) in the same
	 * statement.
	 * @param entry the revocation
	 */
	@Override
	public void add(RevocationEntry entry) {
		// tx_id (PostgreSQL) is filled in by its column default, pg_current_xact_id()
		JdbcDialect dialect = this.dialect.get();
		String created = (dialect.nowMillis() != null) ? dialect.nowMillis() : "?";
		String insert = "INSERT INTO jwt_auth_revocation (kind, revoked_value, cutoff, expires_at, created_at)"
				+ " VALUES (?, ?, ?, ?, " + created + ")";
		boolean notify = this.listenNotify && transactionIds();
		JdbcClient.StatementSpec statement = sql(
				notify ? "WITH added AS (" + insert + " RETURNING id) SELECT pg_notify(?, ?) FROM added" : insert)
			.param(entry.kind().name())
			.param(entry.value())
			.param(entry.cutoff().toEpochMilli())
			.param(entry.expiresAt().toEpochMilli());
		if (dialect.nowMillis() == null) {
			statement = statement.param(this.clock.millis());
		}
		if (notify) {
			// one statement: the notification is part of the insert's transaction,
			// delivered when it commits, whether the caller's or the statement's own
			statement.param(this.tables.notificationChannel())
				.param(RevocationNotification.CHANGED)
				.query((RowCallbackHandler) (row) -> {
				});
		}
		else {
			statement.update();
		}
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

	/**
	 * On PostgreSQL, when built with a data source: listen for the notifications that any
	 * instance sends as its revocations commit and, on them, hand the table's new rows to
	 * the listener (never anything a notification says); after every (re)connect every
	 * live revocation is handed over again. Elsewhere nothing (polling delivers).
	 * @param listener called for each revocation, on the listening thread
	 * @return the handle that stops listening and returns the connection to the pool
	 */
	@Override
	public AutoCloseable subscribe(Consumer<RevocationEntry> listener) {
		DataSource dataSource = this.dataSource;
		if (dataSource == null || !this.listenNotify || !POSTGRES_DRIVER_PRESENT || !possiblyPostgres()) {
			return () -> {
			};
		}
		// the only reference to the class that uses the driver: loaded here, on
		// PostgreSQL only
		return PostgresRevocationListener.start(dataSource, this.tables.notificationChannel(), this, this.clock,
				listener);
	}

	private boolean possiblyPostgres() {
		try {
			return transactionIds();
		}
		catch (RuntimeException ex) {
			// the database is not reachable yet: the listener finds out once it is
			return true;
		}
	}

	@Override
	public void purgeExpired(Instant now) {
		sql("DELETE FROM jwt_auth_revocation WHERE expires_at <= ?").param(now.toEpochMilli()).update();
	}

	private static RevocationEntry entry(ResultSet rs, int row) throws SQLException {
		return new RevocationEntry(RevocationEntry.Kind.valueOf(rs.getString("kind")), rs.getString("revoked_value"),
				Instant.ofEpochMilli(rs.getLong("cutoff")), Instant.ofEpochMilli(rs.getLong("expires_at")));
	}

	/**
	 * Builds a {@link JdbcRevocationStore} on a data source.
	 */
	public static final class Builder {

		private final DataSource dataSource;

		private Supplier<JdbcDialect> dialect;

		private Clock clock = Clock.systemUTC();

		private JdbcTables tables = JdbcTables.withDefaultPrefix();

		private boolean listenNotify = true;

		private Builder(DataSource dataSource) {
			Assert.notNull(dataSource, "dataSource must not be null");
			this.dataSource = dataSource;
			this.dialect = () -> JdbcDialect.of(dataSource);
		}

		/**
		 * The database dialect; by default read from the data source on first use.
		 * @param dialect the dialect
		 * @return this builder
		 */
		public Builder dialect(JdbcDialect dialect) {
			Assert.notNull(dialect, "dialect must not be null");
			this.dialect = () -> dialect;
			return this;
		}

		/**
		 * The clock used when the database's cannot be read; by default the system's.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * The table names; by default with the prefix {@code jwt_auth_}.
		 * @param tables the tables
		 * @return this builder
		 */
		public Builder tables(JdbcTables tables) {
			Assert.notNull(tables, "tables must not be null");
			this.tables = tables;
			return this;
		}

		/**
		 * Whether, on PostgreSQL, added revocations are announced with {@code NOTIFY} and
		 * {@code subscribe} listens for them (default {@code true}). Turn it off where
		 * {@code LISTEN} cannot work, for example behind a connection pooler in
		 * transaction mode: revocations are then polled only.
		 * @param listenNotify whether to push on PostgreSQL
		 * @return this builder
		 */
		public Builder listenNotify(boolean listenNotify) {
			this.listenNotify = listenNotify;
			return this;
		}

		/**
		 * Build the store.
		 * @return the store
		 */
		public JdbcRevocationStore build() {
			return new JdbcRevocationStore(JdbcClient.create(this.dataSource), this.dataSource, this.listenNotify,
					this.dialect, this.clock, this.tables);
		}

	}

}
