/**
 * Refresh-token, revocation, failed-attempt and signing-key stores on a relational
 * database, through Spring JDBC.
 */
@NullMarked
package io.github.jwtauth.store.jdbc;

import org.jspecify.annotations.NullMarked;
