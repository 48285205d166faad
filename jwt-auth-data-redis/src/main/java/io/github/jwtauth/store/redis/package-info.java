/**
 * Refresh-token, revocation, failed-attempt and signing-key stores on Redis, through
 * Spring Data Redis.
 */
@NullMarked
package io.github.jwtauth.store.redis;

import org.jspecify.annotations.NullMarked;
