/**
 * Sender-constrained access tokens with DPoP (RFC 9449): proof verification, key
 * thumbprints, server nonces and the shared replay cache of proof IDs.
 */
@NullMarked
package io.github.jwtauth.dpop;

import org.jspecify.annotations.NullMarked;
