/**
 * Test support for DPoP (RFC 9449): a client key that makes proofs, good and bad.
 */
@NullMarked
package io.github.jwtauth.test.dpop;

import org.jspecify.annotations.NullMarked;
