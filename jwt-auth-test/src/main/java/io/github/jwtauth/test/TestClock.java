package io.github.jwtauth.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.util.Assert;

/**
 * A clock that a test sets and moves forward. Declared as the application's {@link Clock}
 * bean, it drives issuance, expiry and revocation in jwt-auth: <pre>{@code
 * &#64;TestConfiguration
 * static class Clocks {
 *

&#64;Bean
 *     TestClock clock() {
 *         return TestClock.now();
 *     }
 * }
 * }</pre>
 */
public final class TestClock extends Clock {

	private volatile Instant now;

	private TestClock(Instant now) {
		this.now = now;
	}

	/**
	 * A clock that stands at the current time until moved.
	 * @return the clock
	 */
	public static TestClock now() {
		return new TestClock(Instant.now());
	}

	/**
	 * A clock that stands at an instant until moved.
	 * @param instant the instant
	 * @return the clock
	 */
	public static TestClock at(Instant instant) {
		Assert.notNull(instant, "instant must not be null");
		return new TestClock(instant);
	}

	/**
	 * Move the clock forward (or back, with a negative duration).
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	/**
	 * Set the clock.
	 * @param instant the new time
	 */
	public void set(Instant instant) {
		Assert.notNull(instant, "instant must not be null");
		this.now = instant;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}
