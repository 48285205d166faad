/**
 * Refresh-token, revocation, failed-attempt, signing-key and DPoP proof replay stores on
 * Redis, through Spring Data Redis.
 */
@NullMarked
package io.github.jwtauth.store.redis;

import org.jspecify.annotations.NullMarked;
