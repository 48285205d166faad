/**
 * The revocation feed: the issuer's ordered log of the revocations its replica holds, the
 * signed documents that publish it, and the store through which a resource server follows
 * it.
 */
@NullMarked
package io.github.jwtauth.revocation.feed;

import org.jspecify.annotations.NullMarked;
