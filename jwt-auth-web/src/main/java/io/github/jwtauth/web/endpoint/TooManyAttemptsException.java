package io.github.jwtauth.web.endpoint;

import java.time.Duration;

/**
 * A token endpoint request refused because too many attempts failed before it: 429
 * {@code too_many_requests} with a {@code Retry-After}.
 */
public class TooManyAttemptsException extends RuntimeException {

	private final Duration retryAfter;

	/**
	 * Create an exception.
	 * @param retryAfter how long the client must wait
	 */
	public TooManyAttemptsException(Duration retryAfter) {
		super("Too many failed attempts");
		this.retryAfter = retryAfter;
	}

	/**
	 * How long the client must wait.
	 * @return the wait
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * The wait in whole seconds, rounded up, at least 1, as {@code Retry-After} gives it.
	 * @return the seconds
	 */
	public long getRetryAfterSeconds() {
		long millis = this.retryAfter.toMillis();
		return Math.max(1, (millis + 999) / 1000);
	}

}
