package io.github.jwtauth.throttle;

import java.time.Instant;

/**
 * The failures recorded under one key and not yet forgotten.
 *
 * @param failures how many failures are counted
 * @param lastFailure when the last one happened
 */
public record Attempts(int failures, Instant lastFailure) {

}
