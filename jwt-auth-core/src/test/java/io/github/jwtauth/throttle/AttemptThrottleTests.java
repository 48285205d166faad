package io.github.jwtauth.throttle;

import java.time.Duration;

import io.github.jwtauth.SettableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The throttling policy on the in-memory store, with a clock moved by hand.
 */
class AttemptThrottleTests {

	private static final String ATTACKER = "203.0.113.9";

	private static final String USER_ADDRESS = "198.51.100.7";

	private final SettableClock clock = new SettableClock();

	private final InMemoryAttemptStore store = new InMemoryAttemptStore();

	private final AttemptThrottle throttle = AttemptThrottle.builder(this.store)
		.clock(this.clock)
		.maxFailures(3)
		.addressMaxFailures(10)
		.initialBackoff(Duration.ofSeconds(1))
		.maxBackoff(Duration.ofMinutes(15))
		.accountMaxBackoff(Duration.ofSeconds(30))
		.build();

	@Test
	void backOffStartsAtTheThresholdAndDoubles() {
		this.throttle.loginFailed("alice", ATTACKER);
		this.throttle.loginFailed("alice", ATTACKER);
		assertThat(this.throttle.checkLogin("alice", ATTACKER)).isEmpty();
		this.throttle.loginFailed("alice", ATTACKER);
		assertThat(this.throttle.checkLogin("alice", ATTACKER)).contains(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.throttle.checkLogin("alice", ATTACKER)).isEmpty();
		this.throttle.loginFailed("alice", ATTACKER);
		assertThat(this.throttle.checkLogin("alice", ATTACKER)).contains(Duration.ofSeconds(2));
		this.clock.advance(Duration.ofSeconds(2));
		this.throttle.loginFailed("alice", ATTACKER);
		assertThat(this.throttle.checkLogin("alice", ATTACKER)).contains(Duration.ofSeconds(4));
	}

	@Test
	void backOffOfTheAttackerGrowsToTheMaximumButTheAccountsStaysBounded() {
		for (int i = 0; i < 40; i++) {
			this.throttle.checkLogin("alice", ATTACKER).ifPresent(this.clock::advance);
			this.throttle.loginFailed("alice", ATTACKER);
		}
		assertThat(this.throttle.checkLogin("alice", ATTACKER)).contains(Duration.ofMinutes(15));
		// the real user, elsewhere, waits at most the account's bound
		assertThat(this.throttle.checkLogin("alice", USER_ADDRESS))
			.hasValueSatisfying((wait) -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.throttle.checkLogin("alice", USER_ADDRESS)).isEmpty();
		// while the attacker is still held back
		assertThat(this.throttle.checkLogin("alice", ATTACKER)).isPresent();
	}

	@Test
	void otherAccountsAreNotThrottledBelowTheAddressThreshold() {
		for (int i = 0; i < 3; i++) {
			this.throttle.loginFailed("alice", ATTACKER);
		}
		assertThat(this.throttle.checkLogin("alice", ATTACKER)).isPresent();
		assertThat(this.throttle.checkLogin("bob", ATTACKER)).isEmpty();
	}

	@Test
	void anAddressFailingForManyAccountsIsThrottled() {
		for (int i = 0; i < 10; i++) {
			this.throttle.loginFailed("user-" + i, ATTACKER);
		}
		assertThat(this.throttle.checkLogin("someone-else", ATTACKER)).contains(Duration.ofSeconds(1));
		assertThat(this.throttle.checkAddress(ATTACKER)).contains(Duration.ofSeconds(1));
		assertThat(this.throttle.checkAddress(USER_ADDRESS)).isEmpty();
	}

	@Test
	void addressFailuresCountTowardsTheAddress() {
		for (int i = 0; i < 9; i++) {
			this.throttle.addressFailed(ATTACKER);
		}
		assertThat(this.throttle.checkAddress(ATTACKER)).isEmpty();
		this.throttle.addressFailed(ATTACKER);
		assertThat(this.throttle.checkAddress(ATTACKER)).contains(Duration.ofSeconds(1));
	}

	@Test
	void successForgetsTheFailuresOfTheAccountFromThatAddress() {
		this.throttle.loginFailed("alice", USER_ADDRESS);
		this.throttle.loginFailed("alice", USER_ADDRESS);
		this.throttle.loginSucceeded("alice", USER_ADDRESS);
		this.throttle.loginFailed("alice", USER_ADDRESS);
		// two failures on the pair key since the success; the account key counts three
		assertThat(this.store.find(this.throttle.pairKey("alice", USER_ADDRESS), this.clock.instant()).get().failures())
			.isEqualTo(1);
		assertThat(this.throttle.checkLogin("alice", USER_ADDRESS)).contains(Duration.ofSeconds(1));
	}

	@Test
	void accountNamesAreComparedWithoutCase() {
		this.throttle.loginFailed("alice", ATTACKER);
		this.throttle.loginFailed("Alice", ATTACKER);
		this.throttle.loginFailed(" ALICE", ATTACKER);
		assertThat(this.throttle.checkLogin("alice", ATTACKER)).isPresent();
	}

	@Test
	void keysHoldNoNameOrAddressInClear() {
		String account = this.throttle.accountKey("alice");
		String pair = this.throttle.pairKey("alice", ATTACKER);
		String address = this.throttle.addressKey(ATTACKER);
		assertThat(account + pair + address).doesNotContain("alice").doesNotContain(ATTACKER);
		assertThat(account).matches("acct:[A-Za-z0-9_-]{43}");
		assertThat(pair.length()).isLessThanOrEqualTo(64);
		// another namespace, other keys
		assertThat(AttemptThrottle.builder(this.store).namespace("other").build().accountKey("alice"))
			.isNotEqualTo(account);
	}

	@Test
	void failuresAreForgottenAfterTheWindowAndTheBackOff() {
		for (int i = 0; i < 3; i++) {
			this.throttle.loginFailed("alice", ATTACKER);
		}
		this.clock.advance(Duration.ofMinutes(15).plus(Duration.ofMinutes(15)));
		this.throttle.loginFailed("alice", ATTACKER);
		assertThat(this.throttle.checkLogin("alice", ATTACKER)).isEmpty();
	}

	@Test
	void unlimitedNeverRefuses() {
		AttemptThrottle unlimited = AttemptThrottle.unlimited();
		for (int i = 0; i < 100; i++) {
			unlimited.loginFailed("alice", ATTACKER);
		}
		assertThat(unlimited.checkLogin("alice", ATTACKER)).isEmpty();
		assertThat(unlimited.isEnabled()).isFalse();
		assertThat(this.throttle.isEnabled()).isTrue();
	}

	@Test
	void backOffNeverOverflows() {
		assertThat(this.throttle.backoff(Integer.MAX_VALUE, 3, Duration.ofMinutes(15)))
			.isEqualTo(Duration.ofMinutes(15));
		assertThat(this.throttle.backoff(2, 3, Duration.ofMinutes(15))).isZero();
	}

	@Test
	void refusesInconsistentSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> AttemptThrottle.builder(this.store).maxFailures(0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AttemptThrottle.builder(this.store).window(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> AttemptThrottle.builder(this.store)
			.maxBackoff(Duration.ofSeconds(10))
			.accountMaxBackoff(Duration.ofSeconds(30))
			.build());
	}

	@Test
	void aFailureCountedByAnInstanceWhoseClockIsAheadNeverLengthensTheBackOff() {
		String key = this.throttle.addressKey(ATTACKER);
		for (int i = 0; i < 9; i++) {
			this.store.recordFailure(key, this.clock.instant().plusSeconds(60), Duration.ofHours(1));
		}
		assertThat(this.throttle.checkAddress(ATTACKER)).isEmpty();
		this.store.recordFailure(key, this.clock.instant().plusSeconds(60), Duration.ofHours(1));
		assertThat(this.throttle.checkAddress(ATTACKER)).contains(Duration.ofSeconds(1));
	}

	@Test
	void anAccountsPasswordIsCheckedOnceAtATimeSoParallelGuessesCannotOutrunTheCount() {
		assertThat(this.throttle.startLogin("alice")).isTrue();
		assertThat(this.throttle.startLogin("Alice")).isFalse();
		assertThat(this.throttle.startLogin("bob")).isTrue();
		this.throttle.endLogin("alice");
		assertThat(this.throttle.startLogin("alice")).isTrue();
	}

}
