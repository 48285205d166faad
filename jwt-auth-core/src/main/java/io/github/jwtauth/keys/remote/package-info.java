/**
 * Another issuer's JWK Set, fetched over HTTP and cached: {@code Cache-Control} honoured
 * within bounds, a rate-limited re-fetch on an unknown key ID, the last good set kept
 * while the issuer cannot be reached.
 */
@NullMarked
package io.github.jwtauth.keys.remote;

import org.jspecify.annotations.NullMarked;
