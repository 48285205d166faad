package io.github.jwtauth.throttle;

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
 * Removes expired keys from an {@link AttemptStore} every {@code interval}, on a daemon
 * thread of its own.
 */
public final class AttemptPurger implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(AttemptPurger.class);

	private final AttemptStore store;

	private final Clock clock;

	private final Duration interval;

	private volatile @Nullable ScheduledExecutorService executor;

	/**
	 * Create a purger.
	 * @param store the store to purge
	 * @param clock the clock that decides expiry
	 * @param interval how often to purge
	 */
	public AttemptPurger(AttemptStore store, Clock clock, Duration interval) {
		this.store = store;
		this.clock = clock;
		this.interval = interval;
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "jwt-auth-attempt-purge");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(10, this.interval.toMillis());
		executor.scheduleWithFixedDelay(this::purge, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	/**
	 * Purge expired keys now.
	 * @return {@code false} if the store could not be reached
	 */
	public boolean purge() {
		try {
			this.store.purgeExpired(this.clock.instant());
			return true;
		}
		catch (RuntimeException ex) {
			logger.debug("Purging expired failed attempts failed: " + ex.getClass().getSimpleName());
			return false;
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
