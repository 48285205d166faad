package io.github.jwtauth.autoconfigure;

import javax.sql.DataSource;

import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.store.InMemoryRefreshTokenStore;
import io.github.jwtauth.store.InMemoryRevocationStore;
import io.github.jwtauth.store.jdbc.JdbcDialect;
import io.github.jwtauth.store.jdbc.JdbcRefreshTokenStore;
import io.github.jwtauth.store.jdbc.JdbcRevocationStore;
import io.github.jwtauth.store.redis.RedisRefreshTokenStore;
import io.github.jwtauth.store.redis.RedisRevocationStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

/**
 * The refresh token and revocation stores chosen by {@code jwt.auth.store.type}: memory
 * (the default), jdbc (the application's {@link DataSource}) or redis (the application's
 * {@link RedisConnectionFactory}).
 */
@Configuration(proxyBeanMethods = false)
@Import({ StoreConfiguration.Memory.class, StoreConfiguration.Jdbc.class, StoreConfiguration.Redis.class,
		StoreConfiguration.LibraryMissing.class })
class StoreConfiguration {

	private static final Log logger = LogFactory.getLog(StoreConfiguration.class);

	static void warnIfEphemeralKey(JwtAuthProperties properties) {
		JwtAuthProperties.Signing signing = properties.getSigning();
		if (signing.getSecret() == null && signing.getPrivateKeyLocation() == null
				&& properties.getJwkSetUri() == null) {
			logger.warn("jwt.auth.store.type=" + properties.getStore().getType().name().toLowerCase()
					+ " shares sessions between instances, but the signing key is generated per process: "
					+ "instances cannot verify each other's tokens. Configure jwt.auth.signing.private-key-location "
					+ "or jwt.auth.signing.secret.");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "jwt.auth.store.type", havingValue = "memory", matchIfMissing = true)
	static class Memory {

		@Bean
		@ConditionalOnMissingBean
		RefreshTokenStore jwtAuthRefreshTokenStore(JwtAuthSettings settings) {
			return new InMemoryRefreshTokenStore(settings.properties().getStore().getMaxEntries());
		}

		@Bean
		@ConditionalOnMissingBean
		RevocationStore jwtAuthRevocationStore() {
			return new InMemoryRevocationStore();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "jwt.auth.store.type", havingValue = "jdbc")
	@ConditionalOnClass(JdbcClient.class)
	static class Jdbc {

		private final JdbcClient jdbc;

		private final TransactionTemplate transactions;

		private final JdbcDialect dialect;

		Jdbc(JwtAuthSettings settings, ObjectProvider<DataSource> dataSources) {
			warnIfEphemeralKey(settings.properties());
			DataSource dataSource = dataSources.getIfUnique();
			if (dataSource == null) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.type",
						"the jdbc store needs one DataSource and none (or several) is configured",
						"add spring-boot-starter-jdbc and a JDBC driver and set spring.datasource.url");
			}
			this.jdbc = JdbcClient.create(dataSource);
			this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			this.dialect = JdbcDialect.of(dataSource);
			initializeSchema(settings.properties().getStore().getJdbc().getInitializeSchema(), dataSource);
		}

		private void initializeSchema(JwtAuthProperties.SchemaInitialization mode, DataSource dataSource) {
			boolean run = mode == JwtAuthProperties.SchemaInitialization.ALWAYS
					|| (mode == JwtAuthProperties.SchemaInitialization.EMBEDDED && this.dialect.isEmbedded());
			if (!run) {
				return;
			}
			if (this.dialect.schema() == null) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.jdbc.initialize-schema",
						"no schema script is shipped for " + this.dialect.name(),
						"create the tables yourself (see schema-postgresql.sql in the jar) and set it to 'never'");
			}
			new ResourceDatabasePopulator(this.dialect.schema()).execute(dataSource);
		}

		@Bean
		@ConditionalOnMissingBean
		RefreshTokenStore jwtAuthRefreshTokenStore() {
			return new JdbcRefreshTokenStore(this.jdbc, this.transactions);
		}

		@Bean
		@ConditionalOnMissingBean
		RevocationStore jwtAuthRevocationStore(JwtAuthSettings settings) {
			return new JdbcRevocationStore(this.jdbc, this.dialect, settings.clock());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "jwt.auth.store.type", havingValue = "redis")
	@ConditionalOnClass(StringRedisTemplate.class)
	static class Redis {

		private final StringRedisTemplate redis;

		private final RedisConnectionFactory connectionFactory;

		private final String prefix;

		Redis(JwtAuthSettings settings, ObjectProvider<RedisConnectionFactory> connectionFactories) {
			warnIfEphemeralKey(settings.properties());
			RedisConnectionFactory connectionFactory = connectionFactories.getIfUnique();
			if (connectionFactory == null) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.type",
						"the redis store needs a RedisConnectionFactory and none is configured",
						"add spring-boot-starter-data-redis and set spring.data.redis.host");
			}
			this.connectionFactory = connectionFactory;
			this.redis = new StringRedisTemplate(connectionFactory);
			this.prefix = settings.properties().getStore().getRedis().getKeyPrefix();
		}

		@Bean
		@ConditionalOnMissingBean
		RefreshTokenStore jwtAuthRefreshTokenStore() {
			return new RedisRefreshTokenStore(this.redis, this.prefix);
		}

		@Bean
		@ConditionalOnMissingBean
		RevocationStore jwtAuthRevocationStore() {
			return new RedisRevocationStore(this.redis, this.connectionFactory, this.prefix);
		}

	}


	/**
	 * A shared store was chosen but its library is not on the class path.
	 */
	@Configuration(proxyBeanMethods = false)
	static class LibraryMissing {

		LibraryMissing(JwtAuthSettings settings) {
			JwtAuthProperties.StoreType type = settings.properties().getStore().getType();
			ClassLoader loader = getClass().getClassLoader();
			if (type == JwtAuthProperties.StoreType.JDBC
					&& !ClassUtils.isPresent("org.springframework.jdbc.core.simple.JdbcClient", loader)) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.type", "the jdbc store needs Spring JDBC",
						"add spring-boot-starter-jdbc and a JDBC driver");
			}
			if (type == JwtAuthProperties.StoreType.REDIS
					&& !ClassUtils.isPresent("org.springframework.data.redis.core.StringRedisTemplate", loader)) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.type", "the redis store needs Spring Data Redis",
						"add spring-boot-starter-data-redis");
			}
		}

	}

}
