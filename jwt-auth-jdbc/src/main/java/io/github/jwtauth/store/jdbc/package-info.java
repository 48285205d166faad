/**
 * Refresh-token, revocation, failed-attempt, signing-key and DPoP proof replay stores on
 * a relational database, through Spring JDBC.
 */
@NullMarked
package io.github.jwtauth.store.jdbc;

import org.jspecify.annotations.NullMarked;
