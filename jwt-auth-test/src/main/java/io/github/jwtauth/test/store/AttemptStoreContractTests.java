package io.github.jwtauth.test.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.jwtauth.throttle.AttemptStore;
import io.github.jwtauth.throttle.AttemptThrottle;
import io.github.jwtauth.throttle.Attempts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link AttemptStore} keeps. Extend it in a test of your own store
 * and implement {@link #store()}; jwt-auth runs it against each of its stores. A shared
 * store also overrides {@link #secondInstance()}.
 */
public abstract class AttemptStoreContractTests {

	/**
	 * The retention of the failures the tests record.
	 */
	protected static final Duration RETENTION = Duration.ofMinutes(10);

	/**
	 * The time the tests start from.
	 */
	protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	/**
	 * The store under test.
	 * @return the store
	 */
	protected abstract AttemptStore store();

	/**
	 * Another store on the same database or server, as a second application instance
	 * would have; {@code null} for a store of one instance only.
	 * @return the other store, or {@code null}
	 */
	protected @Nullable AttemptStore secondInstance() {
		return null;
	}

	/**
	 * Whether the store expires keys by itself (Redis key TTLs), so
	 * {@link AttemptStore#purgeExpired} has nothing to do.
	 * @return {@code true} if it purges itself
	 */
	protected boolean purgesItself() {
		return false;
	}

	/**
	 * A key of this test run only.
	 * @return the key
	 */
	protected static String newKey() {
		return "test:" + UUID.randomUUID();
	}

	@Test
	protected void unknownKeyHasNoFailures() {
		assertThat(store().find(newKey(), this.now)).isEmpty();
	}

	@Test
	protected void failuresAreCounted() {
		String key = newKey();
		assertThat(store().recordFailure(key, this.now, RETENTION)).isEqualTo(new Attempts(1, this.now));
		Instant later = this.now.plusSeconds(3);
		assertThat(store().recordFailure(key, later, RETENTION)).isEqualTo(new Attempts(2, later));
		assertThat(store().find(key, later)).contains(new Attempts(2, later));
	}

	@Test
	protected void keysAreCountedApart() {
		String key = newKey();
		String other = newKey();
		store().recordFailure(key, this.now, RETENTION);
		store().recordFailure(key, this.now, RETENTION);
		store().recordFailure(other, this.now, RETENTION);
		assertThat(store().find(key, this.now).get().failures()).isEqualTo(2);
		assertThat(store().find(other, this.now).get().failures()).isEqualTo(1);
	}

	@Test
	protected void failuresExpireAfterTheirRetention() {
		String key = newKey();
		store().recordFailure(key, this.now, RETENTION);
		store().recordFailure(key, this.now.plusSeconds(60), RETENTION);
		Instant expiry = this.now.plusSeconds(60).plus(RETENTION);
		assertThat(store().find(key, expiry.minusMillis(1))).isPresent();
		assertThat(store().find(key, expiry)).isEmpty();
		assertThat(store().recordFailure(key, expiry, RETENTION)).isEqualTo(new Attempts(1, expiry));
	}

	@Test
	protected void resetForgetsTheKeyOnly() {
		String key = newKey();
		String other = newKey();
		store().recordFailure(key, this.now, RETENTION);
		store().recordFailure(other, this.now, RETENTION);
		store().reset(key);
		assertThat(store().find(key, this.now)).isEmpty();
		assertThat(store().find(other, this.now)).isPresent();
		assertThat(store().recordFailure(key, this.now, RETENTION).failures()).isEqualTo(1);
	}

	@Test
	protected void purgeKeepsWhatHasNotExpired() {
		// in the past, so that a purge on a shared database removes only what has expired
		Instant then = this.now.minus(Duration.ofDays(1));
		String key = newKey();
		store().recordFailure(key, then, RETENTION);
		store().purgeExpired(then.plus(RETENTION).minusSeconds(1));
		assertThat(store().find(key, then)).isPresent();
		store().purgeExpired(then.plus(RETENTION));
		if (!purgesItself()) {
			assertThat(store().find(key, then)).isEmpty();
		}
	}

	@Test
	protected void concurrentFailuresAreEachCounted() throws Exception {
		String key = newKey();
		int threads = 16;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Attempts>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				AttemptStore second = secondInstance();
				AttemptStore store = (i % 2 == 0 || second == null) ? store() : second;
				results.add(executor.submit(() -> {
					start.await();
					return store.recordFailure(key, this.now, RETENTION);
				}));
			}
			start.countDown();
			List<Integer> counts = new ArrayList<>();
			for (Future<Attempts> result : results) {
				counts.add(result.get(30, TimeUnit.SECONDS).failures());
			}
			// every failure counted once: the counts seen are exactly 1..N
			assertThat(counts).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, threads).boxed().toList());
			assertThat(store().find(key, this.now).get().failures()).isEqualTo(threads);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	protected void twoInstancesShareTheLimit() {
		AttemptStore second = secondInstance();
		if (second == null) {
			return;
		}
		String user = "user-" + UUID.randomUUID();
		String namespace = "contract-" + UUID.randomUUID();
		AttemptThrottle first = AttemptThrottle.builder(store())
			.clock(Clock.fixed(this.now, ZoneOffset.UTC))
			.namespace(namespace)
			.maxFailures(3)
			.build();
		AttemptThrottle other = AttemptThrottle.builder(second)
			.clock(Clock.fixed(this.now, ZoneOffset.UTC))
			.namespace(namespace)
			.maxFailures(3)
			.build();
		assertThat(first.checkLogin(user, "192.0.2.1")).isEmpty();
		first.loginFailed(user, "192.0.2.1");
		other.loginFailed(user, "192.0.2.1");
		assertThat(first.checkLogin(user, "192.0.2.1")).isEmpty();
		assertThat(other.checkLogin(user, "192.0.2.1")).isEmpty();
		first.loginFailed(user, "192.0.2.1");
		// the third failure, counted over both instances, starts the back-off on both
		assertThat(first.checkLogin(user, "192.0.2.1")).contains(Duration.ofSeconds(1));
		assertThat(other.checkLogin(user, "192.0.2.1")).contains(Duration.ofSeconds(1));
	}

}
