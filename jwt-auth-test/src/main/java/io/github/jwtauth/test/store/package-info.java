/**
 * Contract test suites for refresh-token and revocation stores.
 */
@NullMarked
package io.github.jwtauth.test.store;

import org.jspecify.annotations.NullMarked;
