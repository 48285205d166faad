package io.github.jwtauth.test.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.refresh.RefreshTokens;
import io.github.jwtauth.refresh.RotationResult;
import io.github.jwtauth.refresh.RotationResult.Status;
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
		RefreshTokenRecord record = new RefreshTokenRecord(RefreshTokens.hash(RefreshTokens.generate()),
				UUID.randomUUID().toString(), subject, this.now, this.now.plus(IDLE),
				this.now.plus(Duration.ofHours(3)));
		store().create(record);
		return record;
	}

	/**
	 * The hash of a new token.
	 * @return the hash
	 */
	protected static String newHash() {
		return RefreshTokens.hash(RefreshTokens.generate());
	}

	@Test
	protected void createdTokenIsFound() {
		RefreshTokenRecord record = newFamily("alice");
		assertThat(store().find(record.tokenHash())).contains(record);
		assertThat(store().find(newHash())).isEmpty();
	}

	@Test
	protected void rotationSpendsTheTokenAndStoresItsSuccessor() {
		RefreshTokenRecord first = newFamily("alice");
		String nextHash = newHash();
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
		assertThat(store().rotate(nextHash, newHash(), later.plusSeconds(1), IDLE).status()).isEqualTo(Status.ROTATED);
	}

	@Test
	protected void reuseOfASpentTokenRevokesTheFamily() {
		RefreshTokenRecord first = newFamily("alice");
		String second = newHash();
		assertThat(store().rotate(first.tokenHash(), second, this.now, IDLE).status()).isEqualTo(Status.ROTATED);
		RotationResult reuse = store().rotate(first.tokenHash(), newHash(), this.now, IDLE);
		assertThat(reuse.status()).isEqualTo(Status.REUSED);
		assertThat(reuse.presented().familyId()).isEqualTo(first.familyId());
		assertThat(store().rotate(second, newHash(), this.now, IDLE).status()).isEqualTo(Status.REVOKED);
		assertThat(store().find(second)).isEmpty();
	}

	@Test
	protected void idleTokenExpires() {
		RefreshTokenRecord first = newFamily("alice");
		assertThat(store().rotate(first.tokenHash(), newHash(), this.now.plus(IDLE), IDLE).status())
			.isEqualTo(Status.EXPIRED);
	}

	@Test
	protected void familyLifetimeCapsEveryToken() {
		RefreshTokenRecord first = newFamily("alice");
		Instant late = this.now.plus(Duration.ofMinutes(150));
		RefreshTokenRecord token = first;
		for (Instant at = this.now.plus(Duration.ofMinutes(50)); !at.isAfter(late); at = at
			.plus(Duration.ofMinutes(50))) {
			RotationResult result = store().rotate(token.tokenHash(), newHash(), at, IDLE);
			assertThat(result.status()).isEqualTo(Status.ROTATED);
			token = result.next();
		}
		assertThat(token.expiresAt()).isEqualTo(first.familyExpiresAt());
		assertThat(store().rotate(token.tokenHash(), newHash(), first.familyExpiresAt(), IDLE).status())
			.isEqualTo(Status.EXPIRED);
	}

	@Test
	protected void unknownTokenIsNotFound() {
		assertThat(store().rotate(newHash(), newHash(), this.now, IDLE).status()).isEqualTo(Status.NOT_FOUND);
	}

	@Test
	protected void revokedFamilyCannotBeUsed() {
		RefreshTokenRecord first = newFamily("alice");
		assertThat(store().revokeSession(first.familyId())).isTrue();
		assertThat(store().revokeSession(first.familyId())).isFalse();
		assertThat(store().find(first.tokenHash())).isEmpty();
		assertThat(store().rotate(first.tokenHash(), newHash(), this.now, IDLE).status()).isEqualTo(Status.REVOKED);
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
		assertThat(store().purgeExpired(this.now.plusSeconds(1))).isZero();
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
					return store().rotate(first.tokenHash(), newHash(), this.now, IDLE).status();
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

}
