/**
 * A plain Servlet filter that authenticates bearer tokens without Spring Security.
 */
@NullMarked
package io.github.jwtauth.web.servlet;

import org.jspecify.annotations.NullMarked;
