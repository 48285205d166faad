package io.github.jwtauth.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.jwtauth.refresh.RotationResult.Status;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.LoginSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Refresh tokens in this process's memory: for a single instance. Thread-safe (one lock;
 * refresh is not on the per-request path). Bounded twice: each subject keeps at most the
 * {@code maxSessions} given to {@link #create(RefreshTokenRecord, int)} live families
 * (its oldest are dropped), and the whole store at most {@code maxEntries} tokens: past
 * it, the oldest family of the subject holding the most tokens is dropped, so one account
 * logging in or refreshing in a loop only ever ends its own sessions.
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

	private static final Log logger = LogFactory.getLog(InMemoryRefreshTokenStore.class);

	private final int maxEntries;

	private final Map<String, Token> tokens = new HashMap<>();

	/** Families in creation order, so the oldest is dropped first. */
	private final LinkedHashMap<String, Family> families = new LinkedHashMap<>();

	/** Each subject's families, in creation order, and how many tokens they hold. */
	private final Map<String, Subject> subjects = new HashMap<>();

	/**
	 * Create a store.
	 * @param maxEntries the most tokens held
	 */
	public InMemoryRefreshTokenStore(int maxEntries) {
		this.maxEntries = maxEntries;
	}

	@Override
	public synchronized List<String> create(RefreshTokenRecord token, int maxSessions, ClientDetails client) {
		Assert.isTrue(maxSessions > 0, "maxSessions must be positive");
		Assert.notNull(client, "client must not be null");
		Family family = new Family(token.familyId(), token.subject(), token.familyExpiresAt(), token.jkt());
		family.createdAt = token.issuedAt();
		family.lastUsedAt = token.issuedAt();
		family.client = client;
		this.families.put(family.id, family);
		this.subjects.computeIfAbsent(family.subject, (s) -> new Subject()).families.add(family.id);
		add(family, token);
		List<String> ended = enforceSessionLimit(family.subject, maxSessions, token.issuedAt());
		enforceBound();
		return ended;
	}

	private List<String> enforceSessionLimit(String subject, int maxSessions, Instant now) {
		Subject sessions = this.subjects.get(subject);
		List<Family> live = new ArrayList<>();
		for (String id : sessions.families) {
			Family family = this.families.get(id);
			if (family != null && !family.revoked && now.isBefore(family.expiresAt) && !family.latestExpiry(now)) {
				live.add(family);
			}
		}
		List<String> ended = new ArrayList<>();
		for (int i = 0; i < live.size() - maxSessions; i++) {
			Family oldest = live.get(i);
			drop(oldest);
			this.families.remove(oldest.id);
			ended.add(oldest.id);
		}
		return ended;
	}

	@Override
	public synchronized RotationResult rotate(String presentedHash, String nextHash, Instant now, Duration idleTtl,
			ClientDetails client) {
		Assert.notNull(client, "client must not be null");
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
				family.expiresAt, family.jkt);
		add(family, next);
		family.lastUsedAt = now;
		family.client = client;
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
	public synchronized List<LoginSession> findSessions(String subject, Instant now) {
		Subject sessions = this.subjects.get(subject);
		if (sessions == null) {
			return List.of();
		}
		List<LoginSession> found = new ArrayList<>();
		for (String id : sessions.families) {
			Family family = this.families.get(id);
			if (family != null && family.isLive(now)) {
				found.add(family.toSession());
			}
		}
		found.sort(Comparator.comparing(LoginSession::createdAt).reversed().thenComparing(LoginSession::id));
		return (found.size() > MAX_LISTED_SESSIONS) ? List.copyOf(found.subList(0, MAX_LISTED_SESSIONS))
				: List.copyOf(found);
	}

	@Override
	public synchronized Optional<LoginSession> findSession(String sessionId, Instant now) {
		Family family = this.families.get(sessionId);
		return (family != null && family.isLive(now)) ? Optional.of(family.toSession()) : Optional.empty();
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
		Subject sessions = this.subjects.get(subject);
		for (String id : (sessions != null) ? sessions.families : Set.<String>of()) {
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
		this.subjects.get(family.subject).tokens++;
		if (family.lastExpiresAt == null || record.expiresAt().isAfter(family.lastExpiresAt)) {
			family.lastExpiresAt = record.expiresAt();
		}
	}

	private void revoke(Family family) {
		// Keep the family marker until it would have expired so reuse stays detected,
		// but free the token records.
		family.revoked = true;
		// the client details are personal data: kept no longer than the session
		family.client = ClientDetails.NONE;
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
		Subject sessions = this.subjects.get(family.subject);
		if (sessions != null) {
			sessions.families.remove(family.id);
			sessions.tokens -= family.tokenHashes.size();
			if (sessions.families.isEmpty()) {
				this.subjects.remove(family.subject);
			}
		}
		return family.tokenHashes.size();
	}

	private void enforceBound() {
		if (this.tokens.size() <= this.maxEntries) {
			return;
		}
		int dropped = 0;
		while (this.tokens.size() > this.maxEntries && !this.subjects.isEmpty()) {
			Subject heaviest = null;
			for (Subject subject : this.subjects.values()) {
				if (heaviest == null || subject.tokens > heaviest.tokens) {
					heaviest = subject;
				}
			}
			Family oldest = this.families.get(heaviest.families.iterator().next());
			drop(oldest);
			this.families.remove(oldest.id);
			dropped++;
		}
		logger.warn("In-memory refresh token store is full (jwt.auth.store.max-entries=" + this.maxEntries
				+ "): dropped " + dropped + " session(s), the oldest of the user(s) holding the most tokens");
	}

	private static final class Subject {

		final Set<String> families = new LinkedHashSet<>();

		int tokens;

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

		final @Nullable String jkt;

		final List<String> tokenHashes = new ArrayList<>();

		@Nullable Instant lastExpiresAt;

		Instant createdAt = Instant.EPOCH;

		Instant lastUsedAt = Instant.EPOCH;

		ClientDetails client = ClientDetails.NONE;

		boolean revoked;

		Family(String id, String subject, Instant expiresAt, @Nullable String jkt) {
			this.id = id;
			this.subject = subject;
			this.expiresAt = expiresAt;
			this.jkt = jkt;
		}

		/**
		 * Whether the newest token has expired unused, so the family is dead.
		 * @param now the current time
		 * @return {@code true} if dead
		 */
		boolean latestExpiry(Instant now) {
			return this.lastExpiresAt != null && !now.isBefore(this.lastExpiresAt);
		}

		boolean isLive(Instant now) {
			return !this.revoked && now.isBefore(this.expiresAt) && !latestExpiry(now);
		}

		LoginSession toSession() {
			Instant lastExpiry = (this.lastExpiresAt != null) ? this.lastExpiresAt : this.expiresAt;
			Instant ends = lastExpiry.isBefore(this.expiresAt) ? lastExpiry : this.expiresAt;
			return new LoginSession(this.id, this.subject, this.createdAt, this.lastUsedAt, ends, this.jkt != null,
					this.client);
		}

	}

}
