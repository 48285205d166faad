/**
 * Discovery of another issuer from its metadata (RFC 8414, or OpenID Connect Discovery as
 * a fallback): the JWK Set and revocation feed of a resource server configured with
 * nothing but the issuer's URL, fetched lazily, checked ({@code issuer} equal to the
 * configured one, https URLs) and cached.
 */
@NullMarked
package io.github.jwtauth.discovery;

import org.jspecify.annotations.NullMarked;
