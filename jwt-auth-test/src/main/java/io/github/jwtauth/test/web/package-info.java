/**
 * Web test support: a real-HTTP client of the token endpoints and a MockMvc bearer-token
 * post-processor.
 */
@NullMarked
package io.github.jwtauth.test.web;

import org.jspecify.annotations.NullMarked;
