package io.github.jwtauth.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.github.jwtauth.keys.rotation.StoredSigningKey;
import io.github.jwtauth.test.junit.RequiresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the Redis signing-key store does beyond the contract: Redis down, a value that is
 * not a key of the store.
 */
class RedisSigningKeyStoreTests {

	private final String prefix = "jwt-auth-test-" + UUID.randomUUID();

	private LettuceConnectionFactory redis;

	@AfterEach
	void close() {
		if (this.redis != null) {
			StringRedisTemplate template = new StringRedisTemplate(this.redis);
			template.delete(template.keys("*" + this.prefix + "*"));
			this.redis.destroy();
		}
	}

	private static StoredSigningKey key(long generation) {
		Instant now = Instant.now();
		return new StoredSigningKey(generation, "kid-" + generation, "ES256", now, now, "{}", "sealed");
	}

	@Test
	void redisDownFailsEveryCallWithADataAccessException() {
		LettuceConnectionFactory down = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
		down.afterPropertiesSet();
		down.start();
		try {
			RedisSigningKeyStore store = new RedisSigningKeyStore(new StringRedisTemplate(down), this.prefix);
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(store::findAll);
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> store.add(key(1)));
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> store.remove(1));
		}
		finally {
			down.destroy();
		}
	}

	@Test
	@RequiresServer(name = "Redis", port = 6379)
	void aValueThatIsNotAKeyOfTheStoreIsADataAccessExceptionNamingItsField() {
		this.redis = RedisConnections.standalone();
		StringRedisTemplate template = new StringRedisTemplate(this.redis);
		RedisSigningKeyStore store = new RedisSigningKeyStore(template, this.prefix);
		String hash = this.prefix + ":signing-keys";
		template.opsForHash().put(hash, "7", "not json");
		assertThatExceptionOfType(DataRetrievalFailureException.class).isThrownBy(store::findAll)
			.withMessageContaining("field 7");
		// a key moved to another generation's field
		template.opsForHash().put(hash, "7", RedisSigningKeyStore.encode(key(8)));
		assertThatExceptionOfType(DataRetrievalFailureException.class).isThrownBy(store::findAll)
			.withMessageContaining("generation 8");
		template.opsForHash()
			.put(hash, "7", "{\"generation\":7,\"kid\":\"k\",\"alg\":\"ES256\",\"createdAt\":\"soon\"}");
		assertThatExceptionOfType(DataRetrievalFailureException.class).isThrownBy(store::findAll)
			.withMessageContaining("createdAt");
	}

}
