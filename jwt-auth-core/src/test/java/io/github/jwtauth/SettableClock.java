package io.github.jwtauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The core unit tests' clock, moved by hand (jwt-auth-test's {@code TestClock} cannot be
 * used here: that module depends on this one).
 */
public final class SettableClock extends Clock {

	private volatile Instant now = Instant.now();

	/**
	 * Move the clock.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
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
