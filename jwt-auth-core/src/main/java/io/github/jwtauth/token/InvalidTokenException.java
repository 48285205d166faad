package io.github.jwtauth.token;

import org.springframework.security.oauth2.jwt.BadJwtException;

/**
 * A refused token. Carries no stack trace: refusals are expected input, answered as 401
 * {@code invalid_token}, and filling in a deep servlet stack per bad token would make
 * rejecting garbage cost more than accepting a valid token.
 */
public class InvalidTokenException extends BadJwtException {

	/**
	 * Create an exception.
	 * @param message a description safe to show the client
	 */
	public InvalidTokenException(String message) {
		super(message);
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
