/**
 * Access tokens: issuance, the strict decoder, verifiers, claim validation and the
 * validated-token cache.
 */
@NullMarked
package io.github.jwtauth.token;

import org.jspecify.annotations.NullMarked;
