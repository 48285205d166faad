package io.github.jwtauth.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.github.jwtauth.keys.rotation.StoredSigningKey;
import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokens;
import io.github.jwtauth.test.junit.RequiresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A store that must have its writes acknowledged by a replica, on the single server of
 * the tests, which has none: every write fails (503 at the endpoints), reads work.
 */
@RequiresServer(name = "Redis", port = 6379)
class RedisReplicaAcknowledgementTests {

	private final LettuceConnectionFactory redis = RedisConnections.standalone();

	private final String prefix = "jwt-auth-test-" + UUID.randomUUID();

	@AfterEach
	void close() {
		StringRedisTemplate template = new StringRedisTemplate(this.redis);
		template.delete(template.keys("*" + this.prefix + "*"));
		this.redis.destroy();
	}

	@Test
	void writeWithoutAReplicaToAcknowledgeItFails() {
		RedisRefreshTokenStore store = new RedisRefreshTokenStore(new StringRedisTemplate(this.redis), this.prefix,
				ReplicaAcknowledgement.of(1, Duration.ofMillis(50)));
		String familyId = UUID.randomUUID().toString();
		Instant now = Instant.now();
		RefreshTokenRecord record = new RefreshTokenRecord(RefreshTokens.hash(RefreshTokens.generate(familyId)),
				familyId, "alice", now, now.plusSeconds(60), now.plusSeconds(600));
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> store.create(record, 10))
			.withMessageContaining("replicas acknowledged");
		assertThat(store.find(record.tokenHash())).isEmpty();
	}

	@Test
	void signingKeyWithoutAReplicaToAcknowledgeItFails() {
		RedisSigningKeyStore store = new RedisSigningKeyStore(new StringRedisTemplate(this.redis), this.prefix,
				ReplicaAcknowledgement.of(1, Duration.ofMillis(50)));
		Instant now = Instant.now();
		StoredSigningKey key = new StoredSigningKey(1, "kid-1", "ES256", now, now, "{}", "sealed");
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> store.add(key))
			.withMessageContaining("replicas acknowledged");
		// a retry waits again, and fails again while no replica answers
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> store.add(key));
		// written on the master, unacknowledged: reads find it (as they would on the
		// master
		// after a failover, or not: the rotation reads the store again either way)
		assertThat(store.findAll()).extracting(StoredSigningKey::keyId).containsExactly("kid-1");
	}

	@Test
	void dpopProofWithoutAReplicaToAcknowledgeItIsRefusedNotAccepted() {
		RedisDPoPProofReplayStore store = new RedisDPoPProofReplayStore(new StringRedisTemplate(this.redis),
				this.prefix, Clock.systemUTC(), ReplicaAcknowledgement.of(1, Duration.ofMillis(50)));
		Instant expiresAt = Instant.now().plusSeconds(60);
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> store.markUsed("proof-key", expiresAt))
			.withMessageContaining("replicas acknowledged");
		// written on the master, unacknowledged: a second use is a replay
		assertThat(new RedisDPoPProofReplayStore(new StringRedisTemplate(this.redis), this.prefix).markUsed("proof-key",
				expiresAt))
			.isFalse();
	}

}
