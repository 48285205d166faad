package io.github.jwtauth.store.redis;

import java.time.Duration;
import java.util.UUID;

import io.github.jwtauth.test.redis.RedisCluster;
import io.github.jwtauth.test.redis.RequiresRedisCluster;
import org.junit.jupiter.api.Nested;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The store contracts against a real Redis Cluster (three masters with a replica each),
 * every write acknowledged by a replica.
 */
@RequiresRedisCluster
class ClusterRedisStoreContractTests extends AbstractRedisStoreContractTests {

	private final String prefix = "jwt-auth-cluster-" + UUID.randomUUID();

	@Override
	protected LettuceConnectionFactory newConnectionFactory() {
		return RedisConnections.cluster(RedisCluster.shared());
	}

	@Override
	protected String prefix() {
		return this.prefix;
	}

	@Override
	protected ReplicaAcknowledgement acknowledgement() {
		return ReplicaAcknowledgement.of(1, Duration.ofSeconds(2));
	}

	@Nested
	class RefreshTokens extends RefreshTokensContract {

	}

	@Nested
	class Revocations extends RevocationsContract {

	}

	@Nested
	class Attempts extends AttemptsContract {

	}

}
