package io.github.jwtauth.store;

import java.time.Clock;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.jwtauth.store.jdbc.JdbcDialect;
import io.github.jwtauth.store.jdbc.JdbcRefreshTokenStore;
import io.github.jwtauth.store.jdbc.JdbcRevocationStore;
import io.github.jwtauth.store.redis.RedisRefreshTokenStore;
import io.github.jwtauth.store.redis.RedisRevocationStore;
import io.github.jwtauth.test.Services;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Connections to the real servers for the store tests.
 */
final class StoreFixtures {

	private StoreFixtures() {
	}

	static HikariDataSource postgres() {
		Services.requirePostgres();
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(Services.POSTGRES_URL);
		dataSource.setUsername(Services.POSTGRES_USER);
		dataSource.setMaximumPoolSize(60);
		initialize(dataSource);
		return dataSource;
	}

	static HikariDataSource h2() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000");
		dataSource.setMaximumPoolSize(60);
		initialize(dataSource);
		return dataSource;
	}

	private static void initialize(DataSource dataSource) {
		new ResourceDatabasePopulator(JdbcDialect.of(dataSource).schema()).execute(dataSource);
	}

	static JdbcRefreshTokenStore jdbcRefreshTokens(DataSource dataSource) {
		return new JdbcRefreshTokenStore(JdbcClient.create(dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
	}

	static JdbcRevocationStore jdbcRevocations(DataSource dataSource) {
		return new JdbcRevocationStore(JdbcClient.create(dataSource), JdbcDialect.of(dataSource), Clock.systemUTC());
	}

	static LettuceConnectionFactory redis() {
		Services.requireRedis();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	static String prefix() {
		return "jwt-auth-test-" + UUID.randomUUID();
	}

	static RedisRefreshTokenStore redisRefreshTokens(LettuceConnectionFactory factory, String prefix) {
		return new RedisRefreshTokenStore(new StringRedisTemplate(factory), prefix);
	}

	static RedisRevocationStore redisRevocations(LettuceConnectionFactory factory, String prefix) {
		return new RedisRevocationStore(new StringRedisTemplate(factory), factory, prefix);
	}

}
