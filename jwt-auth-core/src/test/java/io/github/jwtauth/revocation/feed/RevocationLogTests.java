package io.github.jwtauth.revocation.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.github.jwtauth.SettableClock;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The issuer's log of registry changes, read by cursor.
 */
class RevocationLogTests {

	private static final Duration OVERLAP = Duration.ofSeconds(31);

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final SettableClock clock = new SettableClock();

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private RevocationEntry entry(Kind kind, String value) {
		Instant now = this.clock.instant();
		return new RevocationEntry(kind, value, now, now.plus(Duration.ofMinutes(10)));
	}

	@Test
	void noCursorGivesEveryLiveEntryAsFullAndEntriesHeldBeforeTheLogExistedAreIncluded() {
		this.registry.apply(entry(Kind.TOKEN, "before"));
		RevocationLog log = new RevocationLog(this.registry, this.clock, OVERLAP, SKEW);
		this.registry.apply(entry(Kind.SESSION, "s1"));
		RevocationLog.Page page = log.read(null);
		assertThat(page.full()).isTrue();
		assertThat(page.entries()).extracting(RevocationEntry::value).containsExactly("before", "s1");
	}

	@Test
	void aCursorOfThisInstanceGivesOnlyWhatCameAfterIt() {
		RevocationLog log = new RevocationLog(this.registry, this.clock, OVERLAP, SKEW);
		this.registry.apply(entry(Kind.TOKEN, "a"));
		RevocationLog.Page first = log.read(null);
		assertThat(log.read(first.cursor()).entries()).isEmpty();
		this.registry.apply(entry(Kind.TOKEN, "b"));
		RevocationLog.Page second = log.read(first.cursor());
		assertThat(second.full()).isFalse();
		assertThat(second.entries()).extracting(RevocationEntry::value).containsExactly("b");
		assertThat(second.cursor()).isNotEqualTo(first.cursor());
		assertThat(log.read(second.cursor()).entries()).isEmpty();
	}

	@Test
	void entriesAppliedAgainAreNotLoggedAgainButALaterCutoffIs() {
		RevocationLog log = new RevocationLog(this.registry, this.clock, OVERLAP, SKEW);
		RevocationEntry subject = entry(Kind.SUBJECT, "alice");
		assertThat(this.registry.apply(subject)).isTrue();
		String cursor = log.read(null).cursor();
		assertThat(this.registry.apply(subject)).isFalse();
		assertThat(log.read(cursor).entries()).isEmpty();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.registry.apply(entry(Kind.SUBJECT, "alice"))).isTrue();
		RevocationLog.Page page = log.read(cursor);
		assertThat(page.entries()).singleElement()
			.satisfies((e) -> assertThat(e.cutoff()).isEqualTo(this.clock.instant()));
		// one record per key: the superseded one is gone
		assertThat(log.size()).isEqualTo(1);
	}

	@Test
	void aCursorOfAnotherInstanceGetsTheOverlapAndACursorOlderThanThisInstanceStartsAgain() {
		RevocationLog other = new RevocationLog(new RevocationRegistry(this.clock), this.clock, OVERLAP, SKEW);
		String otherCursor = other.read(null).cursor();
		this.clock.advance(Duration.ofMinutes(2));
		RevocationLog log = new RevocationLog(this.registry, this.clock, OVERLAP, SKEW);
		this.registry.apply(entry(Kind.TOKEN, "a"));
		// older than this instance: the client starts again without a cursor (and gets
		// the snapshot every new client shares)
		assertThatExceptionOfType(InvalidCursorException.class).isThrownBy(() -> log.read(otherCursor))
			.withMessageContaining("start again without a cursor");
		// a recent cursor of another instance: the entries within the overlap before it
		this.clock.advance(Duration.ofMinutes(2));
		this.registry.apply(entry(Kind.TOKEN, "old"));
		this.clock.advance(Duration.ofMinutes(2));
		this.registry.apply(entry(Kind.TOKEN, "recent"));
		this.clock.advance(OVERLAP.minusSeconds(1));
		RevocationLog recentOther = new RevocationLog(new RevocationRegistry(this.clock), this.clock, OVERLAP, SKEW);
		RevocationLog.Page page = log.read(recentOther.read(null).cursor());
		assertThat(page.full()).isFalse();
		assertThat(page.entries()).extracting(RevocationEntry::value).containsExactly("recent");
	}

	@Test
	void withoutASharedStoreACursorOfAnotherInstanceStartsAgain() {
		RevocationLog log = new RevocationLog(this.registry, this.clock, null, SKEW);
		this.registry.apply(entry(Kind.TOKEN, "a"));
		this.clock.advance(Duration.ofMinutes(1));
		RevocationLog other = new RevocationLog(new RevocationRegistry(this.clock), this.clock, null, SKEW);
		String otherCursor = other.read(null).cursor();
		// the other instance holds other revocations: no overlap can be trusted
		assertThatExceptionOfType(InvalidCursorException.class).isThrownBy(() -> log.read(otherCursor))
			.withMessageContaining("start again without a cursor");
		assertThat(log.read(null).entries()).extracting(RevocationEntry::value).containsExactly("a");
	}

	@Test
	void changesOfOneKeyReportedInEitherOrderLeaveTheStrongerInTheLog() {
		// two threads may tell the log of two changes of one key in the opposite order
		// of the registry's: the log merges, as the registry does
		RevocationLog log = new RevocationLog(this.registry, this.clock, OVERLAP, SKEW);
		Instant now = this.clock.instant();
		RevocationEntry earlier = new RevocationEntry(Kind.SUBJECT, "alice", now, now.plusSeconds(600));
		RevocationEntry later = new RevocationEntry(Kind.SUBJECT, "alice", now.plusSeconds(5), now.plusSeconds(605));
		log.changed(later);
		String cursor = log.read(null).cursor();
		log.changed(earlier);
		assertThat(log.read(null).entries()).singleElement().isEqualTo(later);
		// nothing new for a client that has the stronger one
		assertThat(log.read(cursor).entries()).isEmpty();
		// a change of one bound only merges with the other
		RevocationEntry longer = new RevocationEntry(Kind.SUBJECT, "alice", now, now.plusSeconds(900));
		log.changed(longer);
		assertThat(log.read(cursor).entries()).singleElement()
			.isEqualTo(new RevocationEntry(Kind.SUBJECT, "alice", now.plusSeconds(5), now.plusSeconds(900)));
		assertThat(log.size()).isEqualTo(1);
	}

	@Test
	void aCursorFromTheFutureOrGarbageIsRefused() {
		RevocationLog log = new RevocationLog(this.registry, this.clock, OVERLAP, SKEW);
		String cursor = log.read(null).cursor();
		String instance = cursor.substring(0, cursor.indexOf('.'));
		long position = Long.parseLong(cursor.substring(cursor.indexOf('.') + 1));
		assertThatExceptionOfType(InvalidCursorException.class)
			.isThrownBy(() -> log.read(instance + "." + (position + 1)))
			.withMessage("Cursor from the future");
		long farAhead = (this.clock.millis() + SKEW.toMillis() + 1000) * 1000;
		assertThatExceptionOfType(InvalidCursorException.class).isThrownBy(() -> log.read("AnotherInst." + farAhead))
			.withMessage("Cursor from the future");
		// (this instance must be older than the overlap for a cursor of another one)
		this.clock.advance(OVERLAP.plusSeconds(1));
		long withinSkew = (this.clock.millis() + SKEW.toMillis() - 1000) * 1000;
		assertThat(log.read("AnotherInst." + withinSkew).entries()).isEmpty();
		for (String garbage : new String[] { "", "x", "abc.def", instance + ".-1", instance + ".1.2", "short.1",
				instance + ".99999999999999999999", "<script>.1", instance + "." }) {
			assertThatExceptionOfType(InvalidCursorException.class).as(garbage).isThrownBy(() -> log.read(garbage));
		}
	}

	@Test
	void expiredEntriesGoWithThePurgeAndAreNeverServed() {
		RevocationLog log = new RevocationLog(this.registry, this.clock, OVERLAP, SKEW);
		Instant now = this.clock.instant();
		this.registry.apply(new RevocationEntry(Kind.TOKEN, "short", now, now.plusSeconds(10)));
		this.registry.apply(entry(Kind.TOKEN, "long"));
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(log.read(null).entries()).extracting(RevocationEntry::value).containsExactly("long");
		assertThat(log.size()).isEqualTo(2);
		this.registry.purgeExpired();
		assertThat(log.size()).isEqualTo(1);
	}

	@Test
	void positionsIncreaseStrictlyEvenWithinOneMillisecond() {
		RevocationLog log = new RevocationLog(this.registry, this.clock, OVERLAP, SKEW);
		String cursor = log.read(null).cursor();
		for (int i = 0; i < 100; i++) {
			this.registry.apply(entry(Kind.TOKEN, "t" + i));
		}
		assertThat(log.read(cursor).entries()).hasSize(100);
	}

	@Test
	void nextChangeCompletesOnTheNextChange() {
		RevocationLog log = new RevocationLog(this.registry, this.clock, OVERLAP, SKEW);
		CompletableFuture<Void> next = log.nextChange();
		assertThat(next).isNotDone();
		this.registry.apply(entry(Kind.TOKEN, "a"));
		assertThat(next).isDone();
		assertThat(log.nextChange()).isNotDone();
	}

}
