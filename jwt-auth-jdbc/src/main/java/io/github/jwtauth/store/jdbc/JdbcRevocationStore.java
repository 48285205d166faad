package io.github.jwtauth.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationStore;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Revocations in a relational database. Each row carries the database's clock at insert;
 * other instances poll for rows added since their last poll (with an overlap, so a row
 * whose transaction committed late is still seen), so no request ever waits for the
 * database.
 */
public final class JdbcRevocationStore implements RevocationStore {

	/** How far back each poll looks before its position, for late commits. */
	static final long OVERLAP_MILLIS = 5_000;

	private final JdbcClient jdbc;

	private final JdbcDialect dialect;

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
		this.jdbc = jdbc;
		this.dialect = dialect;
		this.clock = clock;
		this.tables = tables;
	}

	private JdbcClient.StatementSpec sql(String sql) {
		return this.jdbc.sql(this.tables.rewrite(sql));
	}

	@Override
	public void add(RevocationEntry entry) {
		String created = (this.dialect.nowMillis() != null) ? this.dialect.nowMillis() : "?";
		JdbcClient.StatementSpec statement = sql(
				"INSERT INTO jwt_auth_revocation (kind, revoked_value, cutoff, expires_at, created_at) VALUES (?, ?, ?, ?, "
						+ created + ")")
			.param(entry.kind().name())
			.param(entry.value())
			.param(entry.cutoff().toEpochMilli())
			.param(entry.expiresAt().toEpochMilli());
		if (this.dialect.nowMillis() == null) {
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

	@Override
	public long position() {
		if (this.dialect.nowMillis() == null) {
			return this.clock.millis();
		}
		return this.jdbc.sql("SELECT " + this.dialect.nowMillis()).query(Long.class).single();
	}

	@Override
	public List<RevocationEntry> changesSince(long position) {
		return sql("SELECT kind, revoked_value, cutoff, expires_at FROM jwt_auth_revocation WHERE created_at >= ?")
			.param(position - OVERLAP_MILLIS)
			.query(JdbcRevocationStore::entry)
			.list();
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
