package io.github.jwtauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * This instance's replica of the live revocations, checked by the decoder on every
 * request without any I/O: revoked token IDs, revoked sessions and per-subject cut-offs.
 * An entry is dropped once every token it covers has expired.
 */
public final class RevocationRegistry {

	private final Map<String, RevocationEntry> tokens = new ConcurrentHashMap<>();

	private final Map<String, RevocationEntry> sessions = new ConcurrentHashMap<>();

	private final Map<String, RevocationEntry> subjects = new ConcurrentHashMap<>();

	private final Clock clock;

	private volatile @Nullable Duration maxStaleness;

	private volatile @Nullable Instant lastSync;

	private volatile long lastSyncNanos;

	/**
	 * Create a registry.
	 * @param clock the clock
	 */
	public RevocationRegistry(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Apply a revocation; for subjects the latest cut-off wins.
	 * @param entry the revocation
	 */
	public void apply(RevocationEntry entry) {
		switch (entry.kind()) {
			case TOKEN -> this.tokens.merge(entry.value(), entry, RevocationRegistry::later);
			case SESSION -> this.sessions.merge(entry.value(), entry, RevocationRegistry::later);
			case SUBJECT -> this.subjects.merge(entry.value(), entry, RevocationRegistry::later);
		}
	}

	private static RevocationEntry later(RevocationEntry a, RevocationEntry b) {
		Instant cutoff = a.cutoff().isAfter(b.cutoff()) ? a.cutoff() : b.cutoff();
		Instant expiresAt = a.expiresAt().isAfter(b.expiresAt()) ? a.expiresAt() : b.expiresAt();
		return new RevocationEntry(a.kind(), a.value(), cutoff, expiresAt);
	}

	/**
	 * Whether a token is revoked by its {@code jti}, its {@code sid}, or its subject's
	 * cut-off.
	 * @param jwt the token
	 * @return {@code true} if revoked
	 */
	public boolean isRevoked(Jwt jwt) {
		// read the claims map directly: this runs on every request, and ClaimAccessor's
		// conversions cost more than the look-ups themselves
		Map<String, Object> claims = jwt.getClaims();
		if (!this.tokens.isEmpty() && hit(this.tokens, string(claims.get("jti")))) {
			return true;
		}
		if (!this.sessions.isEmpty() && hit(this.sessions, string(claims.get("sid")))) {
			return true;
		}
		if (!this.subjects.isEmpty()) {
			RevocationEntry entry = lookup(this.subjects, string(claims.get("sub")));
			Instant issuedAt = jwt.getIssuedAt();
			return entry != null && (issuedAt == null || !issuedAt.isAfter(entry.cutoff()));
		}
		return false;
	}

	private static @Nullable String string(@Nullable Object value) {
		return (value instanceof String string) ? string : (value != null) ? value.toString() : null;
	}

	private boolean hit(Map<String, RevocationEntry> map, @Nullable String key) {
		return lookup(map, key) != null;
	}

	private @Nullable RevocationEntry lookup(Map<String, RevocationEntry> map, @Nullable String key) {
		if (key == null) {
			return null;
		}
		RevocationEntry entry = map.get(key);
		if (entry != null && !this.clock.instant().isBefore(entry.expiresAt())) {
			return null;
		}
		return entry;
	}

	/**
	 * Require the replica to be synchronised with a shared store at least every
	 * {@code maxStaleness}; past it {@link #isStale()} answers {@code true} and tokens
	 * are refused until the next successful synchronisation.
	 * @param maxStaleness the longest tolerated time without synchronisation
	 */
	public void requireSyncWithin(Duration maxStaleness) {
		this.maxStaleness = maxStaleness;
	}

	/**
	 * Record a successful synchronisation with the shared store.
	 * @param at when it happened
	 */
	public void markSynced(Instant at) {
		this.lastSyncNanos = System.nanoTime();
		this.lastSync = at;
	}

	/**
	 * When the replica was last synchronised.
	 * @return the time, or {@code null} if never
	 */
	public @Nullable Instant getLastSync() {
		return this.lastSync;
	}

	/**
	 * Whether the replica may be missing revocations because the shared store has not
	 * been reached for longer than allowed.
	 * @return {@code true} if stale
	 */
	public boolean isStale() {
		Duration max = this.maxStaleness;
		if (max == null) {
			return false;
		}
		// elapsed time on the monotonic clock: immune to clock changes (and to test
		// clocks)
		return this.lastSync == null || System.nanoTime() - this.lastSyncNanos > max.toNanos();
	}

	/**
	 * Drop expired entries.
	 */
	public void purgeExpired() {
		Instant now = this.clock.instant();
		this.tokens.values().removeIf((e) -> !now.isBefore(e.expiresAt()));
		this.sessions.values().removeIf((e) -> !now.isBefore(e.expiresAt()));
		this.subjects.values().removeIf((e) -> !now.isBefore(e.expiresAt()));
	}

	/**
	 * The number of entries held.
	 * @return the size
	 */
	public int size() {
		return this.tokens.size() + this.sessions.size() + this.subjects.size();
	}

}
