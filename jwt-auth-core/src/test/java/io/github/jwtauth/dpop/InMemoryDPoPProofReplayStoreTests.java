package io.github.jwtauth.dpop;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.SettableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link InMemoryDPoPProofReplayStore}: one winner per key under contention, expired keys
 * reused, and a full store refuses rather than forgets a live key.
 */
class InMemoryDPoPProofReplayStoreTests {

	private final SettableClock clock = new SettableClock();

	@Test
	void aKeyIsAcceptedOnce() {
		InMemoryDPoPProofReplayStore store = new InMemoryDPoPProofReplayStore(100, this.clock);
		Instant expiresAt = this.clock.instant().plusSeconds(60);
		assertThat(store.markUsed("a", expiresAt)).isTrue();
		assertThat(store.markUsed("a", expiresAt)).isFalse();
		assertThat(store.markUsed("b", expiresAt)).isTrue();
		assertThat(store.size()).isEqualTo(2);
	}

	@Test
	void ofManyThreadsMarkingOneKeyExactlyOneWins() throws Exception {
		InMemoryDPoPProofReplayStore store = new InMemoryDPoPProofReplayStore(10_000, this.clock);
		int threads = 16;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 50; round++) {
				String key = "key-" + round;
				Instant expiresAt = this.clock.instant().plusSeconds(60);
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Boolean>> results = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					results.add(executor.submit(() -> {
						start.await();
						return store.markUsed(key, expiresAt);
					}));
				}
				start.countDown();
				int winners = 0;
				for (Future<Boolean> result : results) {
					winners += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
				}
				assertThat(winners).as("winners of round %d", round).isEqualTo(1);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void ofManyThreadsReusingOneExpiredKeyExactlyOneWins() throws Exception {
		// the key is expired but not swept: the replace path decides
		InMemoryDPoPProofReplayStore store = new InMemoryDPoPProofReplayStore(10_000, this.clock);
		int threads = 16;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 20; round++) {
				String key = "key-" + round;
				// keep the periodic sweep away: it would remove the key first
				store.markUsed("warm-up-" + round, this.clock.instant().plusSeconds(1));
				assertThat(store.markUsed(key, this.clock.instant().plusMillis(500))).isTrue();
				this.clock.advance(Duration.ofSeconds(1));
				Instant expiresAt = this.clock.instant().plusSeconds(60);
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Boolean>> results = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					results.add(executor.submit(() -> {
						start.await();
						return store.markUsed(key, expiresAt);
					}));
				}
				start.countDown();
				int winners = 0;
				for (Future<Boolean> result : results) {
					winners += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
				}
				assertThat(winners).as("winners of round %d", round).isEqualTo(1);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void anExpiredKeyMayBeUsedAgain() {
		InMemoryDPoPProofReplayStore store = new InMemoryDPoPProofReplayStore(100, this.clock);
		Instant expiresAt = this.clock.instant().plusSeconds(66);
		assertThat(store.markUsed("a", expiresAt)).isTrue();
		this.clock.advance(Duration.ofSeconds(65));
		assertThat(store.markUsed("a", expiresAt)).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(store.markUsed("a", this.clock.instant().plusSeconds(66))).isTrue();
		assertThat(store.markUsed("a", this.clock.instant().plusSeconds(66))).isFalse();
	}

	@Test
	void expiredKeysAreSweptAway() {
		InMemoryDPoPProofReplayStore store = new InMemoryDPoPProofReplayStore(100_000, this.clock);
		for (int i = 0; i < 2000; i++) {
			store.markUsed("old-" + i, this.clock.instant().plusSeconds(1));
		}
		this.clock.advance(Duration.ofSeconds(11));
		store.markUsed("new", this.clock.instant().plusSeconds(60));
		assertThat(store.size()).isEqualTo(1);
	}

	@Test
	void aFullStoreRefusesRatherThanForgetsALiveKey() {
		InMemoryDPoPProofReplayStore store = new InMemoryDPoPProofReplayStore(3, this.clock);
		Instant expiresAt = this.clock.instant().plusSeconds(60);
		assertThat(store.markUsed("a", expiresAt)).isTrue();
		assertThat(store.markUsed("b", expiresAt)).isTrue();
		assertThat(store.markUsed("c", expiresAt)).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> store.markUsed("d", expiresAt))
			.withMessageContaining("full");
		// a replay of a remembered key is never accepted either
		assertThatIllegalStateException().isThrownBy(() -> store.markUsed("a", expiresAt));
		assertThat(store.size()).isEqualTo(3);
		// once the keys expire there is room again
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(store.markUsed("d", this.clock.instant().plusSeconds(60))).isTrue();
		assertThat(store.size()).isEqualTo(1);
	}

	@Test
	void aFullStoreMakesTheVerifierAnswerUnavailable() {
		InMemoryDPoPProofReplayStore store = new InMemoryDPoPProofReplayStore(1, this.clock);
		DPoPProofVerifier verifier = DPoPProofVerifier.withReplayStore(store).clock(this.clock).build();
		ProofFixtures.ClientKey key = DPoPProofVerifierTests.ES256;
		verifier.verify(ProofFixtures.proof(key, this.clock.instant()), ProofFixtures.METHOD, ProofFixtures.URI);
		assertThatExceptionOfType(DPoPUnavailableException.class).isThrownBy(() -> verifier
			.verify(ProofFixtures.proof(key, this.clock.instant()), ProofFixtures.METHOD, ProofFixtures.URI));
	}

	@Test
	void refusesANonPositiveBound() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryDPoPProofReplayStore(0, this.clock));
	}

}
