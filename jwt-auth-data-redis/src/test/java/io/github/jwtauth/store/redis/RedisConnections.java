package io.github.jwtauth.store.redis;

import java.time.Duration;

import io.github.jwtauth.test.redis.RedisCluster;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Connection factories of the tests, started.
 */
final class RedisConnections {

	private RedisConnections() {
	}

	static LettuceConnectionFactory standalone() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", 6379));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * A cluster connection that follows a failover as Spring Boot's does with
	 * {@code spring.data.redis.lettuce.cluster.refresh.adaptive=true} and
	 * {@code refresh.period=1s}.
	 * @param cluster the cluster
	 * @return the factory
	 */
	static LettuceConnectionFactory cluster(RedisCluster cluster) {
		return cluster(cluster, Duration.ofSeconds(2));
	}

	/**
	 * A cluster connection as {@link #cluster(RedisCluster)}, with the given command
	 * timeout: the contract's concurrent writes, each followed by {@code WAIT} for a
	 * replica, queue on one node connection, so the last one's timeout counts all of the
	 * round trips before it.
	 * @param cluster the cluster
	 * @param commandTimeout the command timeout
	 * @return the factory
	 */
	static LettuceConnectionFactory cluster(RedisCluster cluster, Duration commandTimeout) {
		ClusterTopologyRefreshOptions refresh = ClusterTopologyRefreshOptions.builder()
			.enableAllAdaptiveRefreshTriggers()
			.enablePeriodicRefresh(Duration.ofSeconds(1))
			.build();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(commandTimeout)
			.clientOptions(ClusterClientOptions.builder().topologyRefreshOptions(refresh).build())
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisClusterConfiguration(cluster.nodes()),
				client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
