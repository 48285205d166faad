package io.github.jwtauth.autoconfigure;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.jwtauth.store.jdbc.JdbcTables;

import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.util.StreamUtils;

/**
 * Spring Boot's script initializer for the tables of the JDBC store, with the table names
 * rewritten to {@code jwt.auth.store.jdbc.table-prefix}. May be registered as a bean to
 * override auto-configuration.
 */
public class JwtAuthJdbcStoreDatabaseInitializer
		extends PropertiesBasedDataSourceScriptDatabaseInitializer<JwtAuthJdbcStoreProperties> {

	private final JdbcTables tables;

	/**
	 * Create an initializer.
	 * @param dataSource the data source of the store
	 * @param properties the store's settings
	 */
	public JwtAuthJdbcStoreDatabaseInitializer(DataSource dataSource, JwtAuthJdbcStoreProperties properties) {
		super(dataSource, properties);
		this.tables = new JdbcTables(properties.getTablePrefix());
	}

	@Override
	protected void runScripts(Scripts scripts) {
		Charset encoding = (scripts.getEncoding() != null) ? scripts.getEncoding() : StandardCharsets.UTF_8;
		List<Resource> rewritten = new ArrayList<>();
		for (Resource script : scripts) {
			rewritten.add(rewrite(script, encoding));
		}
		super.runScripts(new Scripts(rewritten).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(encoding));
	}

	private Resource rewrite(Resource script, Charset encoding) {
		try {
			String sql = StreamUtils.copyToString(script.getInputStream(), encoding);
			return new ByteArrayResource(this.tables.rewrite(sql).getBytes(encoding), script.getDescription());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + script.getDescription(), ex);
		}
	}

}
