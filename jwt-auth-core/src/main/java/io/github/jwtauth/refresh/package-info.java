/**
 * Login sessions with rotating refresh tokens, reuse detection, the store SPI and the
 * in-memory store.
 */
@NullMarked
package io.github.jwtauth.refresh;

import org.jspecify.annotations.NullMarked;
