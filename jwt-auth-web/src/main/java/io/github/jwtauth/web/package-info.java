/**
 * Web basics shared by the filter, the Spring Security integration and the endpoints: the
 * bearer header, challenges and JSON errors.
 */
@NullMarked
package io.github.jwtauth.web;

import org.jspecify.annotations.NullMarked;
