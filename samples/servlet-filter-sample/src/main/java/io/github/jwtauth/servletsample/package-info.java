/**
 * The sample API protected by the plain Servlet filter, without Spring Boot or Spring
 * Security.
 */
@NullMarked
package io.github.jwtauth.servletsample;

import org.jspecify.annotations.NullMarked;
