package io.github.jwtauth.dpop;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.util.Assert;

/**
 * The proofs seen by this process, for a single instance (several instances need a shared
 * store: JDBC or Redis). A proof is one {@code putIfAbsent}; expired keys are dropped by
 * whichever call finds the map grown or ten seconds passed since the last sweep, one
 * thread at a time, so the cost per proof stays O(1) amortised. The number of keys is
 * bounded: when the live keys fill it, proofs are refused as unavailable rather than a
 * key forgotten before it expired, which would let its proof be replayed.
 */
public final class InMemoryDPoPProofReplayStore implements DPoPProofReplayStore {

	private static final long SWEEP_INTERVAL_MILLIS = 10_000;

	private static final long FULL_SWEEP_INTERVAL_MILLIS = 1_000;

	private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();

	private final int maxEntries;

	private final Clock clock;

	private final AtomicBoolean sweeping = new AtomicBoolean();

	private volatile long nextSweep;

	private volatile int sweepAtSize;

	/**
	 * A store of at most 1,000,000 live proofs.
	 */
	public InMemoryDPoPProofReplayStore() {
		this(1_000_000, Clock.systemUTC());
	}

	/**
	 * A store.
	 * @param maxEntries the most live proofs remembered
	 * @param clock the clock that decides expiry
	 */
	public InMemoryDPoPProofReplayStore(int maxEntries, Clock clock) {
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		Assert.notNull(clock, "clock must not be null");
		this.maxEntries = maxEntries;
		this.clock = clock;
		this.sweepAtSize = Math.min(maxEntries, 1024);
	}

	@Override
	public boolean markUsed(String proofKey, Instant expiresAt) {
		long now = this.clock.millis();
		int size = this.seen.size();
		if (now >= this.nextSweep || (size >= this.sweepAtSize && size < this.maxEntries)) {
			sweep(now);
		}
		if (this.seen.size() >= this.maxEntries) {
			// full of live proofs: refuse until the next sweep (at most one a second),
			// rather than sweep the whole map on every call
			throw new IllegalStateException("The DPoP replay cache is full (" + this.maxEntries + " live proofs)");
		}
		Long expiry = expiresAt.toEpochMilli();
		Long previous = this.seen.putIfAbsent(proofKey, expiry);
		if (previous == null) {
			return true;
		}
		if (previous > now) {
			return false;
		}
		// an expired key not swept yet: the first to replace it wins
		return this.seen.replace(proofKey, previous, expiry);
	}

	/**
	 * The number of proofs remembered, live or expired but not yet swept.
	 * @return the size
	 */
	public int size() {
		return this.seen.size();
	}

	private void sweep(long now) {
		if (this.sweeping.compareAndSet(false, true)) {
			try {
				this.seen.values().removeIf((expiry) -> expiry <= now);
				int live = this.seen.size();
				this.nextSweep = now + ((live >= this.maxEntries) ? FULL_SWEEP_INTERVAL_MILLIS : SWEEP_INTERVAL_MILLIS);
				// sweep again when the live keys have doubled, so the cost stays
				// amortised
				this.sweepAtSize = (int) Math.min(this.maxEntries, Math.max(1024L, 2L * live));
			}
			finally {
				this.sweeping.set(false);
			}
		}
	}

}
