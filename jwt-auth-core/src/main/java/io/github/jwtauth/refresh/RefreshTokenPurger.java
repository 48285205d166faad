package io.github.jwtauth.refresh;

import java.time.Clock;
import java.time.Duration;

import io.github.jwtauth.support.PeriodicTask;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Removes expired refresh tokens and families from a {@link RefreshTokenStore} every
 * {@code interval}, on a daemon thread of its own.
 */
public final class RefreshTokenPurger extends PeriodicTask {

	private static final Log logger = LogFactory.getLog(RefreshTokenPurger.class);

	private final RefreshTokenStore store;

	private final Clock clock;

	/**
	 * Create a purger.
	 * @param store the store to purge
	 * @param clock the clock that decides expiry
	 * @param interval how often to purge
	 */
	public RefreshTokenPurger(RefreshTokenStore store, Clock clock, Duration interval) {
		super("jwt-auth-refresh-purge", interval);
		this.store = store;
		this.clock = clock;
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
	protected void runOnce() {
		purge();
	}

}
