package io.github.jwtauth.token;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.util.Assert;

/**
 * A refused token, with the {@link TokenRefusalReason reason} of the refusal. Carries no
 * stack trace: refusals are expected input, answered as 401 {@code invalid_token}, and
 * filling in a deep servlet stack per bad token would make rejecting garbage cost more
 * than accepting a valid token.
 */
public class InvalidTokenException extends BadJwtException {

	private final TokenRefusalReason reason;

	/**
	 * Create an exception of the reason {@link TokenRefusalReason#OTHER}.
	 * @param message a description safe to show the client
	 */
	public InvalidTokenException(String message) {
		this(message, TokenRefusalReason.OTHER);
	}

	/**
	 * Create an exception.
	 * @param message a description safe to show the client
	 * @param reason why the token is refused
	 */
	public InvalidTokenException(String message, TokenRefusalReason reason) {
		super(message);
		Assert.notNull(reason, "reason must not be null");
		this.reason = reason;
	}

	/**
	 * Why the token is refused.
	 * @return the reason
	 */
	public TokenRefusalReason getReason() {
		return this.reason;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
