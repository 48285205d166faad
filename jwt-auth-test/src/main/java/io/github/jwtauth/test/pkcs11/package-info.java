/**
 * PKCS#11 test support: a SoftHSM2 token whose keys never leave it.
 */
@NullMarked
package io.github.jwtauth.test.pkcs11;

import org.jspecify.annotations.NullMarked;
