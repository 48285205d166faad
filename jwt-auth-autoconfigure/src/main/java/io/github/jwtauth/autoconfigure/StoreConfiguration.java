package io.github.jwtauth.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.jwtauth.discovery.IssuerDiscovery;
import io.github.jwtauth.dpop.DPoPProofPurger;
import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.dpop.InMemoryDPoPProofReplayStore;
import io.github.jwtauth.keys.rotation.SigningKeyStore;
import io.github.jwtauth.refresh.InMemoryRefreshTokenStore;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;
import io.github.jwtauth.revocation.feed.RevocationFeedVerifier;
import io.github.jwtauth.store.jdbc.JdbcAttemptStore;
import io.github.jwtauth.store.jdbc.JdbcDPoPProofReplayStore;
import io.github.jwtauth.store.jdbc.JdbcDialect;
import io.github.jwtauth.store.jdbc.JdbcRefreshTokenStore;
import io.github.jwtauth.store.jdbc.JdbcRevocationStore;
import io.github.jwtauth.store.jdbc.JdbcSigningKeyStore;
import io.github.jwtauth.store.jdbc.JdbcTables;
import io.github.jwtauth.store.redis.RedisAttemptStore;
import io.github.jwtauth.store.redis.RedisDPoPProofReplayStore;
import io.github.jwtauth.store.redis.RedisRefreshTokenStore;
import io.github.jwtauth.store.redis.RedisRevocationStore;
import io.github.jwtauth.store.redis.RedisSigningKeyStore;
import io.github.jwtauth.store.redis.ReplicaAcknowledgement;
import io.github.jwtauth.throttle.AttemptStore;
import io.github.jwtauth.throttle.InMemoryAttemptStore;
import io.github.jwtauth.token.JwsVerifierResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The refresh token, revocation, failed-attempt and (with key rotation) signing-key
 * stores chosen by {@code jwt.auth.store.type}: memory (the default), jdbc (the
 * application's {@link DataSource} and transaction manager, {@code jwt-auth-jdbc}) or
 * redis (the application's {@link RedisConnectionFactory}, {@code jwt-auth-data-redis}).
 */
@Configuration(proxyBeanMethods = false)
@Import({ StoreConfiguration.Feed.class, StoreConfiguration.Memory.class, StoreConfiguration.Jdbc.class,
		StoreConfiguration.Redis.class })
class StoreConfiguration {

	private static final Log logger = LogFactory.getLog(StoreConfiguration.class);

	static void warnIfEphemeralKey(JwtAuthProperties properties) {
		JwtAuthProperties.Signing signing = properties.getSigning();
		if (!JwtKeySetFactory.isKeyConfigured(signing) && !ResourceServerMode.isResourceServer(properties)
				&& !signing.getRotation().isEnabled()) {
			logger.warn("jwt.auth.store.type=" + properties.getStore().getType().name().toLowerCase()
					+ " shares sessions between instances, but the signing key is generated per process: "
					+ "instances cannot verify each other's tokens. Configure jwt.auth.signing.private-key-location "
					+ "or jwt.auth.signing.secret.");
		}
	}

	/**
	 * Refuse a shared store whose libraries are not on the class path, naming what to
	 * add.
	 * @param properties the properties
	 * @param classLoader the application's class loader
	 */
	static void requireLibraries(JwtAuthProperties properties, ClassLoader classLoader) {
		JwtAuthProperties.StoreType type = properties.getStore().getType();
		if (type == JwtAuthProperties.StoreType.JDBC) {
			require(classLoader, "io.github.jwtauth.store.jdbc.JdbcRefreshTokenStore",
					"the jdbc store needs jwt-auth-jdbc", "add the dependency io.github.jwtauth:jwt-auth-jdbc");
			require(classLoader, "org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer",
					"the jdbc store needs Spring Boot's JDBC support",
					"add spring-boot-starter-jdbc and a JDBC driver");
		}
		if (type == JwtAuthProperties.StoreType.REDIS) {
			require(classLoader, "io.github.jwtauth.store.redis.RedisRefreshTokenStore",
					"the redis store needs jwt-auth-data-redis",
					"add the dependency io.github.jwtauth:jwt-auth-data-redis");
			require(classLoader, "org.springframework.data.redis.core.StringRedisTemplate",
					"the redis store needs Spring Data Redis", "add spring-boot-starter-data-redis");
		}
	}

	private static void require(ClassLoader classLoader, String className, String problem, String action) {
		if (!ClassUtils.isPresent(className, classLoader)) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.store.type", problem, action);
		}
	}

	/**
	 * A resource server following the issuer's revocation feed
	 * ({@code jwt.auth.revocation-feed-uri}, or the one the discovered metadata of
	 * {@code jwt.auth.issuer-uri} names): its revocation store is the feed, whatever
	 * {@code jwt.auth.store.type} says for the other stores.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnRevocationFeedUriCondition.class)
	static class Feed {

		@Bean
		@ConditionalOnMissingBean(RevocationStore.class)
		RevocationFeedStore jwtAuthRevocationFeedStore(JwtAuthSettings settings, JwsVerifierResolver verifiers,
				ObjectProvider<IssuerDiscovery> discovery) {
			JwtAuthProperties properties = settings.properties();
			Duration maxStaleness = properties.getStore().getMaxStaleness();
			// a verified answer at least every wait: well within the maximum staleness
			Duration wait = Duration.ofSeconds(Math.max(1, Math.min(25, maxStaleness.toSeconds() / 2)));
			// an answer is at most one exchange old: an idle answer cannot be replayed
			// for
			// longer
			RevocationFeedVerifier verifier = new RevocationFeedVerifier(verifiers, properties.getIssuer(),
					properties.getClockSkew(), RevocationFeedStore.maxAnswerAge(wait), settings.clock());
			String feedUri = properties.getRevocationFeedUri();
			if (StringUtils.hasText(feedUri)) {
				return RevocationFeedStore.builder(feedUri, verifier).longPollWait(wait).build();
			}
			// the feed the issuer's metadata names, found when the metadata is
			// discovered: until then the replica is not in sync, and tokens are refused
			return RevocationFeedStore.builder(discovery.getObject().revocationFeedLocation(), verifier)
				.longPollWait(wait)
				.build();
		}

	}

	/**
	 * No {@code jwt.auth.revocation-feed-uri}: the revocation store follows
	 * {@code jwt.auth.store.type}.
	 */
	static class NoRevocationFeed extends NoneNestedConditions {

		NoRevocationFeed() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnRevocationFeedUriCondition.class)
		static class FeedUri {

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
		@Conditional(NoRevocationFeed.class)
		RevocationStore jwtAuthRevocationStore(JwtAuthSettings settings) {
			if (!settings.properties().getIssuers().isEmpty()) {
				// no feed to suggest: jwt.auth.revocation-feed-uri refuses to start
				// beside jwt.auth.issuers
				logger.warn("jwt.auth.issuers is set with the memory store: revocations made at the issuers "
						+ "(logout, revoke) are not enforced here. Keep their access tokens short, or share their "
						+ "store (jwt.auth.store.type)");
			}
			else if (ResourceServerMode.isResourceServer(settings.properties())) {
				logger.warn("This resource server follows no revocation feed (jwt.auth.revocation-feed-uri) and uses "
						+ "the memory store: revocations made at the issuer (logout, revoke) are not enforced here. Set "
						+ "jwt.auth.revocation-feed-uri to the issuer's revocation feed, or share its store "
						+ "(jwt.auth.store.type)");
			}
			return new InMemoryRevocationStore();
		}

		@Bean
		@ConditionalOnMissingBean
		AttemptStore jwtAuthAttemptStore(JwtAuthSettings settings) {
			return new InMemoryAttemptStore(settings.properties().getStore().getMaxEntries());
		}

		@Bean
		@ConditionalOnMissingBean
		DPoPProofReplayStore jwtAuthDPoPProofReplayStore(JwtAuthSettings settings) {
			int maxEntries = settings.properties().getDpop().getReplayCacheMaxEntries();
			if (maxEntries < 1) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.dpop.replay-cache-max-entries", "must be positive",
						"keep the default, 1000000, or size it for the DPoP requests of " + "proof-max-age");
			}
			return new InMemoryDPoPProofReplayStore(maxEntries, settings.clock());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "jwt.auth.store.type", havingValue = "jdbc")
	@ConditionalOnClass({ JdbcClient.class, JdbcRefreshTokenStore.class, DataSourceScriptDatabaseInitializer.class })
	@EnableConfigurationProperties(JwtAuthJdbcStoreProperties.class)
	@Import(DatabaseInitializationDependencyConfigurer.class)
	static class Jdbc {

		private final DataSource dataSource;

		private final JdbcClient jdbc;

		private final TransactionTemplate transactions;

		private final JdbcTables tables;

		Jdbc(JwtAuthSettings settings, JwtAuthJdbcStoreProperties properties, ObjectProvider<DataSource> dataSources,
				ObjectProvider<PlatformTransactionManager> transactionManagers) {
			warnIfEphemeralKey(settings.properties());
			try {
				this.tables = new JdbcTables(properties.getTablePrefix());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.jdbc.table-prefix",
						"'" + properties.getTablePrefix() + "' is not a valid table prefix",
						"use letters, digits and underscores, starting with a letter or an underscore, "
								+ "for example 'jwt_auth_'");
			}
			DataSource dataSource = dataSources.getIfUnique();
			if (dataSource == null) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.type",
						"the jdbc store needs one DataSource and none (or several) is configured",
						"add spring-boot-starter-jdbc and a JDBC driver and set spring.datasource.url");
			}
			PlatformTransactionManager transactionManager = transactionManagers.getIfUnique();
			if (transactionManager == null) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.type",
						"the jdbc store runs in the application's transactions and no single "
								+ "PlatformTransactionManager is defined",
						"keep Spring Boot's DataSourceTransactionManagerAutoConfiguration, or define one "
								+ "PlatformTransactionManager bean for the DataSource");
			}
			if (transactionManager instanceof DataSourceTransactionManager dataSourceTransactions
					&& dataSourceTransactions.getDataSource() != dataSource) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.type",
						"the application's transaction manager manages another DataSource than the jdbc store's",
						"make the store's DataSource the primary one, or its DataSourceTransactionManager the "
								+ "primary PlatformTransactionManager");
			}
			this.dataSource = dataSource;
			this.jdbc = JdbcClient.create(dataSource);
			this.transactions = new TransactionTemplate(transactionManager);
		}

		@Bean
		@ConditionalOnMissingBean
		@Conditional(OnJdbcStoreInitializationCondition.class)
		JwtAuthJdbcStoreDatabaseInitializer jwtAuthJdbcStoreDatabaseInitializer(JwtAuthJdbcStoreProperties properties) {
			return new JwtAuthJdbcStoreDatabaseInitializer(this.dataSource, properties);
		}

		@Bean
		@ConditionalOnMissingBean(RefreshTokenStore.class)
		JdbcRefreshTokenStore jwtAuthRefreshTokenStore() {
			return new JdbcRefreshTokenStore(this.jdbc, this.transactions, this.tables);
		}

		@Bean
		@ConditionalOnMissingBean(RevocationStore.class)
		@Conditional(NoRevocationFeed.class)
		JdbcRevocationStore jwtAuthRevocationStore(JwtAuthSettings settings, JwtAuthJdbcStoreProperties properties) {
			// the dialect is read from the database on first use (the builder's default):
			// the application starts while the database is down, refusing bearer tokens
			// until it is back
			return JdbcRevocationStore.builder(this.dataSource)
				.clock(settings.clock())
				.tables(this.tables)
				.listenNotify(properties.isListenNotify())
				.build();
		}

		@Bean
		@ConditionalOnMissingBean(SigningKeyStore.class)
		@ConditionalOnBooleanProperty(name = "jwt.auth.signing.rotation.enabled")
		JdbcSigningKeyStore jwtAuthSigningKeyStore() {
			// the dialect is read on first use, as the revocation store's
			DataSource dataSource = this.dataSource;
			return new JdbcSigningKeyStore(this.jdbc, () -> JdbcDialect.of(dataSource), this.tables);
		}

		@Bean
		@ConditionalOnMissingBean(DPoPProofReplayStore.class)
		JdbcDPoPProofReplayStore jwtAuthDPoPProofReplayStore(JwtAuthSettings settings) {
			// the dialect is read on first use, as the revocation store's
			DataSource dataSource = this.dataSource;
			return new JdbcDPoPProofReplayStore(this.jdbc, () -> JdbcDialect.of(dataSource), settings.clock(),
					this.tables);
		}

		@Bean
		@ConditionalOnMissingBean
		DPoPProofPurger jwtAuthDPoPProofPurger(JwtAuthSettings settings, DPoPProofReplayStore store,
				ObjectProvider<StoreInstrumentation> instrumentation) {
			return new DPoPProofPurger(
					StoreInstrumentation.instrument(instrumentation, store, DPoPProofReplayStore.class),
					settings.clock(), settings.properties().getStore().getPurgeInterval());
		}

		@Bean
		@ConditionalOnMissingBean(AttemptStore.class)
		JdbcAttemptStore jwtAuthAttemptStore() {
			// the dialect is read on first use, as the revocation store's
			DataSource dataSource = this.dataSource;
			return new JdbcAttemptStore(this.jdbc, this.transactions, () -> JdbcDialect.of(dataSource), this.tables);
		}

	}

	/**
	 * The JDBC store's tables are created unless
	 * {@code jwt.auth.store.jdbc.initialize-schema} is {@code never}.
	 */
	static class OnJdbcStoreInitializationCondition extends OnDatabaseInitializationCondition {

		OnJdbcStoreInitializationCondition() {
			super("jwt-auth JDBC store", "jwt.auth.store.jdbc.initialize-schema");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "jwt.auth.store.type", havingValue = "redis")
	@ConditionalOnClass({ StringRedisTemplate.class, RedisRefreshTokenStore.class })
	static class Redis {

		private final StringRedisTemplate redis;

		private final RedisConnectionFactory connectionFactory;

		private final String prefix;

		private final ReplicaAcknowledgement acknowledgement;

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
			JwtAuthProperties.Redis redis = settings.properties().getStore().getRedis();
			String prefix = redis.getKeyPrefix();
			if (prefix == null || prefix.isBlank() || prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.redis.key-prefix",
						"'" + prefix + "' is not a valid key prefix",
						"use a prefix without braces (the store adds its own hash tags), for example 'jwt-auth'");
			}
			this.prefix = prefix;
			this.acknowledgement = acknowledgement(redis, connectionFactory);
		}

		private static ReplicaAcknowledgement acknowledgement(JwtAuthProperties.Redis properties,
				RedisConnectionFactory connectionFactory) {
			boolean lettuce = ClassUtils.isPresent("io.lettuce.core.RedisClient", Redis.class.getClassLoader())
					&& connectionFactory instanceof LettuceConnectionFactory;
			Integer configured = properties.getReplicaAcknowledgements();
			int replicas = (configured != null) ? configured : (lettuce && replicated(connectionFactory)) ? 1 : 0;
			if (replicas < 0) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.redis.replica-acknowledgements",
						"must not be negative", "set 0 to wait for no replica, or the number of replicas");
			}
			if (replicas > 0 && !lettuce) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.redis.replica-acknowledgements",
						"waiting for replicas needs Lettuce, Spring Boot's default Redis client",
						"use Lettuce, or set jwt.auth.store.redis.replica-acknowledgements=0");
			}
			Duration timeout = properties.getReplicaTimeout();
			if (replicas > 0 && (timeout == null || timeout.isNegative() || timeout.isZero())) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.store.redis.replica-timeout", "must be positive",
						"set a timeout such as 1s");
			}
			return (replicas > 0) ? ReplicaAcknowledgement.of(replicas, timeout) : ReplicaAcknowledgement.none();
		}

		private static boolean replicated(RedisConnectionFactory connectionFactory) {
			LettuceConnectionFactory lettuce = (LettuceConnectionFactory) connectionFactory;
			return lettuce.isClusterAware() || lettuce.isRedisSentinelAware();
		}

		@Bean
		@ConditionalOnMissingBean
		RefreshTokenStore jwtAuthRefreshTokenStore() {
			return new RedisRefreshTokenStore(this.redis, this.prefix, this.acknowledgement);
		}

		@Bean
		@ConditionalOnMissingBean
		@Conditional(NoRevocationFeed.class)
		RevocationStore jwtAuthRevocationStore() {
			return new RedisRevocationStore(this.redis, this.connectionFactory, this.prefix, this.acknowledgement);
		}

		@Bean
		@ConditionalOnMissingBean
		AttemptStore jwtAuthAttemptStore() {
			return new RedisAttemptStore(this.redis, this.prefix);
		}

		@Bean
		@ConditionalOnMissingBean
		DPoPProofReplayStore jwtAuthDPoPProofReplayStore(JwtAuthSettings settings) {
			return new RedisDPoPProofReplayStore(this.redis, this.prefix, settings.clock(), this.acknowledgement);
		}

		@Bean
		@ConditionalOnMissingBean(SigningKeyStore.class)
		@ConditionalOnBooleanProperty(name = "jwt.auth.signing.rotation.enabled")
		RedisSigningKeyStore jwtAuthSigningKeyStore() {
			return new RedisSigningKeyStore(this.redis, this.prefix, this.acknowledgement);
		}

	}

}
