package io.github.jwtauth.web;

import io.github.jwtauth.token.TokenRefusalReason;

/**
 * Told of every access token that an {@link AccessTokenVerifier} refuses, with the reason
 * only (never the token or anything from it), for example to count refusals in a metric.
 * Called on the request thread before the refusal is answered: it must be quick and must
 * not throw (what it throws is ignored; the token stays refused).
 */
@FunctionalInterface
public interface AccessTokenRefusalListener {

	/**
	 * A token was refused.
	 * @param reason why
	 * @param dpop whether it was presented with the {@code DPoP} scheme (otherwise
	 * {@code Bearer})
	 */
	void refused(TokenRefusalReason reason, boolean dpop);

}
