package io.github.jwtauth.keys;

/**
 * A key could not sign, verify, wrap or unwrap: for example an HSM or KMS that is not
 * reachable, or stored key material that does not decrypt.
 */
public class KeyOperationException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what failed
	 * @param cause the cause
	 */
	public KeyOperationException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Create an exception.
	 * @param message what failed
	 */
	public KeyOperationException(String message) {
		super(message);
	}

}
