package io.github.jwtauth.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.test.redis.RedisCluster;
import io.github.jwtauth.test.redis.RequiresRedisCluster;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contracts against a real Redis Cluster (three masters with a replica each),
 * every write acknowledged by a replica.
 */
@RequiresRedisCluster
class ClusterRedisStoreContractTests extends AbstractRedisStoreContractTests {

	private final String prefix = "jwt-auth-cluster-" + UUID.randomUUID();

	@Override
	protected LettuceConnectionFactory newConnectionFactory() {
		return RedisConnections.cluster(RedisCluster.shared(), Duration.ofSeconds(10));
	}

	@Override
	protected String prefix() {
		return this.prefix;
	}

	@Override
	protected ReplicaAcknowledgement acknowledgement() {
		return ReplicaAcknowledgement.of(1, Duration.ofSeconds(2));
	}

	@Test
	void familiesSpreadOverEveryMaster() {
		RedisCluster cluster = RedisCluster.shared();
		RedisRefreshTokenStore store = new RedisRefreshTokenStore(template(), prefix(), acknowledgement());
		Set<Integer> masters = new HashSet<>();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		for (int i = 0; i < 30; i++) {
			String familyId = UUID.randomUUID().toString();
			String tag = io.github.jwtauth.refresh.RefreshTokens.familyTag(familyId);
			RefreshTokenRecord record = new RefreshTokenRecord(
					io.github.jwtauth.refresh.RefreshTokens
						.hash(io.github.jwtauth.refresh.RefreshTokens.generate(familyId)),
					familyId, "spread", now, now.plusSeconds(60), now.plusSeconds(600));
			store.create(record, Integer.MAX_VALUE);
			assertThat(store.find(record.tokenHash())).contains(record);
			masters.add(cluster.masterOf("{" + prefix() + ":f:" + tag + "}"));
		}
		assertThat(masters).hasSize(3);
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

	@Nested
	class SigningKeys extends SigningKeysContract {

	}

	@Nested
	class DPoPProofs extends DPoPProofsContract {

	}

}
