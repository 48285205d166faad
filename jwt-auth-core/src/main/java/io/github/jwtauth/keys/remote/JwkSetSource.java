package io.github.jwtauth.keys.remote;

/**
 * Where a {@link JwkSetCache} gets the issuer's JWK Set from: {@link RemoteJwkSet} over
 * HTTP, or a fixed set.
 */
@FunctionalInterface
public interface JwkSetSource {

	/**
	 * Fetch the JWK Set once.
	 * @return the set and how long it may be cached
	 * @throws JwkSetUnavailableException if it cannot be fetched or is unusable
	 */
	JwkSetResponse fetch() throws JwkSetUnavailableException;

}
