package io.github.jwtauth.keys.remote;

/**
 * The JWK Set could not be fetched or was refused. The message is a fixed description
 * (never the answer's content), safe to log.
 */
public class JwkSetUnavailableException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message a fixed description of the failure
	 */
	public JwkSetUnavailableException(String message) {
		super(message);
	}

}
