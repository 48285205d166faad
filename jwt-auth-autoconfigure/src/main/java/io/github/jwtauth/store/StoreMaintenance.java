package io.github.jwtauth.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps this instance's {@link RevocationRegistry} in sync with a shared
 * {@link RevocationStore} — a full load at start-up, then the store's pushes plus a poll
 * of its changes every {@code pollInterval} — and purges expired entries from the
 * registry and the stores. While the store cannot be reached the registry ages; past
 * {@code maxStaleness} it refuses every token until a synchronisation succeeds.
 */
public class StoreMaintenance implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(StoreMaintenance.class);

	private final RevocationRegistry registry;

	private final RevocationStore revocations;

	private final RefreshTokenStore refreshTokens;

	private final Clock clock;

	private final Settings settings;

	private volatile ScheduledExecutorService executor;

	private volatile AutoCloseable subscription;

	private volatile boolean loaded;

	private volatile long position;

	private volatile boolean failing;

	/**
	 * Create the maintenance job.
	 * @param registry the local registry
	 * @param revocations the revocation store
	 * @param refreshTokens the refresh token store
	 * @param clock the clock
	 * @param settings the intervals
	 */
	public StoreMaintenance(RevocationRegistry registry, RevocationStore revocations, RefreshTokenStore refreshTokens,
			Clock clock, Settings settings) {
		this.registry = registry;
		this.revocations = revocations;
		this.refreshTokens = refreshTokens;
		this.clock = clock;
		this.settings = settings;
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "jwt-auth-store-maintenance");
			thread.setDaemon(true);
			return thread;
		});
		if (this.revocations.isShared()) {
			// a successful sync is due every poll interval: allow two before counting staleness
			this.registry.requireSyncWithin(
					this.settings.maxStaleness().plus(this.settings.pollInterval().multipliedBy(2)));
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
			this.refreshTokens.purgeExpired(now);
		}
		catch (RuntimeException ex) {
			logger.debug("Purging expired tokens failed: " + ex.getMessage());
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
	 * Intervals of the maintenance job.
	 *
	 * @param pollInterval how often a shared store is polled for revocations
	 * @param maxStaleness how long the local copy may go unsynchronised before tokens are
	 * refused
	 * @param purgeInterval how often expired entries are purged
	 */
	public record Settings(Duration pollInterval, Duration maxStaleness, Duration purgeInterval) {
	}

}
