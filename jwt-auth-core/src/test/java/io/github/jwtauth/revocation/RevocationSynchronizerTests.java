package io.github.jwtauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/**
 * Staleness of the local replica follows the shared store's reachability.
 */
class RevocationSynchronizerTests {

	@Test
	void zeroMaxStalenessRefusesOnlyWhileTheStoreIsUnreachable() {
		AtomicBoolean down = new AtomicBoolean();
		RevocationStore store = new RevocationStore() {

			@Override
			public void add(RevocationEntry entry) {
			}

			@Override
			public List<RevocationEntry> findActive(Instant now) {
				return changesSince(0);
			}

			@Override
			public boolean isShared() {
				return true;
			}

			@Override
			public List<RevocationEntry> changesSince(long position) {
				if (down.get()) {
					throw new IllegalStateException("store down");
				}
				return List.of();
			}

		};
		Clock clock = Clock.systemUTC();
		RevocationRegistry registry = new RevocationRegistry(clock);
		RevocationSynchronizer synchronizer = new RevocationSynchronizer(registry, store, clock,
				new RevocationSynchronizer.Settings(Duration.ofMillis(200), Duration.ZERO, Duration.ofMinutes(1)));
		synchronizer.start();
		try {
			await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !registry.isStale());
			down.set(true);
			await().atMost(Duration.ofSeconds(5)).until(registry::isStale);
			down.set(false);
			await().atMost(Duration.ofSeconds(5)).until(() -> !registry.isStale());
		}
		finally {
			synchronizer.stop();
		}
	}

}
