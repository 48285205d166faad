package io.github.jwtauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.context.SmartLifecycle;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Staleness of the local replica follows the shared store's reachability, and a shared
 * store's replica is stale until its first load.
 */
class RevocationSynchronizerTests {

	private static final RevocationSynchronizer.Settings SETTINGS = new RevocationSynchronizer.Settings(
			Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ZERO);

	private static final Jwt TOKEN = Jwt.withTokenValue("t")
		.header("alg", "HS256")
		.subject("alice")
		.jti("jti-1")
		.issuedAt(Instant.now())
		.expiresAt(Instant.now().plusSeconds(600))
		.build();

	@Test
	void aSharedStoresRegistryIsStaleFromTheSynchronizersCreationUntilTheFirstLoad() {
		SwitchableStore store = new SwitchableStore();
		RevocationRegistry registry = new RevocationRegistry(Clock.systemUTC());
		RevocationValidator validator = new RevocationValidator(registry);
		assertThat(registry.isStale()).isFalse();
		RevocationSynchronizer synchronizer = new RevocationSynchronizer(registry, store, Clock.systemUTC(), SETTINGS);
		// created, not started: whatever starts first, tokens are refused
		assertThat(registry.isStale()).isTrue();
		assertThat(validator.validate(TOKEN).getErrors()).singleElement()
			.satisfies((error) -> assertThat(error.getErrorCode()).isEqualTo("temporarily_unavailable"));
		assertThat(synchronizer.sync()).isTrue();
		assertThat(registry.isStale()).isFalse();
		assertThat(validator.validate(TOKEN).hasErrors()).isFalse();
	}

	@Test
	void aStoreDownAtStartUpDoesNotFailTheStartAndTokensAreRefusedUntilItIsBack() {
		SwitchableStore store = new SwitchableStore();
		store.down.set(true);
		RevocationRegistry registry = new RevocationRegistry(Clock.systemUTC());
		// start() waits for the first attempt (which fails at once) up to 10 s
		RevocationSynchronizer synchronizer = new RevocationSynchronizer(registry, store, Clock.systemUTC(),
				new RevocationSynchronizer.Settings(Duration.ofMillis(50), Duration.ofSeconds(30),
						Duration.ofMinutes(1), Duration.ofSeconds(10)));
		synchronizer.start();
		try {
			assertThat(registry.isStale()).isTrue();
			assertThat(store.fullLoads.get()).isPositive();
			store.down.set(false);
			await().atMost(Duration.ofSeconds(10)).until(() -> !registry.isStale());
		}
		finally {
			synchronizer.stop();
		}
	}

	@Test
	void aFirstLoadThatHangsLeavesTokensRefusedUntilItCompletes() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		SwitchableStore store = new SwitchableStore() {

			@Override
			public List<RevocationEntry> findActive(Instant now) {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return super.findActive(now);
			}

		};
		RevocationRegistry registry = new RevocationRegistry(Clock.systemUTC());
		RevocationSynchronizer synchronizer = new RevocationSynchronizer(registry, store, Clock.systemUTC(), SETTINGS);
		// start() waits initialSyncTimeout (0 here) at most, then the application goes on
		synchronizer.start();
		try {
			assertThat(registry.isStale()).isTrue();
			assertThat(new RevocationValidator(registry).validate(TOKEN).hasErrors()).isTrue();
			release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> !registry.isStale());
		}
		finally {
			synchronizer.stop();
		}
	}

	@Test
	void startsBeforeAWebServer() {
		// Spring Boot starts its web server in WebServerApplicationContext's
		// START_STOP_LIFECYCLE_PHASE = DEFAULT_PHASE - 2048 (checked against Boot itself
		// in
		// the auto-configuration tests); a lower phase starts earlier and stops later
		assertThat(new RevocationSynchronizer(new RevocationRegistry(Clock.systemUTC()), new SwitchableStore(),
				Clock.systemUTC(), SETTINGS)
			.getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
	}

	@Test
	void aStoreThatIsNotSharedNeedsNoSync() {
		RevocationRegistry registry = new RevocationRegistry(Clock.systemUTC());
		new RevocationSynchronizer(registry, new InMemoryRevocationStore(), Clock.systemUTC(), SETTINGS);
		assertThat(registry.isStale()).isFalse();
	}

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

	/**
	 * A shared store that can be switched off.
	 */
	static class SwitchableStore implements RevocationStore {

		final AtomicBoolean down = new AtomicBoolean();

		final AtomicInteger fullLoads = new AtomicInteger();

		@Override
		public void add(RevocationEntry entry) {
		}

		@Override
		public List<RevocationEntry> findActive(Instant now) {
			this.fullLoads.incrementAndGet();
			return changesSince(0);
		}

		@Override
		public boolean isShared() {
			return true;
		}

		@Override
		public List<RevocationEntry> changesSince(long position) {
			if (this.down.get()) {
				throw new IllegalStateException("store down");
			}
			return List.of();
		}

	}

}
