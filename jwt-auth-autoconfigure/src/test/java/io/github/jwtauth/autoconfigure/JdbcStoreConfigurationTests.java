package io.github.jwtauth.autoconfigure;

import javax.sql.DataSource;

import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.store.jdbc.JdbcRefreshTokenStore;
import io.github.jwtauth.store.jdbc.JdbcRevocationStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC store through Spring Boot's own machinery: the database initializer (modes,
 * table prefix) and the application's transaction manager.
 */
class JdbcStoreConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JwtAuthAutoConfiguration.class))
		.withPropertyValues("jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.store.type=jdbc", "spring.datasource.generate-unique-name=true");

	private static long rows(DataSource dataSource, String table) {
		return JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

	@Test
	void embeddedDatabaseGetsItsTablesFromBootsInitializer() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(JwtAuthJdbcStoreDatabaseInitializer.class)
				.getBean(RefreshTokenStore.class)
				.isInstanceOf(JdbcRefreshTokenStore.class);
			assertThat(context.getBean(RevocationStore.class)).isInstanceOf(JdbcRevocationStore.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(rows(dataSource, "jwt_auth_refresh_family")).isZero();
			assertThat(rows(dataSource, "jwt_auth_revocation")).isZero();
			// the stores are created after Boot's database initialization
			for (String store : new String[] { "jwtAuthRefreshTokenStore", "jwtAuthRevocationStore" }) {
				assertThat(context.getBeanFactory().getBeanDefinition(store).getDependsOn()).as(store)
					.contains("jwtAuthJdbcStoreDatabaseInitializer");
			}
		});
	}

	@Test
	void tablePrefixRenamesTheTablesAndTheStatements() {
		this.runner.withPropertyValues("jwt.auth.store.jdbc.table-prefix=auth_").run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(rows(dataSource, "auth_refresh_token")).isZero();
			RefreshTokenStore store = context.getBean(RefreshTokenStore.class);
			assertThat(store.revokeAllSessions("nobody")).isEmpty();
			context.getBean(RevocationStore.class).findActive(java.time.Instant.now());
		});
	}

	@Test
	void initializationCanBeLeftToFlywayOrADba() {
		this.runner.withPropertyValues("jwt.auth.store.jdbc.initialize-schema=never")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(JwtAuthJdbcStoreDatabaseInitializer.class)
				.hasSingleBean(JdbcRefreshTokenStore.class));
	}

	@Test
	void aTransactionManagerOfAnotherDataSourceIsRefused() {
		this.runner
			.withBean("otherTransactions", PlatformTransactionManager.class,
					() -> new DataSourceTransactionManager(new DriverManagerDataSource("jdbc:h2:mem:other")))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidJwtAuthPropertyException.class)
					.hasMessageContaining("manages another DataSource");
			});
	}

	@Test
	void theStoreNeedsTheApplicationsTransactionManager() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JwtAuthAutoConfiguration.class))
			.withPropertyValues("jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
					TestKeys.AUDIENCES, "jwt.auth.store.type=jdbc", "spring.datasource.generate-unique-name=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidJwtAuthPropertyException.class)
					.hasMessageContaining("PlatformTransactionManager");
			});
	}

}
