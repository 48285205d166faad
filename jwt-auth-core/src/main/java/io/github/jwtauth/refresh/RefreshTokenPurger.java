package io.github.jwtauth.refresh;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Removes expired refresh tokens and families from a {@link RefreshTokenStore} every
 * {@code interval}, on a daemon thread of its own.
 */
public final class RefreshTokenPurger implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RefreshTokenPurger.class);

	private final RefreshTokenStore store;

	private final Clock clock;

	private final Duration interval;

	private volatile @Nullable ScheduledExecutorService executor;

	/**
	 * Create a purger.
	 * @param store the store to purge
	 * @param clock the clock that decides expiry
	 * @param interval how often to purge
	 */
	public RefreshTokenPurger(RefreshTokenStore store, Clock clock, Duration interval) {
		this.store = store;
		this.clock = clock;
		this.interval = interval;
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "jwt-auth-refresh-purge");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(10, this.interval.toMillis());
		executor.scheduleWithFixedDelay(this::purge, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	/**
	 * Purge expired entries now.
	 * @return the number of tokens removed, 0 if the store could not be reached
	 */
	public int purge() {
		try {
			return this.store.purgeExpired(this.clock.instant());
		}
		catch (RuntimeException ex) {
			logger.debug("Purging expired refresh tokens failed: " + ex.getMessage());
			return 0;
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService current = this.executor;
		if (current != null) {
			current.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
