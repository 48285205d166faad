package io.github.jwtauth.revocation.feed;

/**
 * A cursor that this issuer cannot have minted: not a cursor at all, or one from the
 * future. The feed endpoint answers it with 400 {@code invalid_request}.
 */
public final class InvalidCursorException extends IllegalArgumentException {

	InvalidCursorException(String message) {
		super(message);
	}

}
