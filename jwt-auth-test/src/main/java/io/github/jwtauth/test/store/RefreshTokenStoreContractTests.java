package io.github.jwtauth.test.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokenService;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.refresh.RefreshTokens;
import io.github.jwtauth.refresh.RotationResult;
import io.github.jwtauth.refresh.RotationResult.Status;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.LoginSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link RefreshTokenStore} keeps. Extend it in a test of your own
 * store and implement {@link #store()}; jwt-auth runs it against each of its stores.
 */
public abstract class RefreshTokenStoreContractTests {

	/**
	 * The idle lifetime of the tokens the tests create.
	 */
	protected static final Duration IDLE = Duration.ofHours(1);

	/**
	 * The time the tests start from.
	 */
	protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	/**
	 * The store under test.
	 * @return the store
	 */
	protected abstract RefreshTokenStore store();

	/**
	 * Whether the store expires entries by itself (Redis key TTLs), so
	 * {@link RefreshTokenStore#purgeExpired} has nothing to do.
	 * @return {@code true} if it purges itself
	 */
	protected boolean purgesItself() {
		return false;
	}

	/**
	 * Create the first token of a new family.
	 * @param subject the subject
	 * @return the token
	 */
	protected RefreshTokenRecord newFamily(String subject) {
		String familyId = UUID.randomUUID().toString();
		RefreshTokenRecord record = new RefreshTokenRecord(RefreshTokens.hash(RefreshTokens.generate(familyId)),
				familyId, subject, this.now, this.now.plus(IDLE), this.now.plus(Duration.ofHours(3)));
		store().create(record);
		return record;
	}

	/**
	 * Create the first token of a new family bound to a DPoP key (RFC 9449).
	 * @param subject the subject
	 * @param jkt the thumbprint of the key, or {@code null} for an unbound family
	 * @return the token
	 */
	protected RefreshTokenRecord newFamily(String subject, @Nullable String jkt) {
		String familyId = UUID.randomUUID().toString();
		RefreshTokenRecord record = new RefreshTokenRecord(RefreshTokens.hash(RefreshTokens.generate(familyId)),
				familyId, subject, this.now, this.now.plus(IDLE), this.now.plus(Duration.ofHours(3)), jkt);
		store().create(record);
		return record;
	}

	/**
	 * Create the first token of a new family, issued at a given time, with the client
	 * details of the login.
	 * @param subject the subject
	 * @param issuedAt when it is issued
	 * @param jkt the thumbprint of the DPoP key, or {@code null}
	 * @param client the client details of the login
	 * @return the token
	 */
	protected RefreshTokenRecord newFamily(String subject, Instant issuedAt, @Nullable String jkt,
			ClientDetails client) {
		String familyId = UUID.randomUUID().toString();
		RefreshTokenRecord record = new RefreshTokenRecord(RefreshTokens.hash(RefreshTokens.generate(familyId)),
				familyId, subject, issuedAt, issuedAt.plus(IDLE), issuedAt.plus(Duration.ofHours(3)), jkt);
		store().create(record, RefreshTokenService.DEFAULT_MAX_SESSIONS_PER_USER, client);
		return record;
	}

	/**
	 * A subject no other test (of this run or an earlier one, on a shared database) uses.
	 * @return the subject
	 */
	protected static String newSubject() {
		return "user-" + UUID.randomUUID();
	}

	/**
	 * A made-up RFC 7638 thumbprint: 43 base64url characters.
	 * @return the thumbprint
	 */
	protected static String newJkt() {
		return RefreshTokens.hash(RefreshTokens.generate());
	}

	/**
	 * The hash of a new token of no family (the earlier form, without a tag).
	 * @return the hash
	 */
	protected static String newHash() {
		return RefreshTokens.hash(RefreshTokens.generate());
	}

	/**
	 * The hash of a new token of a token's family, for its rotation.
	 * @param token the token
	 * @return the hash
	 */
	protected static String nextHash(RefreshTokenRecord token) {
		return RefreshTokens.hash(RefreshTokens.generate(token.familyId()));
	}

	@Test
	protected void createdTokenIsFound() {
		RefreshTokenRecord record = newFamily("alice");
		assertThat(store().find(record.tokenHash())).contains(record);
		assertThat(store().find(newHash())).isEmpty();
		assertThat(store().find(nextHash(record))).isEmpty();
	}

	@Test
	protected void rotationSpendsTheTokenAndStoresItsSuccessor() {
		RefreshTokenRecord first = newFamily("alice");
		String nextHash = nextHash(first);
		Instant later = this.now.plusSeconds(60);
		RotationResult result = store().rotate(first.tokenHash(), nextHash, later, IDLE);
		assertThat(result.status()).isEqualTo(Status.ROTATED);
		assertThat(result.presented().familyId()).isEqualTo(first.familyId());
		assertThat(result.presented().subject()).isEqualTo("alice");
		assertThat(result.next().tokenHash()).isEqualTo(nextHash);
		assertThat(result.next().familyId()).isEqualTo(first.familyId());
		assertThat(result.next().expiresAt()).isEqualTo(later.plus(IDLE));
		assertThat(result.next().familyExpiresAt()).isEqualTo(first.familyExpiresAt());
		assertThat(store().find(nextHash)).isPresent();
		assertThat(store().rotate(nextHash, nextHash(first), later.plusSeconds(1), IDLE).status())
			.isEqualTo(Status.ROTATED);
	}

	@Test
	protected void theDPoPKeyOfAFamilyIsStoredAtLoginAndFound() {
		String jkt = newJkt();
		RefreshTokenRecord bound = newFamily("alice", jkt);
		RefreshTokenRecord unbound = newFamily("alice", null);
		assertThat(store().find(bound.tokenHash())).contains(bound);
		assertThat(store().find(bound.tokenHash()).orElseThrow().jkt()).isEqualTo(jkt);
		assertThat(store().find(unbound.tokenHash())).contains(unbound);
		assertThat(store().find(unbound.tokenHash()).orElseThrow().jkt()).isNull();
	}

	@Test
	protected void everyRotationCarriesTheFamilysDPoPKey() {
		String jkt = newJkt();
		RefreshTokenRecord other = newFamily("alice", newJkt());
		RefreshTokenRecord token = newFamily("alice", jkt);
		Instant at = this.now;
		for (int i = 0; i < 3; i++) {
			at = at.plusSeconds(60);
			RotationResult result = store().rotate(token.tokenHash(), nextHash(token), at, IDLE);
			assertThat(result.status()).isEqualTo(Status.ROTATED);
			assertThat(result.presented().jkt()).as("presented, rotation %d", i).isEqualTo(jkt);
			assertThat(result.next().jkt()).as("successor, rotation %d", i).isEqualTo(jkt);
			assertThat(store().find(result.next().tokenHash())).as("successor found, rotation %d", i)
				.contains(result.next());
			assertThat(store().find(token.tokenHash()).orElseThrow().jkt()).as("spent, rotation %d", i).isEqualTo(jkt);
			token = result.next();
		}
		assertThat(store().find(other.tokenHash())).contains(other);
	}

	@Test
	protected void anUnboundFamilyStaysUnboundThroughRotations() {
		RefreshTokenRecord token = newFamily("alice", null);
		for (int i = 0; i < 2; i++) {
			RotationResult result = store().rotate(token.tokenHash(), nextHash(token), this.now.plusSeconds(i + 1),
					IDLE);
			assertThat(result.status()).isEqualTo(Status.ROTATED);
			assertThat(result.presented().jkt()).isNull();
			assertThat(result.next().jkt()).isNull();
			assertThat(store().find(result.next().tokenHash()).orElseThrow().jkt()).isNull();
			token = result.next();
		}
	}

	@Test
	protected void theDPoPKeyIsReportedWithAReusedToken() {
		String jkt = newJkt();
		RefreshTokenRecord first = newFamily("alice", jkt);
		assertThat(store().rotate(first.tokenHash(), nextHash(first), this.now, IDLE).status())
			.isEqualTo(Status.ROTATED);
		RotationResult reuse = store().rotate(first.tokenHash(), nextHash(first), this.now, IDLE);
		assertThat(reuse.status()).isEqualTo(Status.REUSED);
		assertThat(reuse.presented().jkt()).isEqualTo(jkt);
	}

	@Test
	protected void reuseOfASpentTokenRevokesTheFamily() {
		RefreshTokenRecord first = newFamily("alice");
		String second = nextHash(first);
		assertThat(store().rotate(first.tokenHash(), second, this.now, IDLE).status()).isEqualTo(Status.ROTATED);
		RotationResult reuse = store().rotate(first.tokenHash(), nextHash(first), this.now, IDLE);
		assertThat(reuse.status()).isEqualTo(Status.REUSED);
		assertThat(reuse.presented().familyId()).isEqualTo(first.familyId());
		assertThat(store().rotate(second, nextHash(first), this.now, IDLE).status()).isEqualTo(Status.REVOKED);
		assertThat(store().find(second)).isEmpty();
	}

	@Test
	protected void idleTokenExpires() {
		RefreshTokenRecord first = newFamily("alice");
		assertThat(store().rotate(first.tokenHash(), nextHash(first), this.now.plus(IDLE), IDLE).status())
			.isEqualTo(Status.EXPIRED);
	}

	@Test
	protected void familyLifetimeCapsEveryToken() {
		RefreshTokenRecord first = newFamily("alice");
		Instant late = this.now.plus(Duration.ofMinutes(150));
		RefreshTokenRecord token = first;
		for (Instant at = this.now.plus(Duration.ofMinutes(50)); !at.isAfter(late); at = at
			.plus(Duration.ofMinutes(50))) {
			RotationResult result = store().rotate(token.tokenHash(), nextHash(token), at, IDLE);
			assertThat(result.status()).isEqualTo(Status.ROTATED);
			token = result.next();
		}
		assertThat(token.expiresAt()).isEqualTo(first.familyExpiresAt());
		assertThat(store().rotate(token.tokenHash(), nextHash(token), first.familyExpiresAt(), IDLE).status())
			.isEqualTo(Status.EXPIRED);
	}

	@Test
	protected void unknownTokenIsNotFound() {
		assertThat(store().rotate(newHash(), newHash(), this.now, IDLE).status()).isEqualTo(Status.NOT_FOUND);
		String familyId = UUID.randomUUID().toString();
		String unknown = RefreshTokens.hash(RefreshTokens.generate(familyId));
		String next = RefreshTokens.hash(RefreshTokens.generate(familyId));
		assertThat(store().rotate(unknown, next, this.now, IDLE).status()).isEqualTo(Status.NOT_FOUND);
	}

	@Test
	protected void revokedFamilyCannotBeUsed() {
		RefreshTokenRecord first = newFamily("alice");
		assertThat(store().revokeSession(first.familyId())).isTrue();
		assertThat(store().revokeSession(first.familyId())).isFalse();
		assertThat(store().find(first.tokenHash())).isEmpty();
		assertThat(store().rotate(first.tokenHash(), nextHash(first), this.now, IDLE).status())
			.isEqualTo(Status.REVOKED);
	}

	@Test
	protected void revokeAllRevokesEveryFamilyOfTheSubjectOnly() {
		String subject = "user-" + UUID.randomUUID();
		RefreshTokenRecord a = newFamily(subject);
		RefreshTokenRecord b = newFamily(subject);
		RefreshTokenRecord other = newFamily("other-" + UUID.randomUUID());
		assertThat(store().revokeAllSessions(subject)).containsExactlyInAnyOrder(a.familyId(), b.familyId());
		assertThat(store().find(a.tokenHash())).isEmpty();
		assertThat(store().find(b.tokenHash())).isEmpty();
		assertThat(store().find(other.tokenHash())).isPresent();
		assertThat(store().revokeAllSessions(subject)).isEmpty();
	}

	@Test
	protected void expiredFamiliesArePurged() {
		RefreshTokenRecord first = newFamily("alice");
		if (purgesItself()) {
			return;
		}
		// a shared database may hold other tests' expired families: only this family's
		// fate is asserted, not a global count
		store().purgeExpired(this.now.plusSeconds(1));
		assertThat(store().find(first.tokenHash())).as("a live family is kept").isPresent();
		assertThat(store().purgeExpired(this.now.plus(Duration.ofHours(4)))).isGreaterThanOrEqualTo(1);
		assertThat(store().find(first.tokenHash())).isEmpty();
	}

	@Test
	protected void ofFiftyConcurrentRotationsExactlyOneWins() throws Exception {
		RefreshTokenRecord first = newFamily("alice");
		int threads = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Status>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return store().rotate(first.tokenHash(), nextHash(first), this.now, IDLE).status();
				}));
			}
			start.countDown();
			List<Status> statuses = new ArrayList<>();
			for (Future<Status> result : results) {
				statuses.add(result.get(60, TimeUnit.SECONDS));
			}
			assertThat(statuses).filteredOn(Status.ROTATED::equals).hasSize(1);
			assertThat(statuses).filteredOn((s) -> s == Status.REUSED || s == Status.REVOKED).hasSize(threads - 1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Create the first token of a new family issued at a given time, within a bound of
	 * the subject's live families.
	 * @param subject the subject
	 * @param issuedAt when the family starts
	 * @param maxSessions the bound
	 * @return the token and the families the store ended to make room
	 */
	protected Created newFamily(String subject, Instant issuedAt, int maxSessions) {
		String familyId = UUID.randomUUID().toString();
		RefreshTokenRecord record = new RefreshTokenRecord(RefreshTokens.hash(RefreshTokens.generate(familyId)),
				familyId, subject, issuedAt, issuedAt.plus(IDLE), issuedAt.plus(Duration.ofHours(3)));
		List<String> ended = store().create(record, maxSessions);
		return new Created(record, ended);
	}

	private static String uniqueSubject(String name) {
		return name + "-" + UUID.randomUUID();
	}

	@Test
	protected void beyondTheSessionBoundTheSubjectsOldestFamiliesEnd() {
		String subject = uniqueSubject("bounded");
		String other = uniqueSubject("other");
		RefreshTokenRecord others = newFamily(other, this.now, 3).record();
		List<RefreshTokenRecord> families = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Created created = newFamily(subject, this.now.plusMillis(i + 1), 3);
			assertThat(created.ended()).isEmpty();
			families.add(created.record());
		}
		Created fourth = newFamily(subject, this.now.plusMillis(10), 3);
		assertThat(fourth.ended()).containsExactly(families.get(0).familyId());
		Created fifth = newFamily(subject, this.now.plusMillis(11), 3);
		assertThat(fifth.ended()).containsExactly(families.get(1).familyId());
		// the ended ones are gone for good, the newest three live on
		Instant later = this.now.plusSeconds(1);
		for (RefreshTokenRecord ended : List.of(families.get(0), families.get(1))) {
			assertThat(store().find(ended.tokenHash())).isEmpty();
			assertThat(store().rotate(ended.tokenHash(), nextHash(ended), later, IDLE).status())
				.isNotEqualTo(Status.ROTATED);
		}
		for (RefreshTokenRecord live : List.of(families.get(2), fourth.record(), fifth.record(), others)) {
			assertThat(store().rotate(live.tokenHash(), nextHash(live), later, IDLE).status())
				.isEqualTo(Status.ROTATED);
		}
		// a bound of one keeps only the newest
		Created only = newFamily(subject, this.now.plusMillis(20), 1);
		assertThat(only.ended()).containsExactlyInAnyOrder(families.get(2).familyId(), fourth.record().familyId(),
				fifth.record().familyId());
	}

	@Test
	protected void revokedAndExpiredFamiliesDoNotCountAgainstTheBound() {
		String subject = uniqueSubject("bounded");
		RefreshTokenRecord revoked = newFamily(subject, this.now, 2).record();
		assertThat(store().revokeSession(revoked.familyId())).isTrue();
		RefreshTokenRecord expired = newFamily(subject, this.now.plusMillis(1), 2).record();
		// the family lifetime is 3 hours: the second one is over when the next ones start
		// (no family is created already expired: other tests purge the shared tables)
		Instant later = this.now.plus(Duration.ofHours(4));
		assertThat(newFamily(subject, later, 2).ended()).isEmpty();
		assertThat(newFamily(subject, later.plusMillis(1), 2).ended()).isEmpty();
		assertThat(newFamily(subject, later.plusMillis(2), 2).ended()).hasSize(1)
			.doesNotContain(revoked.familyId(), expired.familyId());
	}

	@Test
	protected void oneSubjectLoggingInAThousandTimesLeavesAnotherSubjectsSessionWorking() {
		String victim = uniqueSubject("victim");
		String attacker = uniqueSubject("attacker");
		RefreshTokenRecord session = newFamily(victim, this.now, 10).record();
		int ended = 0;
		for (int i = 0; i < 1000; i++) {
			ended += newFamily(attacker, this.now.plusMillis(i + 1), 10).ended().size();
		}
		assertThat(ended).isEqualTo(990);
		assertThat(store().find(session.tokenHash())).isPresent();
		assertThat(store().rotate(session.tokenHash(), nextHash(session), this.now.plusSeconds(2), IDLE).status())
			.isEqualTo(Status.ROTATED);
	}

	@Test
	protected void withoutABoundCreateEndsNothing() {
		String subject = uniqueSubject("unbounded");
		List<RefreshTokenRecord> families = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			Created created = newFamily(subject, this.now.plusMillis(i), Integer.MAX_VALUE);
			assertThat(created.ended()).isEmpty();
			families.add(created.record());
		}
		assertThat(families).allSatisfy((family) -> assertThat(store().find(family.tokenHash())).isPresent());
	}

	@Test
	protected void logoutEverywhereEndsEveryLoginThatCompletedBeforeIt() throws Exception {
		String subject = uniqueSubject("everywhere");
		List<RefreshTokenRecord> completed = new CopyOnWriteArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			AtomicBoolean running = new AtomicBoolean(true);
			List<Future<?>> loggers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				loggers.add(pool.submit(() -> {
					while (running.get()) {
						completed.add(newFamily(subject, this.now, Integer.MAX_VALUE).record());
					}
					return null;
				}));
			}
			while (completed.size() < 20) {
				Thread.sleep(5);
			}
			List<RefreshTokenRecord> before = List.copyOf(completed);
			List<String> revoked = store().revokeAllSessions(subject);
			running.set(false);
			for (Future<?> logger : loggers) {
				logger.get(60, TimeUnit.SECONDS);
			}
			assertThat(revoked).containsAll(before.stream().map(RefreshTokenRecord::familyId).toList());
			for (RefreshTokenRecord family : before) {
				assertThat(store().find(family.tokenHash())).isEmpty();
				assertThat(store().rotate(family.tokenHash(), nextHash(family), this.now.plusSeconds(1), IDLE).status())
					.isEqualTo(Status.REVOKED);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	protected void aNewFamilyIsListedAsASessionOfItsSubjectWithTheDetailsOfItsLogin() {
		String subject = newSubject();
		ClientDetails client = new ClientDetails("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", "203.0.113.7");
		RefreshTokenRecord token = newFamily(subject, this.now, null, client);
		assertThat(store().findSessions(subject, this.now.plusSeconds(1))).containsExactly(
				new LoginSession(token.familyId(), subject, this.now, this.now, this.now.plus(IDLE), false, client));
		assertThat(store().findSession(token.familyId(), this.now.plusSeconds(1))).contains(
				new LoginSession(token.familyId(), subject, this.now, this.now, this.now.plus(IDLE), false, client));
	}

	@Test
	protected void aFamilyCreatedWithoutDetailsIsListedWithout() {
		String subject = newSubject();
		RefreshTokenRecord token = newFamily(subject);
		LoginSession session = store().findSession(token.familyId(), this.now).orElseThrow();
		assertThat(session.client()).isEqualTo(ClientDetails.NONE);
		assertThat(session.userAgent()).isNull();
		assertThat(session.clientAddress()).isNull();
		assertThat(session.createdAt()).isEqualTo(this.now);
		assertThat(session.lastUsedAt()).isEqualTo(this.now);
		assertThat(store().findSessions(subject, this.now)).containsExactly(session);
	}

	@Test
	protected void aRotationIsTheSessionsLastUse() {
		String subject = newSubject();
		RefreshTokenRecord token = newFamily(subject, this.now, null, new ClientDetails("old agent", "198.51.100.1"));
		Instant later = this.now.plus(Duration.ofMinutes(20));
		ClientDetails client = new ClientDetails("new agent", "2001:db8::1");
		assertThat(store().rotate(token.tokenHash(), nextHash(token), later, IDLE, client).status())
			.isEqualTo(Status.ROTATED);
		LoginSession session = store().findSession(token.familyId(), later).orElseThrow();
		assertThat(session.createdAt()).isEqualTo(this.now);
		assertThat(session.lastUsedAt()).isEqualTo(later);
		assertThat(session.expiresAt()).isEqualTo(later.plus(IDLE));
		assertThat(session.client()).isEqualTo(client);
		assertThat(store().findSessions(subject, later)).containsExactly(session);
	}

	@Test
	protected void aRotationWithoutDetailsClearsThoseOfTheEarlierUse() {
		String subject = newSubject();
		RefreshTokenRecord token = newFamily(subject, this.now, null, new ClientDetails("agent", "198.51.100.1"));
		Instant later = this.now.plusSeconds(30);
		assertThat(store().rotate(token.tokenHash(), nextHash(token), later, IDLE).status()).isEqualTo(Status.ROTATED);
		LoginSession session = store().findSession(token.familyId(), later).orElseThrow();
		assertThat(session.client()).isEqualTo(ClientDetails.NONE);
		assertThat(session.lastUsedAt()).isEqualTo(later);
	}

	@Test
	protected void aFailedRotationIsNoUse() {
		String subject = newSubject();
		ClientDetails login = new ClientDetails("agent", "198.51.100.1");
		RefreshTokenRecord token = newFamily(subject, this.now, null, login);
		Instant later = this.now.plusSeconds(30);
		assertThat(store().rotate(newHash(), nextHash(token), later, IDLE, new ClientDetails("thief", "192.0.2.66"))
			.status()).isEqualTo(Status.NOT_FOUND);
		LoginSession session = store().findSession(token.familyId(), later).orElseThrow();
		assertThat(session.client()).isEqualTo(login);
		assertThat(session.lastUsedAt()).isEqualTo(this.now);
	}

	@Test
	protected void sessionsAreListedNewestFirstAndOnlyTheSubjects() {
		String subject = newSubject();
		RefreshTokenRecord first = newFamily(subject, this.now, null, ClientDetails.NONE);
		RefreshTokenRecord second = newFamily(subject, this.now.plusSeconds(1), newJkt(), ClientDetails.NONE);
		RefreshTokenRecord third = newFamily(subject, this.now.plusSeconds(2), null, ClientDetails.NONE);
		RefreshTokenRecord others = newFamily(newSubject(), this.now.plusSeconds(3), null, ClientDetails.NONE);
		List<LoginSession> sessions = store().findSessions(subject, this.now.plusSeconds(3));
		assertThat(sessions).extracting(LoginSession::id)
			.containsExactly(third.familyId(), second.familyId(), first.familyId());
		assertThat(sessions).extracting(LoginSession::subject).containsOnly(subject);
		assertThat(sessions).extracting(LoginSession::dpopBound).containsExactly(false, true, false);
		assertThat(sessions).extracting(LoginSession::id).doesNotContain(others.familyId());
		assertThat(store().findSessions(newSubject(), this.now)).isEmpty();
	}

	@Test
	protected void endedFamiliesAreNotListed() {
		String subject = newSubject();
		RefreshTokenRecord revoked = newFamily(subject);
		RefreshTokenRecord reused = newFamily(subject);
		RefreshTokenRecord live = newFamily(subject);
		store().revokeSession(revoked.familyId());
		assertThat(store().rotate(reused.tokenHash(), nextHash(reused), this.now, IDLE).status())
			.isEqualTo(Status.ROTATED);
		assertThat(store().rotate(reused.tokenHash(), nextHash(reused), this.now, IDLE).status())
			.isEqualTo(Status.REUSED);
		assertThat(store().findSessions(subject, this.now)).extracting(LoginSession::id)
			.containsExactly(live.familyId());
		assertThat(store().findSession(revoked.familyId(), this.now)).isEmpty();
		assertThat(store().findSession(reused.familyId(), this.now)).isEmpty();
		store().revokeAllSessions(subject);
		assertThat(store().findSessions(subject, this.now)).isEmpty();
		assertThat(store().findSession(live.familyId(), this.now)).isEmpty();
	}

	@Test
	protected void expiredFamiliesAreNotListed() {
		String subject = newSubject();
		RefreshTokenRecord idle = newFamily(subject);
		RefreshTokenRecord used = newFamily(subject);
		Instant later = this.now.plus(Duration.ofMinutes(50));
		RotationResult rotated = store().rotate(used.tokenHash(), nextHash(used), later, IDLE);
		assertThat(rotated.status()).isEqualTo(Status.ROTATED);
		// the first token's idle timeout: the unused family has ended, the used one lives
		Instant afterIdle = this.now.plus(IDLE);
		assertThat(store().findSessions(subject, afterIdle)).extracting(LoginSession::id)
			.containsExactly(used.familyId());
		assertThat(store().findSession(idle.familyId(), afterIdle)).isEmpty();
		assertThat(store().findSession(used.familyId(), afterIdle)).isPresent();
		// the absolute end of the family
		assertThat(store().findSessions(subject, used.familyExpiresAt())).isEmpty();
		assertThat(store().findSession(used.familyId(), used.familyExpiresAt())).isEmpty();
	}

	@Test
	protected void familiesEndedForTheSessionBoundAreNotListed() {
		String subject = newSubject();
		List<RefreshTokenRecord> tokens = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String familyId = UUID.randomUUID().toString();
			RefreshTokenRecord record = new RefreshTokenRecord(RefreshTokens.hash(RefreshTokens.generate(familyId)),
					familyId, subject, this.now.plusSeconds(i), this.now.plusSeconds(i).plus(IDLE),
					this.now.plus(Duration.ofHours(3)));
			store().create(record, 2, ClientDetails.NONE);
			tokens.add(record);
		}
		assertThat(store().findSessions(subject, this.now.plusSeconds(3))).extracting(LoginSession::id)
			.containsExactly(tokens.get(2).familyId(), tokens.get(1).familyId());
	}

	@Test
	protected void anUnknownSessionIsNotFound() {
		assertThat(store().findSession(UUID.randomUUID().toString(), this.now)).isEmpty();
	}

	@Test
	protected void findSessionFindsTheSessionOfAnySubject() {
		String subject = newSubject();
		RefreshTokenRecord token = newFamily(subject, newJkt());
		LoginSession session = store().findSession(token.familyId(), this.now).orElseThrow();
		assertThat(session.subject()).isEqualTo(subject);
		assertThat(session.dpopBound()).isTrue();
	}

	/**
	 * A family created within a bound.
	 *
	 * @param record its first token
	 * @param ended the families the store ended to make room
	 */
	protected record Created(RefreshTokenRecord record, List<String> ended) {

	}

}
