package io.github.jwtauth.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitializationDetector;
import org.springframework.util.ClassUtils;

/**
 * {@link DependsOnDatabaseInitializationDetector} for the JDBC stores: they are created
 * after the database is initialized (by the store's own scripts, Flyway or Liquibase).
 */
class JdbcStoreDependsOnDatabaseInitializationDetector
		extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

	private static final String[] STORES = { "io.github.jwtauth.store.jdbc.JdbcRefreshTokenStore",
			"io.github.jwtauth.store.jdbc.JdbcRevocationStore", "io.github.jwtauth.store.jdbc.JdbcAttemptStore",
			"io.github.jwtauth.store.jdbc.JdbcSigningKeyStore" };

	@Override
	protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
		Set<Class<?>> types = new LinkedHashSet<>();
		ClassLoader classLoader = getClass().getClassLoader();
		for (String name : STORES) {
			if (ClassUtils.isPresent(name, classLoader)) {
				types.add(ClassUtils.resolveClassName(name, classLoader));
			}
		}
		return types;
	}

}
