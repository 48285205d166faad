/**
 * Test support: real access tokens of the application under test, arbitrary test tokens
 * and a test clock.
 */
@NullMarked
package io.github.jwtauth.test;

import org.jspecify.annotations.NullMarked;
