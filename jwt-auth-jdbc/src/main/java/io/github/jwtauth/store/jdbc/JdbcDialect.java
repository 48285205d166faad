package io.github.jwtauth.store.jdbc;

import java.sql.DatabaseMetaData;
import java.util.Locale;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * What differs between databases for the JDBC stores: how to read the database's clock,
 * used to order revocations across instances without trusting their clocks. The schema
 * scripts ship as {@code io/github/jwtauth/store/jdbc/schema-<platform>.sql}.
 *
 * @param name the platform name
 * @param nowMillis an SQL expression for the database's current epoch milliseconds, or
 * {@code null} to use this instance's clock
 */
public record JdbcDialect(String name, @Nullable String nowMillis) {

	/**
	 * PostgreSQL.
	 */
	public static final JdbcDialect POSTGRESQL = new JdbcDialect("postgresql",
			"CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)");

	/**
	 * H2.
	 */
	public static final JdbcDialect H2 = new JdbcDialect("h2",
			"CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)");

	/**
	 * The dialect of a data source.
	 * @param dataSource the data source
	 * @return its dialect
	 */
	public static JdbcDialect of(DataSource dataSource) {
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			// a DataAccessException: the endpoints answer 503 while the database is down
			throw new DataAccessResourceFailureException("Cannot determine the database of the jwt-auth JDBC store",
					ex);
		}
		String lower = (product != null) ? product.toLowerCase(Locale.ROOT) : "";
		if (lower.contains("postgres")) {
			return POSTGRESQL;
		}
		if (lower.equals("h2")) {
			return H2;
		}
		return new JdbcDialect(lower, null);
	}

}
