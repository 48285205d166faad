package io.github.jwtauth.keys.rotation;

import java.time.Duration;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.keys.KeyAlgorithms;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * When managed keys are created, activated and removed. <pre>
 * key n    |--published--|=========== signs (period) ===========|--still published (retainAfter)--|
 * key n+1                        |--published (publishAhead)--|========== signs ==========...
 * </pre> A key signs for {@code period}; its successor is created and published
 * {@code publishAhead} before it takes over, long enough for every cached copy of the JWK
 * Set ({@code Cache-Control: max-age}) to expire and every instance to read the store;
 * once replaced, a key stays published for {@code retainAfter}, long enough for the last
 * token it signed to expire, then it is removed.
 *
 * @param algorithm the algorithm of new keys
 * @param period how long a key signs
 * @param publishAhead how long before it signs a key is published
 * @param retainAfter how long a replaced key still verifies
 * @param checkInterval how often each instance reads the store
 */
public record RotationPolicy(JWSAlgorithm algorithm, Duration period, Duration publishAhead, Duration retainAfter,
		Duration checkInterval) {

	/** The default period: 30 days. */
	public static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

	/** The default check interval: 1 minute. */
	public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(1);

	/** The margin added to derived durations: 5 minutes. */
	public static final Duration DEFAULT_MARGIN = Duration.ofMinutes(5);

	/**
	 * Create a policy.
	 * @param algorithm the algorithm of new keys
	 * @param period how long a key signs
	 * @param publishAhead how long before it signs a key is published
	 * @param retainAfter how long a replaced key still verifies
	 * @param checkInterval how often each instance reads the store
	 */
	public RotationPolicy {
		Assert.notNull(algorithm, "algorithm must not be null");
		Assert.isTrue(KeyAlgorithms.supported().contains(algorithm),
				() -> "'" + algorithm + "' is not a supported algorithm");
		requirePositive(period, "period");
		requirePositive(publishAhead, "publishAhead");
		requirePositive(retainAfter, "retainAfter");
		requirePositive(checkInterval, "checkInterval");
		Assert.isTrue(publishAhead.plus(checkInterval).compareTo(period) < 0, () -> "publishAhead (" + publishAhead
				+ ") plus checkInterval (" + checkInterval + ") must be shorter than the period (" + period + ")");
		Assert.isTrue(checkInterval.multipliedBy(2).compareTo(publishAhead) <= 0,
				() -> "checkInterval (" + checkInterval + ") must be at most half of publishAhead (" + publishAhead
						+ "): every instance must read a new key well before it signs");
	}

	private static void requirePositive(Duration duration, String name) {
		Assert.notNull(duration, () -> name + " must not be null");
		Assert.isTrue(!duration.isNegative() && !duration.isZero(), () -> name + " must be positive");
	}

	/**
	 * The default publish-ahead time: the JWK Set's cache lifetime, plus the clock skew
	 * between instances, plus the check interval (a successor created late, at
	 * {@code now + publishAhead}, reaches the other instances up to one check later),
	 * plus {@link #DEFAULT_MARGIN}.
	 * @param jwksMaxAge the JWK Set's {@code max-age}
	 * @param clockSkew the clock skew allowed
	 * @param checkInterval how often each instance reads the store
	 * @return the duration
	 */
	public static Duration defaultPublishAhead(Duration jwksMaxAge, Duration clockSkew, Duration checkInterval) {
		return minimumPublishAhead(jwksMaxAge, clockSkew, checkInterval).plus(DEFAULT_MARGIN);
	}

	/**
	 * The shortest safe publish-ahead time: the JWK Set's cache lifetime, plus the clock
	 * skew, plus the check interval. A shorter one lets a key sign before every cached
	 * copy of the JWK Set (served by an instance that read the store up to one check
	 * late) holds it.
	 * @param jwksMaxAge the JWK Set's {@code max-age}
	 * @param clockSkew the clock skew allowed
	 * @param checkInterval how often each instance reads the store
	 * @return the duration
	 */
	public static Duration minimumPublishAhead(Duration jwksMaxAge, Duration clockSkew, Duration checkInterval) {
		return jwksMaxAge.plus(clockSkew).plus(checkInterval);
	}

	/**
	 * The default retention of a replaced key: the longest life of a token it signed (the
	 * access-token lifetime), plus the clock skew, plus {@link #DEFAULT_MARGIN}. The
	 * revocation feed's signed answers live much shorter than an access token and are
	 * covered.
	 * @param accessTokenTtl the access-token lifetime
	 * @param clockSkew the clock skew allowed
	 * @return the duration
	 */
	public static Duration defaultRetainAfter(Duration accessTokenTtl, Duration clockSkew) {
		return accessTokenTtl.plus(clockSkew).plus(DEFAULT_MARGIN);
	}

	/**
	 * A builder.
	 * @param algorithm the algorithm of new keys
	 * @return the builder
	 */
	public static Builder builder(JWSAlgorithm algorithm) {
		return new Builder(algorithm);
	}

	/**
	 * Builds a {@link RotationPolicy}; unset durations default from the token and JWK Set
	 * settings given with {@link #derivedFrom}.
	 */
	public static final class Builder {

		private final JWSAlgorithm algorithm;

		private Duration period = DEFAULT_PERIOD;

		private Duration checkInterval = DEFAULT_CHECK_INTERVAL;

		private @Nullable Duration publishAhead;

		private @Nullable Duration retainAfter;

		private Duration jwksMaxAge = Duration.ofMinutes(5);

		private Duration accessTokenTtl = Duration.ofMinutes(10);

		private Duration clockSkew = Duration.ofSeconds(30);

		private Builder(JWSAlgorithm algorithm) {
			this.algorithm = algorithm;
		}

		/**
		 * The settings the defaults derive from.
		 * @param jwksMaxAge the JWK Set's cache lifetime (default 5 minutes)
		 * @param accessTokenTtl the access-token lifetime (default 10 minutes)
		 * @param clockSkew the clock skew allowed (default 30 seconds)
		 * @return this builder
		 */
		public Builder derivedFrom(Duration jwksMaxAge, Duration accessTokenTtl, Duration clockSkew) {
			this.jwksMaxAge = jwksMaxAge;
			this.accessTokenTtl = accessTokenTtl;
			this.clockSkew = clockSkew;
			return this;
		}

		/**
		 * How long a key signs.
		 * @param period the period (default 30 days)
		 * @return this builder
		 */
		public Builder period(Duration period) {
			this.period = period;
			return this;
		}

		/**
		 * How long before it signs a key is published.
		 * @param publishAhead the time, or {@code null} for the default
		 * @return this builder
		 */
		public Builder publishAhead(@Nullable Duration publishAhead) {
			this.publishAhead = publishAhead;
			return this;
		}

		/**
		 * How long a replaced key still verifies.
		 * @param retainAfter the time, or {@code null} for the default
		 * @return this builder
		 */
		public Builder retainAfter(@Nullable Duration retainAfter) {
			this.retainAfter = retainAfter;
			return this;
		}

		/**
		 * How often each instance reads the store.
		 * @param checkInterval the interval (default 1 minute)
		 * @return this builder
		 */
		public Builder checkInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
			return this;
		}

		/**
		 * Build the policy.
		 * @return the policy
		 * @throws IllegalArgumentException if the durations do not fit together
		 */
		public RotationPolicy build() {
			Duration ahead = (this.publishAhead != null) ? this.publishAhead
					: defaultPublishAhead(this.jwksMaxAge, this.clockSkew, this.checkInterval);
			Duration retain = (this.retainAfter != null) ? this.retainAfter
					: defaultRetainAfter(this.accessTokenTtl, this.clockSkew);
			return new RotationPolicy(this.algorithm, this.period, ahead, retain, this.checkInterval);
		}

	}

}
