package io.github.jwtauth.throttle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Throttles failed attempts (brute-force protection) with a growing back-off, counted in
 * an {@link AttemptStore} under three keys:
 * <ul>
 * <li>the client address: every failure from it, at login, refresh and revocation;</li>
 * <li>the account and the client address together: failed logins;</li>
 * <li>the account alone: failed logins from every address.</li>
 * </ul>
 * Once a key has counted its threshold of failures ({@link Builder#maxFailures} for the
 * account keys, {@link Builder#addressMaxFailures} for the address), every further
 * failure is followed by a back-off during which attempts are refused before any
 * credential is checked: the initial back-off, doubled at each failure up to the maximum.
 * The account key's back-off is capped at a small bound
 * ({@link Builder#accountMaxBackoff}), so failures from other addresses can delay a user
 * only by that bound; the address and pair keys grow to the full maximum. A successful
 * login forgets the pair key. A key's failures are forgotten once the window plus its
 * largest back-off has passed since its last failure. Refused attempts are not counted.
 * <p>
 * Keys are SHA-256 hashes of a namespace and the value, so the store never holds a user
 * name or an address in clear. Account names are compared without case, as most user
 * stores do, so a change of case does not start a fresh count.
 */
public final class AttemptThrottle {

	private static final Duration MAX_EXPONENT_BACKOFF = Duration.ofDays(365);

	private final @Nullable AttemptStore store;

	private final Clock clock;

	private final String namespace;

	private final int maxFailures;

	private final int addressMaxFailures;

	private final Duration window;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Duration accountMaxBackoff;

	/** Accounts whose password is being checked on this instance. */
	private final Set<String> loginsInFlight = ConcurrentHashMap.newKeySet();

	private AttemptThrottle(Builder builder) {
		this.store = builder.store;
		this.clock = builder.clock;
		this.namespace = builder.namespace;
		this.maxFailures = builder.maxFailures;
		this.addressMaxFailures = builder.addressMaxFailures;
		this.window = builder.window;
		this.initialBackoff = builder.initialBackoff;
		this.maxBackoff = builder.maxBackoff;
		this.accountMaxBackoff = builder.accountMaxBackoff;
	}

	/**
	 * Start building a throttle on a store.
	 * @param store the store of the counters
	 * @return a builder with the defaults: 5 failures per account, 20 per address, a
	 * 15-minute window, a back-off from 1 second to 15 minutes and at most 30 seconds for
	 * the account alone
	 */
	public static Builder builder(AttemptStore store) {
		return new Builder(store);
	}

	/**
	 * A throttle that never refuses, for an application that opted out explicitly.
	 * @return the throttle
	 */
	public static AttemptThrottle unlimited() {
		return new Builder(null).build();
	}

	/**
	 * Whether this throttle counts anything.
	 * @return {@code false} for {@link #unlimited()}
	 */
	public boolean isEnabled() {
		return this.store != null;
	}

	/**
	 * Check a login before its password is checked.
	 * @param account the user name given
	 * @param address the client address
	 * @return how long the client must wait, or empty when it may try now
	 */
	public Optional<Duration> checkLogin(String account, String address) {
		AttemptStore store = this.store;
		if (store == null) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		Duration wait = max(
				max(wait(store, addressKey(address), now, this.addressMaxFailures, this.maxBackoff),
						wait(store, pairKey(account, address), now, this.maxFailures, this.maxBackoff)),
				wait(store, accountKey(account), now, this.maxFailures, this.accountMaxBackoff));
		return wait.isZero() ? Optional.empty() : Optional.of(wait);
	}

	/**
	 * Start checking the password of an account, unless another check of it is under way
	 * on this instance: without this guard, parallel guesses would all pass
	 * {@link #checkLogin} before the first failure is counted. Call
	 * {@link #endLogin(String)} when the check is over.
	 * @param account the user name given
	 * @return {@code false} if the account's password is being checked already
	 */
	public boolean startLogin(String account) {
		return this.store == null || this.loginsInFlight.add(accountKey(account));
	}

	/**
	 * End a check started by {@link #startLogin(String)}.
	 * @param account the user name given
	 */
	public void endLogin(String account) {
		if (this.store != null) {
			this.loginsInFlight.remove(accountKey(account));
		}
	}

	/**
	 * Count a failed login.
	 * @param account the user name given
	 * @param address the client address
	 */
	public void loginFailed(String account, String address) {
		AttemptStore store = this.store;
		if (store == null) {
			return;
		}
		Instant now = this.clock.instant();
		store.recordFailure(addressKey(address), now, this.window.plus(this.maxBackoff));
		store.recordFailure(pairKey(account, address), now, this.window.plus(this.maxBackoff));
		store.recordFailure(accountKey(account), now, this.window.plus(this.accountMaxBackoff));
	}

	/**
	 * Forget the failed logins of an account from an address, after a successful login.
	 * @param account the user name
	 * @param address the client address
	 */
	public void loginSucceeded(String account, String address) {
		AttemptStore store = this.store;
		if (store != null) {
			store.reset(pairKey(account, address));
		}
	}

	/**
	 * Check a request that is throttled by client address only (refresh, revocation).
	 * @param address the client address
	 * @return how long the client must wait, or empty when it may try now
	 */
	public Optional<Duration> checkAddress(String address) {
		AttemptStore store = this.store;
		if (store == null) {
			return Optional.empty();
		}
		Duration wait = wait(store, addressKey(address), this.clock.instant(), this.addressMaxFailures,
				this.maxBackoff);
		return wait.isZero() ? Optional.empty() : Optional.of(wait);
	}

	/**
	 * Count a failure from a client address (an unknown or invalid token).
	 * @param address the client address
	 */
	public void addressFailed(String address) {
		AttemptStore store = this.store;
		if (store != null) {
			store.recordFailure(addressKey(address), this.clock.instant(), this.window.plus(this.maxBackoff));
		}
	}

	/**
	 * The back-off after a number of failures.
	 * @param failures the failures counted
	 * @param threshold the failures allowed before back-off
	 * @param cap the largest back-off
	 * @return the back-off, zero below the threshold
	 */
	Duration backoff(int failures, int threshold, Duration cap) {
		if (failures < threshold) {
			return Duration.ZERO;
		}
		int doublings = Math.min(failures - threshold, 40);
		Duration backoff = this.initialBackoff;
		for (int i = 0; i < doublings && backoff.compareTo(cap) < 0
				&& backoff.compareTo(MAX_EXPONENT_BACKOFF) < 0; i++) {
			backoff = backoff.multipliedBy(2);
		}
		return min(backoff, cap);
	}

	private Duration wait(AttemptStore store, String key, Instant now, int threshold, Duration cap) {
		Optional<Attempts> attempts = store.find(key, now);
		if (attempts.isEmpty() || attempts.get().failures() < threshold) {
			return Duration.ZERO;
		}
		// never longer than the back-off itself, even if the failure was counted by an
		// instance whose clock is ahead of this one's
		Instant until = min(attempts.get().lastFailure(), now).plus(backoff(attempts.get().failures(), threshold, cap));
		return now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
	}

	String accountKey(String account) {
		return "acct:" + hash("account", normalize(account));
	}

	String pairKey(String account, String address) {
		return "pair:" + hash("pair", normalize(account) + '\u0000' + address);
	}

	String addressKey(String address) {
		return "addr:" + hash("address", address);
	}

	private static String normalize(String account) {
		return account.strip().toLowerCase(Locale.ROOT);
	}

	private String hash(String kind, String value) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((this.namespace + '\u0000' + kind + '\u0000').getBytes(StandardCharsets.UTF_8));
			byte[] hash = digest.digest(value.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/**
	 * Builds an {@link AttemptThrottle}.
	 */
	public static final class Builder {

		private final @Nullable AttemptStore store;

		private Clock clock = Clock.systemUTC();

		private String namespace = "jwt-auth";

		private int maxFailures = 5;

		private int addressMaxFailures = 20;

		private Duration window = Duration.ofMinutes(15);

		private Duration initialBackoff = Duration.ofSeconds(1);

		private Duration maxBackoff = Duration.ofMinutes(15);

		private Duration accountMaxBackoff = Duration.ofSeconds(30);

		private Builder(@Nullable AttemptStore store) {
			this.store = store;
		}

		/**
		 * The clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * A namespace mixed into every key's hash, so that applications sharing a store
		 * do not share counters (for example the issuer).
		 * @param namespace the namespace
		 * @return this builder
		 */
		public Builder namespace(String namespace) {
			Assert.hasText(namespace, "namespace must not be blank");
			this.namespace = namespace;
			return this;
		}

		/**
		 * Failed logins of an account (from all addresses, or from one) before back-off
		 * starts.
		 * @param maxFailures at least 1
		 * @return this builder
		 */
		public Builder maxFailures(int maxFailures) {
			Assert.isTrue(maxFailures > 0, "maxFailures must be at least 1");
			this.maxFailures = maxFailures;
			return this;
		}

		/**
		 * Failures from one client address before back-off starts.
		 * @param addressMaxFailures at least 1
		 * @return this builder
		 */
		public Builder addressMaxFailures(int addressMaxFailures) {
			Assert.isTrue(addressMaxFailures > 0, "addressMaxFailures must be at least 1");
			this.addressMaxFailures = addressMaxFailures;
			return this;
		}

		/**
		 * How long failures are remembered after the back-off they caused.
		 * @param window a positive duration
		 * @return this builder
		 */
		public Builder window(Duration window) {
			Assert.isTrue(window != null && window.compareTo(Duration.ZERO) > 0, "window must be positive");
			this.window = window;
			return this;
		}

		/**
		 * The first back-off, doubled at each further failure.
		 * @param initialBackoff a positive duration
		 * @return this builder
		 */
		public Builder initialBackoff(Duration initialBackoff) {
			Assert.isTrue(initialBackoff != null && initialBackoff.compareTo(Duration.ZERO) > 0,
					"initialBackoff must be positive");
			this.initialBackoff = initialBackoff;
			return this;
		}

		/**
		 * The largest back-off of an address and of an account from one address.
		 * @param maxBackoff a positive duration
		 * @return this builder
		 */
		public Builder maxBackoff(Duration maxBackoff) {
			Assert.isTrue(maxBackoff != null && maxBackoff.compareTo(Duration.ZERO) > 0, "maxBackoff must be positive");
			this.maxBackoff = maxBackoff;
			return this;
		}

		/**
		 * The largest back-off of an account caused by failures from all addresses: the
		 * longest failures from elsewhere can keep its user out.
		 * @param accountMaxBackoff a positive duration
		 * @return this builder
		 */
		public Builder accountMaxBackoff(Duration accountMaxBackoff) {
			Assert.isTrue(accountMaxBackoff != null && accountMaxBackoff.compareTo(Duration.ZERO) > 0,
					"accountMaxBackoff must be positive");
			this.accountMaxBackoff = accountMaxBackoff;
			return this;
		}

		/**
		 * Build the throttle.
		 * @return the throttle
		 */
		public AttemptThrottle build() {
			Assert.isTrue(this.initialBackoff.compareTo(this.maxBackoff) <= 0,
					"initialBackoff must not exceed maxBackoff");
			Assert.isTrue(this.accountMaxBackoff.compareTo(this.maxBackoff) <= 0,
					"accountMaxBackoff must not exceed maxBackoff");
			return new AttemptThrottle(this);
		}

	}

}
