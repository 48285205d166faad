package io.github.jwtauth.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.jwtauth.refresh.RotationResult.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Refresh tokens in this process's memory: for a single instance. Thread-safe (one lock;
 * refresh is not on the per-request path), bounded by {@code maxEntries} tokens: past it
 * the oldest families are dropped and their users must log in again.
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

	private static final Log logger = LogFactory.getLog(InMemoryRefreshTokenStore.class);

	private final int maxEntries;

	private final Map<String, Token> tokens = new HashMap<>();

	/** Families in creation order, so the oldest is dropped first. */
	private final LinkedHashMap<String, Family> families = new LinkedHashMap<>();

	private final Map<String, Set<String>> familiesBySubject = new HashMap<>();

	/**
	 * Create a store.
	 * @param maxEntries the most tokens held
	 */
	public InMemoryRefreshTokenStore(int maxEntries) {
		this.maxEntries = maxEntries;
	}

	@Override
	public synchronized void create(RefreshTokenRecord token) {
		Family family = new Family(token.familyId(), token.subject(), token.familyExpiresAt());
		this.families.put(family.id, family);
		this.familiesBySubject.computeIfAbsent(family.subject, (s) -> new HashSet<>()).add(family.id);
		add(family, token);
		enforceBound();
	}

	@Override
	public synchronized RotationResult rotate(String presentedHash, String nextHash, Instant now, Duration idleTtl) {
		Token presented = this.tokens.get(presentedHash);
		if (presented == null) {
			return new RotationResult(Status.NOT_FOUND, null, null);
		}
		Family family = this.families.get(presented.record.familyId());
		if (family == null || family.revoked) {
			return new RotationResult(Status.REVOKED, presented.record, null);
		}
		if (presented.spent) {
			revoke(family);
			return new RotationResult(Status.REUSED, presented.record, null);
		}
		if (presented.record.isExpired(now)) {
			return new RotationResult(Status.EXPIRED, presented.record, null);
		}
		presented.spent = true;
		Instant expiresAt = now.plus(idleTtl);
		if (expiresAt.isAfter(family.expiresAt)) {
			expiresAt = family.expiresAt;
		}
		RefreshTokenRecord next = new RefreshTokenRecord(nextHash, family.id, family.subject, now, expiresAt,
				family.expiresAt);
		add(family, next);
		enforceBound();
		return new RotationResult(Status.ROTATED, presented.record, next);
	}

	@Override
	public synchronized Optional<RefreshTokenRecord> find(String tokenHash) {
		Token token = this.tokens.get(tokenHash);
		if (token == null) {
			return Optional.empty();
		}
		Family family = this.families.get(token.record.familyId());
		return (family == null || family.revoked) ? Optional.empty() : Optional.of(token.record);
	}

	@Override
	public synchronized boolean revokeSession(String familyId) {
		Family family = this.families.get(familyId);
		if (family == null || family.revoked) {
			return false;
		}
		revoke(family);
		return true;
	}

	@Override
	public synchronized List<String> revokeAllSessions(String subject) {
		List<String> revoked = new ArrayList<>();
		for (String id : this.familiesBySubject.getOrDefault(subject, Set.of())) {
			Family family = this.families.get(id);
			if (family != null && !family.revoked) {
				revoke(family);
				revoked.add(id);
			}
		}
		return revoked;
	}

	@Override
	public synchronized int purgeExpired(Instant now) {
		int removed = 0;
		Iterator<Family> iterator = this.families.values().iterator();
		while (iterator.hasNext()) {
			Family family = iterator.next();
			if (!now.isBefore(family.expiresAt) || family.latestExpiry(now)) {
				removed += drop(family);
				iterator.remove();
			}
		}
		return removed;
	}

	/**
	 * The number of tokens held, live or spent.
	 * @return the size
	 */
	public synchronized int size() {
		return this.tokens.size();
	}

	private void add(Family family, RefreshTokenRecord record) {
		this.tokens.put(record.tokenHash(), new Token(record));
		family.tokenHashes.add(record.tokenHash());
		if (family.lastExpiresAt == null || record.expiresAt().isAfter(family.lastExpiresAt)) {
			family.lastExpiresAt = record.expiresAt();
		}
	}

	private void revoke(Family family) {
		// Keep the family marker until it would have expired so reuse stays detected,
		// but free the token records.
		family.revoked = true;
		for (String hash : family.tokenHashes) {
			Token token = this.tokens.get(hash);
			if (token != null) {
				token.spent = true;
			}
		}
	}

	private int drop(Family family) {
		for (String hash : family.tokenHashes) {
			this.tokens.remove(hash);
		}
		Set<String> ids = this.familiesBySubject.get(family.subject);
		if (ids != null) {
			ids.remove(family.id);
			if (ids.isEmpty()) {
				this.familiesBySubject.remove(family.subject);
			}
		}
		return family.tokenHashes.size();
	}

	private void enforceBound() {
		if (this.tokens.size() <= this.maxEntries) {
			return;
		}
		Iterator<Family> iterator = this.families.values().iterator();
		int dropped = 0;
		while (this.tokens.size() > this.maxEntries && iterator.hasNext()) {
			drop(iterator.next());
			iterator.remove();
			dropped++;
		}
		logger.warn("In-memory refresh token store is full (jwt.auth.store.max-entries=" + this.maxEntries
				+ "): dropped the " + dropped + " oldest session(s)");
	}

	private static final class Token {

		final RefreshTokenRecord record;

		boolean spent;

		Token(RefreshTokenRecord record) {
			this.record = record;
		}

	}

	private static final class Family {

		final String id;

		final String subject;

		final Instant expiresAt;

		final List<String> tokenHashes = new ArrayList<>();

		@Nullable Instant lastExpiresAt;

		boolean revoked;

		Family(String id, String subject, Instant expiresAt) {
			this.id = id;
			this.subject = subject;
			this.expiresAt = expiresAt;
		}

		/**
		 * Whether the newest token has expired unused, so the family is dead.
		 * @param now the current time
		 * @return {@code true} if dead
		 */
		boolean latestExpiry(Instant now) {
			return this.lastExpiresAt != null && !now.isBefore(this.lastExpiresAt);
		}

	}

}
