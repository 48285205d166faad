package io.github.jwtauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Replicates the revocations of a shared {@link RevocationStore} into this instance's
 * {@link RevocationRegistry} and enforces the fail-closed staleness rule: a full load at
 * start-up, then the store's pushes plus a poll of its changes every
 * {@code pollInterval}. Until the first load succeeds, and whenever the replica is older
 * than {@code maxStaleness} (plus two poll intervals) because the store cannot be
 * reached, the registry refuses every token, until a synchronisation succeeds. It also
 * purges expired revocations from the registry and the store.
 * <p>
 * The registry of a shared store counts as stale from the moment this synchronizer is
 * created, whatever the order in which lifecycles start. The synchronizer starts in phase
 * {@value #PHASE}, before a web server (Spring Boot starts its web server in phase
 * {@code SmartLifecycle.DEFAULT_PHASE - 2048}): it attempts the first load and waits for
 * it up to {@code initialSyncTimeout}. If the store cannot be reached then, the
 * application starts anyway, tokens are refused until a later poll succeeds, and
 * everything recovers by itself.
 */
public final class RevocationSynchronizer implements SmartLifecycle {

	/**
	 * The lifecycle phase: before the web server's, so that the first synchronisation is
	 * attempted before connections are accepted, and stopped after it.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(RevocationSynchronizer.class);

	private final RevocationRegistry registry;

	private final RevocationStore revocations;

	private final Clock clock;

	private final Settings settings;

	private volatile @Nullable ScheduledExecutorService executor;

	private volatile @Nullable AutoCloseable subscription;

	private volatile boolean loaded;

	private volatile long position;

	private volatile boolean failing;

	/**
	 * Create a synchronizer.
	 * @param registry the local registry
	 * @param revocations the revocation store
	 * @param clock the clock
	 * @param settings the intervals
	 */
	public RevocationSynchronizer(RevocationRegistry registry, RevocationStore revocations, Clock clock,
			Settings settings) {
		this.registry = registry;
		this.revocations = revocations;
		this.clock = clock;
		this.settings = settings;
		if (revocations.isShared()) {
			// a successful sync is due every poll interval: allow two before counting
			// staleness; and none yet, so the registry is stale until the first one
			registry.requireSyncWithin(settings.maxStaleness().plus(settings.pollInterval().multipliedBy(2)));
		}
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "jwt-auth-revocation-sync");
			thread.setDaemon(true);
			return thread;
		});
		if (this.revocations.isShared()) {
			subscribe();
			// the first load runs on the synchronizer's thread: a store that hangs
			// delays the start-up by initialSyncTimeout at most
			awaitFirstSync(this.executor.submit(this::sync));
			long poll = Math.max(10, this.settings.pollInterval().toMillis());
			this.executor.scheduleWithFixedDelay(this::sync, poll, poll, TimeUnit.MILLISECONDS);
		}
		long purge = Math.max(10, this.settings.purgeInterval().toMillis());
		this.executor.scheduleWithFixedDelay(this::purge, purge, purge, TimeUnit.MILLISECONDS);
	}

	private void awaitFirstSync(Future<Boolean> firstSync) {
		try {
			if (!firstSync.get(this.settings.initialSyncTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Revocations could not be loaded at start-up; bearer tokens are refused until they are");
			}
		}
		catch (TimeoutException ex) {
			logger.warn("Revocations not loaded within " + this.settings.initialSyncTimeout()
					+ "; bearer tokens are refused until they are");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			logger.warn("Loading revocations failed: " + ex.getCause());
		}
	}

	private void subscribe() {
		try {
			this.subscription = this.revocations.subscribe(this.registry::apply);
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot subscribe to revocations; relying on polling: " + ex.getMessage());
		}
	}

	/**
	 * Bring the registry up to date with the store now.
	 * @return {@code true} on success
	 */
	public boolean sync() {
		Instant now = this.clock.instant();
		try {
			long next = this.revocations.position();
			if (!this.loaded) {
				this.revocations.findActive(now).forEach(this.registry::apply);
				this.loaded = true;
			}
			else {
				for (RevocationEntry entry : this.revocations.changesSince(this.position)) {
					this.registry.apply(entry);
				}
			}
			this.position = next;
			// fresh as of the information received, not as of this call
			Duration lag = this.revocations.lag();
			if (lag.isNegative()) {
				lag = Duration.ZERO;
			}
			this.registry.markSynced(now.minus(lag), lag);
			if (this.failing) {
				logger.info("Revocation store reachable again; revocations are in sync");
				this.failing = false;
			}
			return true;
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn(
						"Cannot reach the revocation store (" + ex.getClass().getSimpleName() + "); tokens are refused "
								+ ((this.loaded) ? "once the local copy is older than " + this.settings.maxStaleness()
										: "until the revocations are loaded"));
				this.failing = true;
			}
			return false;
		}
	}

	/**
	 * Purge expired entries now.
	 */
	public void purge() {
		Instant now = this.clock.instant();
		this.registry.purgeExpired();
		try {
			this.revocations.purgeExpired(now);
		}
		catch (RuntimeException ex) {
			logger.debug("Purging expired revocations failed: " + ex.getMessage());
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService current = this.executor;
		if (current != null) {
			current.shutdownNow();
			this.executor = null;
		}
		AutoCloseable handle = this.subscription;
		if (handle != null) {
			try {
				handle.close();
			}
			catch (Exception ex) {
				logger.debug("Closing the revocation subscription failed", ex);
			}
			this.subscription = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Intervals of the synchronizer.
	 *
	 * @param pollInterval how often a shared store is polled for revocations
	 * @param maxStaleness how long the local copy may go unsynchronised before tokens are
	 * refused
	 * @param purgeInterval how often expired entries are purged
	 * @param initialSyncTimeout how long {@link #start()} waits for the first load of a
	 * shared store (tokens are refused until it succeeds, whether or not it is waited
	 * for)
	 */
	public record Settings(Duration pollInterval, Duration maxStaleness, Duration purgeInterval,
			Duration initialSyncTimeout) {

		/**
		 * Intervals with the default initial-sync timeout of 10 seconds.
		 * @param pollInterval how often a shared store is polled for revocations
		 * @param maxStaleness how long the local copy may go unsynchronised before tokens
		 * are refused
		 * @param purgeInterval how often expired entries are purged
		 */
		public Settings(Duration pollInterval, Duration maxStaleness, Duration purgeInterval) {
			this(pollInterval, maxStaleness, purgeInterval, Duration.ofSeconds(10));
		}

	}

}
