/**
 * The sample resource server that verifies the sample's tokens by its JWK Set.
 */
@NullMarked
package io.github.jwtauth.resourceserver;

import org.jspecify.annotations.NullMarked;
