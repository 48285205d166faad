package io.github.jwtauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Replicates the revocations of a shared {@link RevocationStore} into this instance's
 * {@link RevocationRegistry} and enforces the fail-closed staleness rule: a full load at
 * start-up, then the store's pushes plus a poll of its changes every
 * {@code pollInterval}. While the store cannot be reached the replica ages; once it is
 * older than {@code maxStaleness} (plus two poll intervals) the registry refuses every
 * token until a synchronisation succeeds. It also purges expired revocations from the
 * registry and the store.
 */
public final class RevocationSynchronizer implements SmartLifecycle {

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
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "jwt-auth-revocation-sync");
			thread.setDaemon(true);
			return thread;
		});
		if (this.revocations.isShared()) {
			// a successful sync is due every poll interval: allow two before counting
			// staleness
			this.registry
				.requireSyncWithin(this.settings.maxStaleness().plus(this.settings.pollInterval().multipliedBy(2)));
			subscribe();
			sync();
			long poll = Math.max(10, this.settings.pollInterval().toMillis());
			this.executor.scheduleWithFixedDelay(this::sync, poll, poll, TimeUnit.MILLISECONDS);
		}
		long purge = Math.max(10, this.settings.purgeInterval().toMillis());
		this.executor.scheduleWithFixedDelay(this::purge, purge, purge, TimeUnit.MILLISECONDS);
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
			this.registry.markSynced(now);
			if (this.failing) {
				logger.info("Revocation store reachable again; revocations are in sync");
				this.failing = false;
			}
			return true;
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn("Cannot reach the revocation store (" + ex.getClass().getSimpleName()
						+ "); tokens are refused once the local copy is older than " + this.settings.maxStaleness());
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
	 */
	public record Settings(Duration pollInterval, Duration maxStaleness, Duration purgeInterval) {
	}

}
