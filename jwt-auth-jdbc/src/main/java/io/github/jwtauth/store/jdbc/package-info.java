/**
 * Refresh-token and revocation stores on a relational database, through Spring JDBC.
 */
@NullMarked
package io.github.jwtauth.store.jdbc;

import org.jspecify.annotations.NullMarked;
