/**
 * Throttling of failed attempts at the token endpoints (brute-force protection): the
 * policy, the attempt store SPI and the in-memory store.
 */
@NullMarked
package io.github.jwtauth.throttle;

import org.jspecify.annotations.NullMarked;
