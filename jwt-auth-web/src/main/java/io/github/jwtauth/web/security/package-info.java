/**
 * The Spring Security integration: the HTTP configurer, RFC 6750 answers, the
 * bearer-token resolver and the header checks.
 */
@NullMarked
package io.github.jwtauth.web.security;

import org.jspecify.annotations.NullMarked;
