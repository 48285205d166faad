package io.github.jwtauth.store.jdbc;

import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * The table names of the JDBC stores: {@code <prefix>refresh_family},
 * {@code <prefix>refresh_token}, {@code <prefix>revocation}, {@code <prefix>attempt},
 * {@code <prefix>signing_key} and {@code <prefix>dpop_proof}, with the prefix
 * {@code jwt_auth_} unless configured otherwise. SQL is written with the default names
 * and rewritten here, so every statement and the schema scripts agree.
 */
public final class JdbcTables {

	/**
	 * The default prefix of every table and index name.
	 */
	public static final String DEFAULT_PREFIX = "jwt_auth_";

	private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,40}");

	private final String prefix;

	/**
	 * Tables with a prefix.
	 * @param prefix the prefix: letters, digits and underscores, not starting with a
	 * digit
	 */
	public JdbcTables(String prefix) {
		Assert.isTrue(prefix != null && PREFIX.matcher(prefix).matches(),
				() -> "Invalid table prefix '" + prefix + "': use letters, digits and underscores only");
		this.prefix = prefix;
	}

	/**
	 * Tables with the default prefix.
	 * @return the tables
	 */
	public static JdbcTables withDefaultPrefix() {
		return new JdbcTables(DEFAULT_PREFIX);
	}

	/**
	 * The prefix.
	 * @return the prefix
	 */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * The PostgreSQL {@code NOTIFY} channel on which new revocations are announced: the
	 * revocation table's name, {@code <prefix>revocation}, so that applications with
	 * different prefixes on one database never hear each other. Channels are per
	 * database, not per schema: applications in different schemas of one database need
	 * different prefixes.
	 * @return the channel name (letters, digits and underscores; case-sensitive)
	 */
	public String notificationChannel() {
		return this.prefix + "revocation";
	}

	/**
	 * Rewrite SQL written with the default table names to this prefix.
	 * @param sql statements using {@code jwt_auth_} names
	 * @return the statements with this prefix
	 */
	public String rewrite(String sql) {
		return DEFAULT_PREFIX.equals(this.prefix) ? sql : sql.replace(DEFAULT_PREFIX, this.prefix);
	}

}
