package io.github.jwtauth.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import io.github.jwtauth.keys.rotation.SigningKeyStore;
import io.github.jwtauth.keys.rotation.StoredSigningKey;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * Managed signing keys in a relational database, in the table
 * {@code <prefix>signing_key}, one row per generation (the primary key), shared by every
 * instance of the issuer. The private key is stored only sealed, as the rotation hands it
 * over; times are epoch milliseconds, as in the other tables, so instants keep their
 * millisecond.
 * <p>
 * {@link #add} inserts unless the generation is taken: on PostgreSQL with
 * {@code INSERT … ON CONFLICT (generation) DO NOTHING}, which raises no error, so a
 * caller's transaction is never left aborted; elsewhere a plain {@code INSERT} whose
 * duplicate-key error ({@link DuplicateKeyException}) means the generation was taken. Of
 * several instances that add one generation at once, the database's unique index lets
 * exactly one succeed.
 * <p>
 * When the database cannot be reached every method throws a
 * {@link org.springframework.dao.DataAccessException}, as the other JDBC stores do, so
 * the rotation keeps its last good keys and tries again later.
 */
public final class JdbcSigningKeyStore implements SigningKeyStore {

	private static final String COLUMNS = "generation, key_id, algorithm, created_at, activates_at, public_jwk, "
			+ "sealed_private_key";

	private static final String INSERT = "INSERT INTO jwt_auth_signing_key (" + COLUMNS
			+ ") VALUES (?, ?, ?, ?, ?, ?, ?)";

	private final JdbcClient jdbc;

	private final Supplier<JdbcDialect> dialect;

	private final JdbcTables tables;

	/**
	 * Create a store on the table with the default prefix.
	 * @param jdbc the JDBC client
	 * @param dialect the database dialect
	 */
	public JdbcSigningKeyStore(JdbcClient jdbc, JdbcDialect dialect) {
		this(jdbc, dialect, JdbcTables.withDefaultPrefix());
	}

	/**
	 * Create a store.
	 * @param jdbc the JDBC client
	 * @param dialect the database dialect
	 * @param tables the table names
	 */
	public JdbcSigningKeyStore(JdbcClient jdbc, JdbcDialect dialect, JdbcTables tables) {
		this(jdbc, () -> dialect, tables);
	}

	/**
	 * Create a store whose dialect is read on first use (for example with
	 * {@link JdbcDialect#of}), so that an application starts while its database is down.
	 * @param jdbc the JDBC client
	 * @param dialect supplies the database dialect; called until it succeeds, then kept
	 * @param tables the table names
	 */
	public JdbcSigningKeyStore(JdbcClient jdbc, Supplier<JdbcDialect> dialect, JdbcTables tables) {
		Assert.notNull(jdbc, "jdbc must not be null");
		Assert.notNull(dialect, "dialect must not be null");
		Assert.notNull(tables, "tables must not be null");
		this.jdbc = jdbc;
		this.dialect = SingletonSupplier.of(dialect);
		this.tables = tables;
	}

	private JdbcClient.StatementSpec sql(String sql) {
		return this.jdbc.sql(this.tables.rewrite(sql));
	}

	@Override
	public List<StoredSigningKey> findAll() {
		return sql("SELECT " + COLUMNS + " FROM jwt_auth_signing_key ORDER BY generation")
			.query(JdbcSigningKeyStore::key)
			.list();
	}

	@Override
	public boolean add(StoredSigningKey key) {
		Assert.notNull(key, "key must not be null");
		boolean postgres = JdbcDialect.POSTGRESQL.name().equals(this.dialect.get().name());
		JdbcClient.StatementSpec insert = sql(postgres ? INSERT + " ON CONFLICT (generation) DO NOTHING" : INSERT)
			.params(key.generation(), key.keyId(), key.algorithm(), key.createdAt().toEpochMilli(),
					key.activatesAt().toEpochMilli(), key.publicJwk(), key.sealedPrivateKey());
		try {
			return insert.update() == 1;
		}
		catch (DuplicateKeyException ex) {
			// another instance stored this generation first
			return false;
		}
	}

	@Override
	public void remove(long generation) {
		sql("DELETE FROM jwt_auth_signing_key WHERE generation = ?").param(generation).update();
	}

	@Override
	public boolean isShared() {
		return true;
	}

	private static StoredSigningKey key(ResultSet rs, int row) throws SQLException {
		long generation = rs.getLong("generation");
		try {
			return new StoredSigningKey(generation, rs.getString("key_id"), rs.getString("algorithm"),
					Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("activates_at")),
					nonNull(rs.getString("public_jwk")), nonNull(rs.getString("sealed_private_key")));
		}
		catch (IllegalArgumentException ex) {
			throw new DataRetrievalFailureException(
					"Malformed signing key of generation " + generation + " in the database: " + ex.getMessage(), ex);
		}
	}

	// a database that stores '' as NULL (Oracle) gives an HMAC key's empty public JWK
	// back as null
	private static String nonNull(@Nullable String value) {
		return (value != null) ? value : "";
	}

}
