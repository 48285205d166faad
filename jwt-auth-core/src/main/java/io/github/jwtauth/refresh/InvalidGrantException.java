package io.github.jwtauth.refresh;

/**
 * A refresh token was refused; answered as 400 {@code invalid_grant} (RFC 6749 §5.2).
 */
public class InvalidGrantException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param description a description safe to show the client
	 */
	public InvalidGrantException(String description) {
		super(description);
	}

}
