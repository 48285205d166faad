/**
 * Contract test suites for refresh-token, revocation, failed-attempt and signing-key
 * stores.
 */
@NullMarked
package io.github.jwtauth.test.store;

import org.jspecify.annotations.NullMarked;
