package io.github.jwtauth.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staleness of the local replica follows the shared store's reachability.
 */
class StoreMaintenanceTests {

	@Test
	void zeroMaxStalenessRefusesOnlyWhileTheStoreIsUnreachable() throws Exception {
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
		MutableClock clock = MutableClock.now();
		RevocationRegistry registry = new RevocationRegistry(clock);
		StoreMaintenance maintenance = new StoreMaintenance(registry, store, new InMemoryRefreshTokenStore(10), clock,
				new StoreMaintenance.Settings(Duration.ofMillis(200), Duration.ZERO, Duration.ofMinutes(1)));
		maintenance.start();
		try {
			for (int i = 0; i < 10; i++) {
				assertThat(registry.isStale()).isFalse();
				Thread.sleep(10);
			}
			down.set(true);
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (!registry.isStale() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(registry.isStale()).isTrue();
			down.set(false);
			deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (registry.isStale() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(registry.isStale()).isFalse();
		}
		finally {
			maintenance.stop();
		}
	}

}
