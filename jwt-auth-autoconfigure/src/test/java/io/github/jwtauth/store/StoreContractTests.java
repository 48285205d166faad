package io.github.jwtauth.store;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contracts, against the in-memory store, PostgreSQL, H2 and Redis.
 */
class StoreContractTests {

	@Nested
	class Memory extends RefreshTokenStoreContractTests {

		private final InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(10_000);

		@Override
		RefreshTokenStore store() {
			return this.store;
		}

		@Test
		void isBoundedByDroppingTheOldestFamilies() {
			InMemoryRefreshTokenStore small = new InMemoryRefreshTokenStore(3);
			for (int i = 0; i < 5; i++) {
				small.create(new io.github.jwtauth.refresh.RefreshTokenRecord(newHash(), "family-" + i, "alice", this.now,
						this.now.plus(IDLE), this.now.plus(IDLE)));
			}
			assertThat(small.size()).isEqualTo(3);
			assertThat(small.revokeFamily("family-0")).isFalse();
			assertThat(small.revokeFamily("family-4")).isTrue();
		}

	}

	static HikariDataSource postgres;

	static HikariDataSource h2;

	static LettuceConnectionFactory redis;

	static final String PREFIX = StoreFixtures.prefix();

	@BeforeAll
	static void connect() {
		h2 = StoreFixtures.h2();
	}

	@AfterAll
	static void disconnect() {
		if (postgres != null) {
			postgres.close();
		}
		h2.close();
		if (redis != null) {
			StringRedisTemplate template = new StringRedisTemplate(redis);
			Set<String> keys = template.keys("{" + PREFIX + "}*");
			if (keys != null && !keys.isEmpty()) {
				template.delete(keys);
			}
			redis.destroy();
		}
	}

	static HikariDataSource postgres() {
		if (postgres == null) {
			postgres = StoreFixtures.postgres();
		}
		return postgres;
	}

	static LettuceConnectionFactory redis() {
		if (redis == null) {
			redis = StoreFixtures.redis();
		}
		return redis;
	}

	@Nested
	class PostgresRefreshTokens extends RefreshTokenStoreContractTests {

		@Override
		RefreshTokenStore store() {
			return StoreFixtures.jdbcRefreshTokens(postgres());
		}

	}

	@Nested
	class H2RefreshTokens extends RefreshTokenStoreContractTests {

		@Override
		RefreshTokenStore store() {
			return StoreFixtures.jdbcRefreshTokens(h2);
		}

	}

	@Nested
	class RedisRefreshTokens extends RefreshTokenStoreContractTests {

		@Override
		RefreshTokenStore store() {
			return StoreFixtures.redisRefreshTokens(redis(), PREFIX);
		}

		@Override
		boolean purgesItself() {
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
	class PostgresRevocations extends RevocationStoreContractTests {

		@Override
		RevocationStore store() {
			return StoreFixtures.jdbcRevocations(postgres());
		}

	}

	@Nested
	class H2Revocations extends RevocationStoreContractTests {

		@Override
		RevocationStore store() {
			return StoreFixtures.jdbcRevocations(h2);
		}

	}

	@Nested
	class RedisRevocations extends RevocationStoreContractTests {

		@Override
		RevocationStore store() {
			return StoreFixtures.redisRevocations(redis(), PREFIX);
		}

		@Test
		void revocationsArePushedToSubscribers() throws Exception {
			BlockingQueue<RevocationEntry> received = new LinkedBlockingQueue<>();
			try (AutoCloseable subscription = store().subscribe(received::add)) {
				RevocationEntry entry = entry(Kind.SESSION, Duration.ofMinutes(5));
				// the subscription connects asynchronously: publish until it is heard
				RevocationEntry heard = null;
				for (int i = 0; i < 50 && heard == null; i++) {
					store().add(entry);
					heard = received.poll(100, TimeUnit.MILLISECONDS);
				}
				assertThat(heard).isEqualTo(entry);
			}
		}

	}

}
