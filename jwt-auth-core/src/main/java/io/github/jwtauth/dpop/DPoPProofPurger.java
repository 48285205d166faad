package io.github.jwtauth.dpop;

import java.time.Clock;
import java.time.Duration;

import io.github.jwtauth.support.PeriodicTask;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Removes expired proof keys from a {@link DPoPProofReplayStore} that does not expire
 * them by itself (a database table) every {@code interval}, on a daemon thread of its
 * own.
 */
public final class DPoPProofPurger extends PeriodicTask {

	private static final Log logger = LogFactory.getLog(DPoPProofPurger.class);

	private final DPoPProofReplayStore store;

	private final Clock clock;

	/**
	 * Create a purger.
	 * @param store the store to purge
	 * @param clock the clock that decides expiry
	 * @param interval how often to purge
	 */
	public DPoPProofPurger(DPoPProofReplayStore store, Clock clock, Duration interval) {
		super("jwt-auth-dpop-proof-purge", interval);
		this.store = store;
		this.clock = clock;
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
			logger.debug("Purging expired DPoP proofs failed: " + ex.getClass().getSimpleName());
			return false;
		}
	}

	@Override
	protected void runOnce() {
		purge();
	}

}
