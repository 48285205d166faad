package io.github.jwtauth.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Loads the local revocation registry from the store at start-up, keeps it current from
 * the store's announcements, and purges expired entries from the registry and the stores
 * on a schedule.
 */
public class StoreMaintenance implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(StoreMaintenance.class);

	private final RevocationRegistry registry;

	private final RevocationStore revocations;

	private final RefreshTokenStore refreshTokens;

	private final Clock clock;

	private final Duration purgeInterval;

	private volatile ScheduledExecutorService executor;

	private volatile AutoCloseable subscription;

	/**
	 * Create the maintenance job.
	 * @param registry the local registry
	 * @param revocations the revocation store
	 * @param refreshTokens the refresh token store
	 * @param clock the clock
	 * @param purgeInterval how often to purge
	 */
	public StoreMaintenance(RevocationRegistry registry, RevocationStore revocations, RefreshTokenStore refreshTokens,
			Clock clock, Duration purgeInterval) {
		this.registry = registry;
		this.revocations = revocations;
		this.refreshTokens = refreshTokens;
		this.clock = clock;
		this.purgeInterval = purgeInterval;
	}

	@Override
	public void start() {
		this.subscription = this.revocations.subscribe(this.registry::apply);
		this.revocations.findActive(this.clock.instant()).forEach(this.registry::apply);
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "jwt-auth-store-maintenance");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, this.purgeInterval.toMillis());
		this.executor.scheduleWithFixedDelay(this::purge, period, period, TimeUnit.MILLISECONDS);
	}

	/**
	 * Purge expired entries now.
	 */
	public void purge() {
		Instant now = this.clock.instant();
		try {
			this.registry.purgeExpired();
			this.revocations.purgeExpired(now);
			this.refreshTokens.purgeExpired(now);
		}
		catch (RuntimeException ex) {
			logger.warn("Purging expired tokens failed: " + ex.getMessage());
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService current = this.executor;
		if (current != null) {
			current.shutdownNow();
			this.executor = null;
		}
		AutoCloseable current2 = this.subscription;
		if (current2 != null) {
			try {
				current2.close();
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

}
