package io.github.jwtauth.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.test.TestClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's health follows the replica, which decides whether tokens are accepted: not
 * loaded yet is out of service, stale is down, and a store that cannot be reached while
 * the replica is fresh leaves the instance up (and ready), saying so in the details.
 */
class RevocationStoreHealthIndicatorTests {

	private final TestClock clock = TestClock.now();

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private boolean reachable = true;

	private final RevocationStore store = new RevocationStore() {

		@Override
		public void add(RevocationEntry entry) {
		}

		@Override
		public List<RevocationEntry> findActive(Instant now) {
			return List.of();
		}

		@Override
		public boolean isShared() {
			return true;
		}

		@Override
		public long position() {
			if (!RevocationStoreHealthIndicatorTests.this.reachable) {
				throw new IllegalStateException("store down");
			}
			return 1;
		}

	};

	private final RevocationStoreHealthIndicator indicator = new RevocationStoreHealthIndicator("redis", this.store,
			this.registry);

	@Test
	void notLoadedYetIsOutOfService() {
		this.registry.requireSyncWithin(Duration.ofHours(1));
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void aStoreBlinkWhileTheReplicaIsFreshStaysUpAndSaysSo() {
		this.registry.requireSyncWithin(Duration.ofHours(1));
		this.registry.markSynced(this.clock.instant());
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.UP);
		this.reachable = false;
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("storeReachable", false);
	}

	@Test
	void aStaleReplicaIsDown() {
		this.registry.requireSyncWithin(Duration.ZERO);
		this.registry.markSynced(this.clock.instant());
		this.reachable = false;
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
	}

}
