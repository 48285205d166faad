package io.github.jwtauth.test.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.test.TestClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link DPoPProofReplayStore} keeps. Extend it in a test of your own
 * store and implement {@link #store()}, on {@link #clock} if the store takes a clock; a
 * shared store also overrides {@link #secondInstance()}, and a store whose keys expire by
 * the server's own clock (Redis) overrides {@link #letTimePass(Duration)} to wait.
 * <p>
 * The tests may run on a database or server that other tests use at the same time: each
 * key is random and used by one test only, and no test counts the store's keys.
 */
public abstract class DPoPProofReplayStoreContractTests {

	/**
	 * How long the proofs of the tests stay acceptable.
	 */
	protected static final Duration LIFETIME = Duration.ofSeconds(60);

	/**
	 * A short lifetime, for the tests that let a proof expire: long enough for a store on
	 * a real server to still have the key after a few round trips.
	 */
	protected static final Duration SHORT_LIFETIME = Duration.ofSeconds(2);

	/**
	 * The clock of the tests: the store under test decides expiry by it, if it takes a
	 * clock.
	 */
	protected final TestClock clock = TestClock.at(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	/**
	 * The store under test.
	 * @return the store
	 */
	protected abstract DPoPProofReplayStore store();

	/**
	 * Another store on the same database or server, as a second application instance
	 * would have; {@code null} for a store of one instance only.
	 * @return the other store, or {@code null}
	 */
	protected @Nullable DPoPProofReplayStore secondInstance() {
		return null;
	}

	/**
	 * Let time pass: moves {@link #clock} forward. A store whose keys expire by the
	 * server's clock overrides it to wait as long too.
	 * @param duration how long
	 */
	protected void letTimePass(Duration duration) {
		this.clock.advance(duration);
	}

	/**
	 * A new random proof key, as the verifier makes them: the base64url SHA-256 digest
	 * length, 43 characters.
	 * @return the key
	 */
	protected static String newKey() {
		byte[] bytes = new byte[32];
		ThreadLocalRandom.current().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * The expiry of a proof used now.
	 * @param lifetime how long the proof stays acceptable
	 * @return the expiry
	 */
	protected Instant expiresIn(Duration lifetime) {
		return this.clock.instant().plus(lifetime);
	}

	@Test
	protected void theFirstUseIsAcceptedAndEveryReplayRefused() {
		String key = newKey();
		assertThat(store().markUsed(key, expiresIn(LIFETIME))).isTrue();
		assertThat(store().markUsed(key, expiresIn(LIFETIME))).isFalse();
		assertThat(store().markUsed(key, expiresIn(LIFETIME.multipliedBy(2)))).as("a later expiry").isFalse();
		assertThat(store().markUsed(key, expiresIn(LIFETIME))).isFalse();
	}

	@Test
	protected void distinctKeysAreIndependent() {
		String first = newKey();
		String second = newKey();
		assertThat(store().markUsed(first, expiresIn(LIFETIME))).isTrue();
		assertThat(store().markUsed(second, expiresIn(LIFETIME))).isTrue();
		assertThat(store().markUsed(first, expiresIn(LIFETIME))).isFalse();
		assertThat(store().markUsed(second, expiresIn(LIFETIME))).isFalse();
		assertThat(store().markUsed(newKey(), expiresIn(LIFETIME))).isTrue();
	}

	@Test
	protected void aKeyIsRefusedUntilItExpiresAndMayBeUsedAgainAfter() {
		String key = newKey();
		assertThat(store().markUsed(key, expiresIn(SHORT_LIFETIME))).isTrue();
		letTimePass(SHORT_LIFETIME.dividedBy(20));
		assertThat(store().markUsed(key, expiresIn(LIFETIME))).as("before its expiry").isFalse();
		letTimePass(SHORT_LIFETIME);
		assertThat(store().markUsed(key, expiresIn(LIFETIME))).as("after its expiry").isTrue();
		assertThat(store().markUsed(key, expiresIn(LIFETIME))).as("with its new expiry").isFalse();
	}

	@Test
	protected void aSecondInstanceSeesTheFirstsKeys() {
		DPoPProofReplayStore second = secondInstance();
		if (second == null) {
			return;
		}
		String key = newKey();
		assertThat(store().markUsed(key, expiresIn(LIFETIME))).isTrue();
		assertThat(second.markUsed(key, expiresIn(LIFETIME))).isFalse();
		String other = newKey();
		assertThat(second.markUsed(other, expiresIn(LIFETIME))).isTrue();
		assertThat(store().markUsed(other, expiresIn(LIFETIME))).isFalse();
	}

	@Test
	protected void ofConcurrentUsesOfOneKeyExactlyOneIsAccepted() throws Exception {
		String key = newKey();
		assertThat(concurrentUses(key)).isEqualTo(1);
		assertThat(store().markUsed(key, expiresIn(LIFETIME))).isFalse();
	}

	@Test
	protected void ofConcurrentUsesOfAnExpiredKeyExactlyOneIsAccepted() throws Exception {
		String key = newKey();
		assertThat(store().markUsed(key, expiresIn(SHORT_LIFETIME))).isTrue();
		letTimePass(SHORT_LIFETIME.plusMillis(100));
		assertThat(concurrentUses(key)).isEqualTo(1);
		assertThat(store().markUsed(key, expiresIn(LIFETIME))).isFalse();
	}

	/**
	 * Use one key from many threads at once, on both instances if the store is shared.
	 * @param key the key
	 * @return how many uses were accepted
	 * @throws Exception if a thread failed
	 */
	private int concurrentUses(String key) throws Exception {
		int threads = 16;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			DPoPProofReplayStore second = secondInstance();
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Boolean>> results = new ArrayList<>();
			Instant expiresAt = expiresIn(LIFETIME);
			for (int i = 0; i < threads; i++) {
				DPoPProofReplayStore store = (i % 2 == 0 || second == null) ? store() : second;
				results.add(pool.submit(() -> {
					start.await();
					return store.markUsed(key, expiresAt);
				}));
			}
			start.countDown();
			int accepted = 0;
			for (Future<Boolean> result : results) {
				if (result.get(60, TimeUnit.SECONDS)) {
					accepted++;
				}
			}
			return accepted;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
