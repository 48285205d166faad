/**
 * JUnit support: tests that need a real server.
 */
@NullMarked
package io.github.jwtauth.test.junit;

import org.jspecify.annotations.NullMarked;
