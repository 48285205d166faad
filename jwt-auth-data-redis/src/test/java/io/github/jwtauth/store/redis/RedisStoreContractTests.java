package io.github.jwtauth.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.store.AttemptStoreContractTests;
import io.github.jwtauth.test.store.RefreshTokenStoreContractTests;
import io.github.jwtauth.test.store.RevocationStoreContractTests;
import io.github.jwtauth.throttle.AttemptStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store contracts against the real Redis server on 127.0.0.1:6379, under a key prefix
 * of the test's own.
 */
@RequiresServer(name = "Redis", port = 6379)
class RedisStoreContractTests {

	private static final String PREFIX = "jwt-auth-test-" + UUID.randomUUID();

	private static LettuceConnectionFactory redis;

	private static final List<LettuceConnectionFactory> OTHER_CONNECTIONS = new CopyOnWriteArrayList<>();

	static synchronized LettuceConnectionFactory redis() {
		if (redis == null) {
			redis = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
			redis.afterPropertiesSet();
			redis.start();
		}
		return redis;
	}

	@AfterAll
	static void close() {
		if (redis != null) {
			StringRedisTemplate template = new StringRedisTemplate(redis);
			Set<String> keys = template.keys("{" + PREFIX + "}*");
			if (keys != null && !keys.isEmpty()) {
				template.delete(keys);
			}
			redis.destroy();
		}
		OTHER_CONNECTIONS.forEach(LettuceConnectionFactory::destroy);
	}

	@Nested
	class RefreshTokens extends RefreshTokenStoreContractTests {

		@Override
		protected RefreshTokenStore store() {
			return new RedisRefreshTokenStore(new StringRedisTemplate(redis()), PREFIX);
		}

		@Override
		protected boolean purgesItself() {
			return true;
		}

		@Test
		void everyKeyExpiresWithItsFamily() {
			newFamily("ttl-check");
			StringRedisTemplate template = new StringRedisTemplate(redis());
			Set<String> keys = template.keys("{" + PREFIX + "}*");
			assertThat(keys).isNotEmpty();
			for (String key : keys) {
				Long ttl = template.getExpire(key, TimeUnit.MILLISECONDS);
				assertThat(ttl).as(key).isPositive();
			}
		}

	}

	@Nested
	class Revocations extends RevocationStoreContractTests {

		@Override
		protected RevocationStore store() {
			return new RedisRevocationStore(new StringRedisTemplate(redis()), redis(), PREFIX);
		}

		@Test
		void revocationsArePushedToSubscribers() throws Exception {
			BlockingQueue<RevocationEntry> received = new LinkedBlockingQueue<>();
			RevocationStore store = store();
			try (AutoCloseable subscription = store.subscribe(received::add)) {
				RevocationEntry entry = entry(Kind.SESSION, Duration.ofMinutes(5));
				// the subscription connects asynchronously: publish until it is heard
				await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
					store.add(entry);
					return entry.equals(received.poll(50, TimeUnit.MILLISECONDS));
				});
			}
		}

	}

	@Nested
	class Attempts extends AttemptStoreContractTests {

		@Override
		protected AttemptStore store() {
			return new RedisAttemptStore(new StringRedisTemplate(redis()), PREFIX);
		}

		@Override
		protected AttemptStore secondInstance() {
			LettuceConnectionFactory other = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", 6379));
			other.afterPropertiesSet();
			other.start();
			OTHER_CONNECTIONS.add(other);
			return new RedisAttemptStore(new StringRedisTemplate(other), PREFIX);
		}

		@Override
		protected boolean purgesItself() {
			return true;
		}

		@Test
		void keysExpireByThemselves() {
			String key = newKey();
			store().recordFailure(key, this.now, RETENTION);
			StringRedisTemplate template = new StringRedisTemplate(redis());
			Long ttl = template.getExpire("{" + PREFIX + "}:attempt:" + key, TimeUnit.MILLISECONDS);
			assertThat(ttl).isPositive().isLessThanOrEqualTo(RETENTION.toMillis());
		}

	}

}
