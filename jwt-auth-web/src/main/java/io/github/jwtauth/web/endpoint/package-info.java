/**
 * The token endpoints (Spring MVC): login, refresh, logout, revocation, the JWK Set and
 * the authorization-server metadata (RFC 8414).
 */
@NullMarked
package io.github.jwtauth.web.endpoint;

import org.jspecify.annotations.NullMarked;
