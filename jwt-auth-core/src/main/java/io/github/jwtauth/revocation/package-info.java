/**
 * Revocation: the local replica checked on every request, its synchronizer, the store SPI
 * and the in-memory store.
 */
@NullMarked
package io.github.jwtauth.revocation;

import org.jspecify.annotations.NullMarked;
