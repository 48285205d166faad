/**
 * Small building blocks shared by the feature packages, depending on none of them.
 */
@NullMarked
package io.github.jwtauth.support;

import org.jspecify.annotations.NullMarked;
