package io.github.jwtauth.store.jdbc;

import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.refresh.RotationResult;
import io.github.jwtauth.refresh.RotationResult.Status;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.LoginSession;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * Refresh tokens in a relational database (PostgreSQL, H2, or any database with the same
 * tables). Rotation is a conditional {@code UPDATE … WHERE spent = FALSE}: the database's
 * row lock lets exactly one of concurrent rotations of a token win, on one instance or
 * many. A family bound to a DPoP key keeps the key's thumbprint in its {@code dpop_jkt}
 * column, written at {@link #create} and read with every token, so every successor
 * carries it.
 * <p>
 * A family is a login session: besides its creation, absolute end and the expiry of its
 * newest token, its row keeps its last use ({@code last_used_at}: the login, then each
 * successful rotation) and the user agent and client address of that use
 * ({@code user_agent}, {@code client_address}, {@code NULL} when not given). Those client
 * details are personal data: each use replaces the previous one's, ending the family
 * (revocation, reuse, the session bound) erases them, and {@link #purgeExpired} deletes
 * an expired family with them. Families written before the columns existed read as last
 * used at their creation.
 */
public final class JdbcRefreshTokenStore implements RefreshTokenStore {

	/**
	 * Live families as sessions; a family without last_used_at (older rows) was last used
	 * at its creation.
	 */
	private static final String SELECT_LIVE_SESSIONS = "SELECT family_id, subject, created_at, "
			+ "COALESCE(last_used_at, created_at) AS last_used_at, expires_at, last_expires_at, dpop_jkt, user_agent, "
			+ "client_address FROM jwt_auth_refresh_family WHERE revoked = FALSE AND expires_at > ? AND last_expires_at > ? ";

	private static final RowMapper<LoginSession> SESSION_MAPPER = (rs, n) -> {
		long expiresAt = Math.min(rs.getLong("expires_at"), rs.getLong("last_expires_at"));
		return new LoginSession(rs.getString("family_id"), rs.getString("subject"),
				Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("last_used_at")),
				Instant.ofEpochMilli(expiresAt), rs.getString("dpop_jkt") != null,
				new ClientDetails(rs.getString("user_agent"), rs.getString("client_address")));
	};

	private static final String SELECT = "SELECT t.family_id, t.subject, t.issued_at, t.expires_at, t.spent, "
			+ "f.expires_at AS family_expires_at, f.revoked, f.dpop_jkt FROM jwt_auth_refresh_token t "
			+ "LEFT JOIN jwt_auth_refresh_family f ON f.family_id = t.family_id WHERE t.token_hash = ?";

	/**
	 * Ends live families (the rest of the statement picks them): revoked, and their
	 * client details erased, as they are kept no longer than the session.
	 */
	private static final String END_FAMILIES = "UPDATE jwt_auth_refresh_family SET revoked = TRUE, user_agent = NULL, "
			+ "client_address = NULL WHERE revoked = FALSE AND ";

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final JdbcTables tables;

	/**
	 * Create a store on the tables with the default prefix.
	 * @param jdbc the JDBC client
	 * @param transactions the application's transactions (for example a
	 * {@code TransactionTemplate} on its transaction manager)
	 */
	public JdbcRefreshTokenStore(JdbcClient jdbc, TransactionOperations transactions) {
		this(jdbc, transactions, JdbcTables.withDefaultPrefix());
	}

	/**
	 * Create a store.
	 * @param jdbc the JDBC client
	 * @param transactions the application's transactions (for example a
	 * {@code TransactionTemplate} on its transaction manager)
	 * @param tables the table names
	 */
	public JdbcRefreshTokenStore(JdbcClient jdbc, TransactionOperations transactions, JdbcTables tables) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.tables = tables;
	}

	private JdbcClient.StatementSpec sql(String sql) {
		return this.jdbc.sql(this.tables.rewrite(sql));
	}

	@Override
	public List<String> create(RefreshTokenRecord token, int maxSessions, ClientDetails client) {
		Assert.isTrue(maxSessions > 0, "maxSessions must be positive");
		Assert.notNull(client, "client must not be null");
		return this.transactions.execute((status) -> {
			sql("INSERT INTO jwt_auth_refresh_family (family_id, subject, created_at, expires_at, last_expires_at, revoked, "
					+ "dpop_jkt, last_used_at, user_agent, client_address) VALUES (?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?)")
				.params(token.familyId(), token.subject(), token.issuedAt().toEpochMilli(),
						token.familyExpiresAt().toEpochMilli(), token.expiresAt().toEpochMilli(), varchar(token.jkt()),
						token.issuedAt().toEpochMilli(), varchar(client.userAgent()), varchar(client.address()))
				.update();
			insertToken(token);
			return endOldestSessions(token, maxSessions);
		});
	}

	// Revoke the subject's oldest live families beyond maxSessions. Concurrent logins of
	// one subject may each miss the other's uncommitted family, so the bound can be
	// exceeded by those few until the next login.
	private List<String> endOldestSessions(RefreshTokenRecord token, int maxSessions) {
		if (maxSessions == Integer.MAX_VALUE) {
			return List.of();
		}
		long now = token.issuedAt().toEpochMilli();
		// the subject's other live families, newest first: the new one counts as one
		List<String> others = sql("SELECT family_id FROM jwt_auth_refresh_family WHERE subject = ? "
				+ "AND family_id <> ? AND revoked = FALSE AND expires_at > ? AND last_expires_at > ? "
				+ "ORDER BY created_at DESC, family_id DESC")
			.params(token.subject(), token.familyId(), now, now)
			.query(String.class)
			.list();
		List<String> ended = new ArrayList<>();
		for (int i = others.size() - 1; i >= maxSessions - 1; i--) {
			String familyId = others.get(i);
			if (endFamily(familyId) > 0) {
				ended.add(familyId);
			}
		}
		return ended;
	}

	private void insertToken(RefreshTokenRecord token) {
		sql("INSERT INTO jwt_auth_refresh_token (token_hash, family_id, subject, issued_at, expires_at, spent) "
				+ "VALUES (?, ?, ?, ?, ?, FALSE)")
			.params(token.tokenHash(), token.familyId(), token.subject(), token.issuedAt().toEpochMilli(),
					token.expiresAt().toEpochMilli())
			.update();
	}

	private static SqlParameterValue varchar(@Nullable String value) {
		return new SqlParameterValue(Types.VARCHAR, value);
	}

	@Override
	public RotationResult rotate(String presentedHash, String nextHash, Instant now, Duration idleTtl,
			ClientDetails client) {
		Assert.notNull(client, "client must not be null");
		return this.transactions.execute((status) -> {
			long nowMillis = now.toEpochMilli();
			int spent = sql("UPDATE jwt_auth_refresh_token SET spent = TRUE "
					+ "WHERE token_hash = ? AND spent = FALSE AND expires_at > ? AND EXISTS (SELECT 1 FROM jwt_auth_refresh_family f "
					+ "WHERE f.family_id = jwt_auth_refresh_token.family_id AND f.revoked = FALSE AND f.expires_at > ?)")
				.params(presentedHash, nowMillis, nowMillis)
				.update();
			Optional<Row> row = select(presentedHash);
			if (row.isEmpty()) {
				return new RotationResult(Status.NOT_FOUND, null, null);
			}
			Row presented = row.get();
			if (spent == 1) {
				Instant expiresAt = now.plus(idleTtl);
				if (expiresAt.isAfter(presented.record.familyExpiresAt())) {
					expiresAt = presented.record.familyExpiresAt();
				}
				RefreshTokenRecord next = new RefreshTokenRecord(nextHash, presented.record.familyId(),
						presented.record.subject(), now, expiresAt, presented.record.familyExpiresAt(),
						presented.record.jkt());
				insertToken(next);
				// the successful rotation is the session's last use; a revocation
				// committed
				// meanwhile keeps the family's details erased
				sql("UPDATE jwt_auth_refresh_family SET last_expires_at = ?, last_used_at = ?, user_agent = ?, "
						+ "client_address = ? WHERE family_id = ? AND revoked = FALSE")
					.params(expiresAt.toEpochMilli(), nowMillis, varchar(client.userAgent()), varchar(client.address()),
							next.familyId())
					.update();
				return new RotationResult(Status.ROTATED, presented.record, next);
			}
			if (presented.familyMissing || presented.revoked) {
				return new RotationResult(Status.REVOKED, presented.record, null);
			}
			if (presented.spent) {
				// of concurrent reuses (or a reuse and a revocation) one ends the family
				int ended = endFamily(presented.record.familyId());
				return new RotationResult((ended > 0) ? Status.REUSED : Status.REVOKED, presented.record, null);
			}
			return new RotationResult(presented.record.isExpired(now) ? Status.EXPIRED : Status.NOT_FOUND,
					presented.record, null);
		});
	}

	@Override
	public Optional<RefreshTokenRecord> find(String tokenHash) {
		return select(tokenHash).filter((row) -> !row.familyMissing && !row.revoked).map((row) -> row.record);
	}

	@Override
	public List<LoginSession> findSessions(String subject, Instant now) {
		long nowMillis = now.toEpochMilli();
		// FETCH FIRST: standard SQL, so PostgreSQL, H2 and others alike
		return sql(SELECT_LIVE_SESSIONS + "AND subject = ? ORDER BY created_at DESC, family_id ASC FETCH FIRST "
				+ MAX_LISTED_SESSIONS + " ROWS ONLY")
			.params(nowMillis, nowMillis, subject)
			.query(SESSION_MAPPER)
			.list();
	}

	@Override
	public Optional<LoginSession> findSession(String sessionId, Instant now) {
		long nowMillis = now.toEpochMilli();
		return sql(SELECT_LIVE_SESSIONS + "AND family_id = ?").params(nowMillis, nowMillis, sessionId)
			.query(SESSION_MAPPER)
			.optional();
	}

	private Optional<Row> select(String tokenHash) {
		return sql(SELECT).param(tokenHash).query((rs, n) -> {
			long familyExpiresAt = rs.getLong("family_expires_at");
			boolean familyMissing = rs.wasNull();
			RefreshTokenRecord record = new RefreshTokenRecord(tokenHash, rs.getString("family_id"),
					rs.getString("subject"), Instant.ofEpochMilli(rs.getLong("issued_at")),
					Instant.ofEpochMilli(rs.getLong("expires_at")), Instant.ofEpochMilli(familyExpiresAt),
					rs.getString("dpop_jkt"));
			return new Row(record, rs.getBoolean("spent"), rs.getBoolean("revoked"), familyMissing);
		}).optional();
	}

	/**
	 * End a live family.
	 * @param familyId the family
	 * @return 1 if it was live and is now ended, 0 otherwise
	 */
	private int endFamily(String familyId) {
		return sql(END_FAMILIES + "family_id = ?").param(familyId).update();
	}

	@Override
	public boolean revokeSession(String familyId) {
		return endFamily(familyId) > 0;
	}

	@Override
	public List<String> revokeAllSessions(String subject) {
		return this.transactions.execute((status) -> {
			List<String> ids = sql(
					"SELECT family_id FROM jwt_auth_refresh_family WHERE subject = ? AND revoked = FALSE FOR UPDATE")
				.param(subject)
				.query(String.class)
				.list();
			if (!ids.isEmpty()) {
				sql(END_FAMILIES + "subject = ?").param(subject).update();
			}
			return ids;
		});
	}

	@Override
	public int purgeExpired(Instant now) {
		long nowMillis = now.toEpochMilli();
		return this.transactions.execute((status) -> {
			int tokens = sql("DELETE FROM jwt_auth_refresh_token WHERE family_id IN (SELECT family_id FROM "
					+ "jwt_auth_refresh_family WHERE expires_at <= ? OR last_expires_at <= ?)")
				.params(nowMillis, nowMillis)
				.update();
			sql("DELETE FROM jwt_auth_refresh_family WHERE expires_at <= ? OR last_expires_at <= ?")
				.params(nowMillis, nowMillis)
				.update();
			return tokens;
		});
	}

	private record Row(RefreshTokenRecord record, boolean spent, boolean revoked, boolean familyMissing) {
	}

}
