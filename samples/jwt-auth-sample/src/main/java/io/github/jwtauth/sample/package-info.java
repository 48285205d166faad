/**
 * The sample application protected by the starter.
 */
@NullMarked
package io.github.jwtauth.sample;

import org.jspecify.annotations.NullMarked;
