package io.github.jwtauth.test.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link RevocationStore} keeps. Extend it in a test of your own store
 * and implement {@link #store()}; jwt-auth runs it against each of its stores.
 */
public abstract class RevocationStoreContractTests {

	/**
	 * The time the tests start from.
	 */
	protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	/**
	 * The store under test.
	 * @return the store
	 */
	protected abstract RevocationStore store();

	/**
	 * A new revocation of a kind, live for a while; its value contains the separator
	 * characters stores might use.
	 * @param kind the kind
	 * @param ttl how long it lives
	 * @return the entry
	 */
	protected RevocationEntry entry(Kind kind, Duration ttl) {
		return new RevocationEntry(kind, kind.name().toLowerCase() + "-" + UUID.randomUUID() + "|with|bars", this.now,
				this.now.plus(ttl));
	}

	/**
	 * Whether the store is meant to be shared between instances.
	 * @return {@code true} for a shared store
	 */
	protected boolean shared() {
		return true;
	}

	@Test
	protected void isSharedAsDeclared() {
		assertThat(store().isShared()).isEqualTo(shared());
	}

	@Test
	protected void activeEntriesAreFoundAndExpiredOnesAreNot() {
		RevocationEntry live = entry(Kind.SESSION, Duration.ofMinutes(10));
		RevocationEntry expired = entry(Kind.TOKEN, Duration.ofMillis(1));
		store().add(live);
		store().add(expired);
		assertThat(store().findActive(this.now.plusSeconds(1))).contains(live).doesNotContain(expired);
	}

	@Test
	protected void changesSinceAPositionIncludeEveryLaterEntry() {
		long position = store().position();
		RevocationEntry a = entry(Kind.TOKEN, Duration.ofMinutes(10));
		RevocationEntry b = entry(Kind.SUBJECT, Duration.ofMinutes(10));
		store().add(a);
		store().add(b);
		assertThat(store().changesSince(position)).contains(a, b);
		assertThat(store().position()).isGreaterThanOrEqualTo(position);
	}

	@Test
	protected void pollingFromEachPreviousPositionMissesNoEntry() {
		// the way the synchronizer polls: read the position, then the changes since the
		// previous one; an entry added in between is delivered by one of the polls
		long previous = store().position();
		RevocationEntry first = entry(Kind.TOKEN, Duration.ofMinutes(10));
		store().add(first);
		long next = store().position();
		assertThat(store().changesSince(previous)).contains(first);
		previous = next;
		RevocationEntry second = entry(Kind.SESSION, Duration.ofMinutes(10));
		store().add(second);
		next = store().position();
		assertThat(store().changesSince(previous)).contains(second);
		RevocationEntry third = entry(Kind.SUBJECT, Duration.ofMinutes(10));
		store().add(third);
		assertThat(store().changesSince(next)).contains(third);
	}

	@Test
	protected void expiredEntriesArePurged() {
		RevocationEntry expired = entry(Kind.TOKEN, Duration.ofMillis(1));
		RevocationEntry live = entry(Kind.TOKEN, Duration.ofMinutes(10));
		long position = store().position();
		store().add(expired);
		store().add(live);
		store().purgeExpired(this.now.plusSeconds(1));
		assertThat(store().changesSince(position)).contains(live).doesNotContain(expired);
	}

}
