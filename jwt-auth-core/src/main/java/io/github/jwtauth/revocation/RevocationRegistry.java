package io.github.jwtauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

/**
 * This instance's replica of the live revocations, checked by the decoder on every
 * request without any I/O: revoked token IDs, revoked sessions and per-subject cut-offs.
 * An entry is dropped once every token it covers has expired.
 * <p>
 * A subject cut-off is compared with {@code iat} at one-second resolution ({@code iat}
 * has no finer one), widened by the clock skew in the safe direction, since {@code iat}
 * was set by the clock of whichever instance issued the token:
 * <ul>
 * <li>a token without {@code sid} (or any token, unless the registry is told that
 * {@code sid}s are this issuer's own sessions) is revoked if it was issued in or before
 * the second of {@code cutoff + clockSkew}: it is refused even if issued a little after
 * the revocation, never accepted if issued before it;</li>
 * <li>a token with one of this issuer's own {@code sid}s is revoked if it was issued
 * before the second of {@code cutoff - clockSkew}: its session is revoked by its ID
 * anyway (which needs no clock), so the cut-off only catches sessions the store no longer
 * knew, and a token of a new session issued after the revocation, even by an instance
 * whose clock runs behind, is accepted.</li>
 * </ul>
 * <p>
 * A registry that must be synchronised with a shared store ({@link #requireSyncWithin})
 * counts as stale until the first successful synchronisation.
 * <p>
 * {@link #apply} reports whether an entry changed the registry (a new key, or a later
 * cut-off or expiry), and tells every {@link Listener} about such changes only: entries
 * applied again (poll overlaps, pushes that arrive twice) are not reported again. A
 * registry built with {@code hashedSubjectsOf(issuer)} keys subject cut-offs by
 * {@link SubjectHash} (as the revocation feed publishes them) and hashes a token's
 * {@code sub} before looking it up.
 */
public final class RevocationRegistry {

	private final Map<String, RevocationEntry> tokens = new ConcurrentHashMap<>();

	private final Map<String, RevocationEntry> sessions = new ConcurrentHashMap<>();

	private final Map<String, SubjectCutoff> subjects = new ConcurrentHashMap<>();

	private final Clock clock;

	private final long skewSeconds;

	private final boolean ownSessionIds;

	private final @Nullable String subjectHashIssuer;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable Duration maxStaleness;

	private volatile @Nullable Instant lastSync;

	private volatile long lastSyncNanos;

	/**
	 * Create a registry without clock skew, that applies subject cut-offs to every token
	 * alike.
	 * @param clock the clock
	 */
	public RevocationRegistry(Clock clock) {
		this(clock, Duration.ZERO, false);
	}

	/**
	 * Create a registry.
	 * @param clock the clock
	 * @param clockSkew the clock skew the decoders allow, by which subject cut-offs are
	 * widened in the safe direction
	 * @param ownSessionIds whether every {@code sid} a token can carry is a session of
	 * this issuer that a revocation of all tokens of a subject revokes by its ID (true
	 * when this application issues the tokens; false for another issuer's tokens)
	 */
	public RevocationRegistry(Clock clock, Duration clockSkew, boolean ownSessionIds) {
		this(clock, clockSkew, ownSessionIds, null);
	}

	/**
	 * Create a registry.
	 * @param clock the clock
	 * @param clockSkew the clock skew the decoders allow, by which subject cut-offs are
	 * widened in the safe direction
	 * @param ownSessionIds whether every {@code sid} a token can carry is a session of
	 * this issuer that a revocation of all tokens of a subject revokes by its ID
	 * @param subjectHashIssuer when not {@code null}, subject entries are
	 * {@link SubjectHash hashes} of this issuer's subjects (a resource server following
	 * the issuer's revocation feed), and a token's {@code sub} is hashed before the
	 * look-up
	 */
	public RevocationRegistry(Clock clock, Duration clockSkew, boolean ownSessionIds,
			@Nullable String subjectHashIssuer) {
		Assert.notNull(clock, "clock must not be null");
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew must not be negative");
		this.clock = clock;
		// whole seconds, rounded up: the safe side for both rules
		this.skewSeconds = clockSkew.getSeconds() + ((clockSkew.getNano() > 0) ? 1 : 0);
		this.ownSessionIds = ownSessionIds;
		this.subjectHashIssuer = subjectHashIssuer;
	}

	/**
	 * Whether subject entries are {@link SubjectHash hashes} (built with a
	 * {@code subjectHashIssuer}): the mode must match the store's
	 * {@link RevocationStore#hashesSubjects()}, or subject revocations never match.
	 * @return {@code true} if subjects are hashed
	 */
	public boolean hashesSubjects() {
		return this.subjectHashIssuer != null;
	}

	/**
	 * Be told about every entry that changes this registry from now on.
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		Assert.notNull(listener, "listener must not be null");
		this.listeners.add(listener);
	}

	/**
	 * Apply a revocation; for subjects the latest cut-off wins. An entry that has already
	 * expired is ignored.
	 * @param entry the revocation
	 * @return {@code true} if the entry changed the registry (a new key, or a later
	 * cut-off or expiry than the one held), {@code false} if it was known already
	 */
	public boolean apply(RevocationEntry entry) {
		if (!this.clock.instant().isBefore(entry.expiresAt())) {
			return false;
		}
		RevocationEntry changed = switch (entry.kind()) {
			case TOKEN -> merge(this.tokens, entry);
			case SESSION -> merge(this.sessions, entry);
			case SUBJECT -> mergeSubject(entry);
		};
		if (changed == null) {
			return false;
		}
		for (Listener listener : this.listeners) {
			listener.changed(changed);
		}
		return true;
	}

	private static @Nullable RevocationEntry merge(Map<String, RevocationEntry> map, RevocationEntry entry) {
		while (true) {
			RevocationEntry current = map.get(entry.value());
			if (current == null) {
				if (map.putIfAbsent(entry.value(), entry) == null) {
					return entry;
				}
				continue;
			}
			RevocationEntry merged = current.mergedWith(entry);
			if (merged.equals(current)) {
				return null;
			}
			if (map.replace(entry.value(), current, merged)) {
				return merged;
			}
		}
	}

	private @Nullable RevocationEntry mergeSubject(RevocationEntry entry) {
		while (true) {
			SubjectCutoff current = this.subjects.get(entry.value());
			if (current == null) {
				if (this.subjects.putIfAbsent(entry.value(), subjectCutoff(entry)) == null) {
					return entry;
				}
				continue;
			}
			RevocationEntry merged = current.entry().mergedWith(entry);
			if (merged.equals(current.entry())) {
				return null;
			}
			if (this.subjects.replace(entry.value(), current, subjectCutoff(merged))) {
				return merged;
			}
		}
	}

	private SubjectCutoff subjectCutoff(RevocationEntry entry) {
		long cutoffSecond = entry.cutoff().getEpochSecond();
		return new SubjectCutoff(entry, cutoffSecond + this.skewSeconds, cutoffSecond - this.skewSeconds);
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
			String subject = string(claims.get("sub"));
			if (subject != null && this.subjectHashIssuer != null) {
				subject = SubjectHash.of(this.subjectHashIssuer, subject);
			}
			SubjectCutoff cutoff = (subject != null) ? this.subjects.get(subject) : null;
			if (cutoff == null || !this.clock.instant().isBefore(cutoff.entry().expiresAt())) {
				return false;
			}
			Instant issuedAt = jwt.getIssuedAt();
			if (issuedAt == null) {
				return true;
			}
			long issuedSecond = issuedAt.getEpochSecond();
			return (this.ownSessionIds && claims.get("sid") != null) ? issuedSecond < cutoff.lenientBefore()
					: issuedSecond <= cutoff.strictUpTo();
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
		markSynced(at, Duration.ZERO);
	}

	/**
	 * Record a successful synchronisation with information that was already some time
	 * old: the staleness is counted from the time of the information, not of the
	 * synchronisation.
	 * @param at when the information was current
	 * @param age how long ago that was (negative counts as zero)
	 */
	public void markSynced(Instant at, Duration age) {
		long ageNanos = Math.max(0, age.toNanos());
		this.lastSyncNanos = System.nanoTime() - ageNanos;
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
	 * been reached yet, or not for longer than allowed (only once
	 * {@link #requireSyncWithin} was called).
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
		this.subjects.values().removeIf((e) -> !now.isBefore(e.entry().expiresAt()));
		for (Listener listener : this.listeners) {
			listener.purged(now);
		}
	}

	/**
	 * The live entries held, for a snapshot.
	 * @return the entries that have not expired
	 */
	public List<RevocationEntry> entries() {
		Instant now = this.clock.instant();
		List<RevocationEntry> entries = new ArrayList<>(size());
		this.tokens.values().stream().filter((e) -> now.isBefore(e.expiresAt())).forEach(entries::add);
		this.sessions.values().stream().filter((e) -> now.isBefore(e.expiresAt())).forEach(entries::add);
		this.subjects.values()
			.stream()
			.map(SubjectCutoff::entry)
			.filter((e) -> now.isBefore(e.expiresAt()))
			.forEach(entries::add);
		return entries;
	}

	/**
	 * The number of entries held.
	 * @return the size
	 */
	public int size() {
		return this.tokens.size() + this.sessions.size() + this.subjects.size();
	}

	/**
	 * A subject's cut-off with its two bounds, in epoch seconds, computed once.
	 *
	 * @param entry the revocation
	 * @param strictUpTo tokens without an own {@code sid} issued in or before this second
	 * are revoked
	 * @param lenientBefore tokens with an own {@code sid} issued before this second are
	 * revoked
	 */
	private record SubjectCutoff(RevocationEntry entry, long strictUpTo, long lenientBefore) {
	}

	/**
	 * Told about the entries that change a registry, for example to publish them.
	 */
	public interface Listener {

		/**
		 * An entry changed the registry: a new key, or a later cut-off or expiry. Called
		 * on the thread that applied it; keep it short.
		 * @param entry the entry as the registry now holds it
		 */
		void changed(RevocationEntry entry);

		/**
		 * The registry dropped the entries expired at {@code now}.
		 * @param now the time of the purge
		 */
		default void purged(Instant now) {
		}

	}

}
