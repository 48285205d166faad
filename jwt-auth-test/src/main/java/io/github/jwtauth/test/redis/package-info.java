/**
 * A real Redis Cluster for tests: six {@code redis-server} processes started and stopped
 * by the tests themselves.
 */
@NullMarked
package io.github.jwtauth.test.redis;

import org.jspecify.annotations.NullMarked;
