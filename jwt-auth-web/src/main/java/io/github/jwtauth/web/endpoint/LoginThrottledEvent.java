package io.github.jwtauth.web.endpoint;

import java.time.Duration;

/**
 * Published when a login is refused without checking its password because too many
 * attempts failed before it (brute-force throttling). Carries no password.
 *
 * @param username the user name given
 * @param retryAfter how long the client was told to wait
 */
public record LoginThrottledEvent(String username, Duration retryAfter) {

}
