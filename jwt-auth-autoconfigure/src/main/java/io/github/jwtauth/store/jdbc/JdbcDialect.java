package io.github.jwtauth.store.jdbc;

import java.sql.DatabaseMetaData;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * What differs between databases: the schema script and how to read the database's clock
 * (used to order revocations across instances without trusting their clocks).
 *
 * @param name the platform name
 * @param schema the schema script, or {@code null} if none is shipped
 * @param nowMillis an SQL expression for the database's current epoch milliseconds, or
 * {@code null} to use this instance's clock
 */
public record JdbcDialect(String name, Resource schema, String nowMillis) {

	static final JdbcDialect POSTGRESQL = new JdbcDialect("postgresql", schema("postgresql"),
			"CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)");

	static final JdbcDialect H2 = new JdbcDialect("h2", schema("h2"),
			"CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)");

	private static Resource schema(String platform) {
		return new ClassPathResource("io/github/jwtauth/store/jdbc/schema-" + platform + ".sql");
	}

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
			throw new IllegalStateException("Cannot determine the database of the jwt-auth JDBC store", ex);
		}
		String lower = (product != null) ? product.toLowerCase(Locale.ROOT) : "";
		if (lower.contains("postgres")) {
			return POSTGRESQL;
		}
		if (lower.equals("h2")) {
			return H2;
		}
		return new JdbcDialect(lower, null, null);
	}

	/**
	 * Whether this is an embedded database.
	 * @return {@code true} for H2
	 */
	public boolean isEmbedded() {
		return this == H2 || "h2".equals(this.name);
	}

}
