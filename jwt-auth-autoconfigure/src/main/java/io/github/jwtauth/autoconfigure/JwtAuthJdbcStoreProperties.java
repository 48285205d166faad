package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.store.jdbc.JdbcTables;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;

/**
 * Settings of the JDBC store ({@code jwt.auth.store.type=jdbc}), including Spring Boot's
 * database initialization: {@code jwt.auth.store.jdbc.initialize-schema} (always,
 * embedded or never), {@code schema}, {@code platform} and {@code continue-on-error}.
 */
@ConfigurationProperties("jwt.auth.store.jdbc")
public class JwtAuthJdbcStoreProperties extends DatabaseInitializationProperties {

	private static final String DEFAULT_SCHEMA_LOCATION = "classpath:io/github/jwtauth/store/jdbc/"
			+ "schema-@@platform@@.sql";

	/**
	 * Prefix of the store's table and index names: letters, digits and underscores. The
	 * schema scripts are rewritten to match.
	 */
	private String tablePrefix = JdbcTables.DEFAULT_PREFIX;

	/**
	 * Whether, on PostgreSQL, revocations are pushed to every instance with LISTEN/NOTIFY
	 * (on a channel named by the table prefix followed by 'revocation'), each instance
	 * holding one connection of the pool to listen; polling stays as the fallback. Turn
	 * it off where LISTEN cannot work, for example behind PgBouncer in transaction mode.
	 * Ignored on other databases.
	 */
	private boolean listenNotify = true;

	/**
	 * Create the settings; unlike Boot's default, a failing schema script stops the
	 * start-up instead of leaving a store without its tables.
	 */
	public JwtAuthJdbcStoreProperties() {
		setContinueOnError(false);
	}

	public String getTablePrefix() {
		return this.tablePrefix;
	}

	public void setTablePrefix(String tablePrefix) {
		this.tablePrefix = tablePrefix;
	}

	public boolean isListenNotify() {
		return this.listenNotify;
	}

	public void setListenNotify(boolean listenNotify) {
		this.listenNotify = listenNotify;
	}

	@Override
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

}
