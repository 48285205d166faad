/**
 * Automatic key rotation: keys created, published ahead of use, activated on schedule and
 * removed once every token they signed has expired, shared between instances through a
 * {@link io.github.jwtauth.keys.rotation.SigningKeyStore} that holds private keys only
 * encrypted.
 */
@NullMarked
package io.github.jwtauth.keys.rotation;

import org.jspecify.annotations.NullMarked;
