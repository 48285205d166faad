/**
 * Auto-configuration of jwt-auth: properties, conditions, failure analysis and health.
 */
@NullMarked
package io.github.jwtauth.autoconfigure;

import org.jspecify.annotations.NullMarked;
