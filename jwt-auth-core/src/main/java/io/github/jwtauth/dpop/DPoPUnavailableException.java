package io.github.jwtauth.dpop;

/**
 * A DPoP proof that could not be checked because the replay store did not answer: the
 * request is refused as temporarily unavailable (503), never accepted.
 */
public final class DPoPUnavailableException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message what failed
	 * @param cause the store's failure
	 */
	public DPoPUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
