/**
 * The token endpoints (Spring MVC): login, refresh, logout, revocation and the JWK Set.
 */
@NullMarked
package io.github.jwtauth.web.endpoint;

import org.jspecify.annotations.NullMarked;
