/**
 * Keys: the active signing key, previous verification keys, key IDs and PEM reading.
 */
@NullMarked
package io.github.jwtauth.keys;

import org.jspecify.annotations.NullMarked;
