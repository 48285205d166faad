package io.github.jwtauth.store;

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
 * The contract of a shared {@link RevocationStore}; run against each shared store.
 */
abstract class RevocationStoreContractTests {

	final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	abstract RevocationStore store();

	RevocationEntry entry(Kind kind, Duration ttl) {
		return new RevocationEntry(kind, kind.name().toLowerCase() + "-" + UUID.randomUUID() + "|with|bars", this.now,
				this.now.plus(ttl));
	}

	@Test
	void isShared() {
		assertThat(store().isShared()).isTrue();
	}

	@Test
	void activeEntriesAreFoundAndExpiredOnesAreNot() {
		RevocationEntry live = entry(Kind.SESSION, Duration.ofMinutes(10));
		RevocationEntry expired = entry(Kind.TOKEN, Duration.ofMillis(1));
		store().add(live);
		store().add(expired);
		assertThat(store().findActive(this.now.plusSeconds(1))).contains(live).doesNotContain(expired);
	}

	@Test
	void changesSinceAPositionIncludeEveryLaterEntry() {
		long position = store().position();
		RevocationEntry a = entry(Kind.TOKEN, Duration.ofMinutes(10));
		RevocationEntry b = entry(Kind.SUBJECT, Duration.ofMinutes(10));
		store().add(a);
		store().add(b);
		assertThat(store().changesSince(position)).contains(a, b);
		assertThat(store().position()).isGreaterThanOrEqualTo(position);
	}

	@Test
	void expiredEntriesArePurged() {
		RevocationEntry expired = entry(Kind.TOKEN, Duration.ofMillis(1));
		RevocationEntry live = entry(Kind.TOKEN, Duration.ofMinutes(10));
		long position = store().position();
		store().add(expired);
		store().add(live);
		store().purgeExpired(this.now.plusSeconds(1));
		assertThat(store().changesSince(position)).contains(live).doesNotContain(expired);
	}

}
