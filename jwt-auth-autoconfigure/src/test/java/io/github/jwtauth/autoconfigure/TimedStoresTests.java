package io.github.jwtauth.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.store.redis.RedisDPoPProofReplayStore;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.throttle.AttemptStore;
import io.github.jwtauth.throttle.Attempts;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link TimedStores}: a store's operations are timed by outcome and exception, a failure
 * reaches the caller as the store threw it, a store of the application's own is of type
 * {@code application} and a Redis store of type {@code redis}, and what is not a store
 * operation is not timed.
 */
class TimedStoresTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final TimedStores timed = new TimedStores(this.registry);

	@Test
	void aFailureOfAStoreOfTheApplicationReachesTheCallerUnchangedAndIsTimedAsAnErrorWithItsException() {
		DataAccessResourceFailureException down = new DataAccessResourceFailureException("store down");
		ReplayStore store = new ReplayStore();
		store.failure = down;
		DPoPProofReplayStore instrumented = this.timed.instrument(store, DPoPProofReplayStore.class);
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> instrumented.markUsed("proof", Instant.now()))
			.isSameAs(down);
		assertThat(store.calls).isOne();
		assertThat(count("dpop_replay", "application", "markUsed", "error", "DataAccessResourceFailureException"))
			.isOne();
		assertThat(count("dpop_replay", "application", "markUsed", "success", "none")).isZero();
		assertThat(this.registry.get(TimedStores.METER).timers()).hasSize(1);
	}

	@Test
	void aSuccessOfAStoreOfTheApplicationIsTimedAsASuccessWithoutException() {
		ReplayStore store = new ReplayStore();
		DPoPProofReplayStore instrumented = this.timed.instrument(store, DPoPProofReplayStore.class);
		assertThat(instrumented.markUsed("proof", Instant.now())).isTrue();
		assertThat(instrumented.markUsed("proof", Instant.now())).isTrue();
		assertThat(instrumented.purgeExpired(Instant.now())).isEqualTo(3);
		assertThat(store.calls).isEqualTo(3);
		assertThat(count("dpop_replay", "application", "markUsed", "success", "none")).isEqualTo(2);
		assertThat(count("dpop_replay", "application", "purgeExpired", "success", "none")).isOne();
		assertThat(this.registry.get(TimedStores.METER).timers()).hasSize(2);
	}

	@Test
	void theSettingsAStoreReportsAndTheMethodsOfObjectAreNotTimed() {
		SharedAttemptStore store = new SharedAttemptStore();
		AttemptStore instrumented = this.timed.instrument(store, AttemptStore.class);
		assertThat(instrumented.isShared()).isTrue();
		assertThat(instrumented).hasToString("shared attempts");
		assertThat(instrumented.equals(instrumented)).isTrue();
		assertThat(instrumented.hashCode()).isEqualTo(instrumented.hashCode());
		assertThat(this.registry.find(TimedStores.METER).timers()).isEmpty();
		instrumented.reset("key");
		assertThat(count("attempt", "application", "reset", "success", "none")).isOne();
		assertThat(this.registry.get(TimedStores.METER).timers()).hasSize(1);
	}

	@Test
	@RequiresServer(name = "Redis", port = 6379)
	void theOperationsOfARedisStoreAreTimedAsRedis() {
		String prefix = "jwt-auth-test-" + UUID.randomUUID();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", 6379));
		factory.afterPropertiesSet();
		factory.start();
		StringRedisTemplate redis = new StringRedisTemplate(factory);
		try {
			DPoPProofReplayStore instrumented = this.timed.instrument(new RedisDPoPProofReplayStore(redis, prefix),
					DPoPProofReplayStore.class);
			Instant expiresAt = Instant.now().plusSeconds(60);
			assertThat(instrumented.markUsed("proof", expiresAt)).isTrue();
			assertThat(instrumented.markUsed("proof", expiresAt)).isFalse();
			assertThat(count("dpop_replay", "redis", "markUsed", "success", "none")).isEqualTo(2);
			assertThat(this.registry.get(TimedStores.METER).timers()).hasSize(1);
		}
		finally {
			redis.delete(redis.keys(prefix + ":*"));
			factory.destroy();
		}
	}

	@Test
	void aRedisStoreThatCannotBeReachedIsTimedAsAnErrorWithTheExceptionOfSpringDataRedis() {
		LettuceConnectionFactory down = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
		down.afterPropertiesSet();
		down.start();
		try {
			DPoPProofReplayStore instrumented = this.timed.instrument(
					new RedisDPoPProofReplayStore(new StringRedisTemplate(down), "jwt-auth-test"),
					DPoPProofReplayStore.class);
			assertThatExceptionOfType(RedisConnectionFailureException.class)
				.isThrownBy(() -> instrumented.markUsed("proof", Instant.now().plusSeconds(60)));
			assertThat(count("dpop_replay", "redis", "markUsed", "error", "RedisConnectionFailureException")).isOne();
			assertThat(this.registry.get(TimedStores.METER).timers()).hasSize(1);
		}
		finally {
			down.destroy();
		}
	}

	private long count(String store, String type, String operation, String outcome, String exception) {
		Timer timer = this.registry.find(TimedStores.METER)
			.tags("store", store, "type", type, "operation", operation, "outcome", outcome, "exception", exception)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	/**
	 * A DPoP replay store of the application's own: every proof is new, or every call
	 * fails.
	 */
	static final class ReplayStore implements DPoPProofReplayStore {

		@Nullable RuntimeException failure;

		int calls;

		@Override
		public boolean markUsed(String proofKey, Instant expiresAt) {
			this.calls++;
			if (this.failure != null) {
				throw this.failure;
			}
			return true;
		}

		@Override
		public int purgeExpired(Instant now) {
			this.calls++;
			return 3;
		}

	}

	/**
	 * An attempt store of the application's own that reports it is shared.
	 */
	static final class SharedAttemptStore implements AttemptStore {

		@Override
		public Attempts recordFailure(String key, Instant now, Duration retention) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<Attempts> find(String key, Instant now) {
			return Optional.empty();
		}

		@Override
		public void reset(String key) {
		}

		@Override
		public boolean isShared() {
			return true;
		}

		@Override
		public String toString() {
			return "shared attempts";
		}

	}

}
