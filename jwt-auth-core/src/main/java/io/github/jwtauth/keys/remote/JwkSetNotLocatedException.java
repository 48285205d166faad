package io.github.jwtauth.keys.remote;

/**
 * The source does not know yet where the JWK Set is (for example, its issuer's metadata
 * is not discovered yet), so no JWK Set was fetched. A {@link JwkSetCache} refuses tokens
 * as for any failure, but does not wait its refresh interval before asking again: the
 * first need after the location becomes known fetches the set. Throw it only from a
 * source that bounds its own attempts to find the location (as the issuer discovery's
 * back-off does), since tokens then reach the source at every need until it succeeds.
 */
public class JwkSetNotLocatedException extends JwkSetUnavailableException {

	/**
	 * Create an exception.
	 * @param message a fixed description of the failure
	 */
	public JwkSetNotLocatedException(String message) {
		super(message);
	}

}
