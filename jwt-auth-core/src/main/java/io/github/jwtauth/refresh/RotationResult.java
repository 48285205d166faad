package io.github.jwtauth.refresh;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link RefreshTokenStore#rotate}.
 *
 * @param status what happened
 * @param presented the presented token's record, {@code null} when it was not found
 * @param next the new token's record when rotated, otherwise {@code null}
 */
public record RotationResult(Status status, @Nullable RefreshTokenRecord presented, @Nullable RefreshTokenRecord next) {

	/**
	 * Rotation outcomes.
	 */
	public enum Status {

		/**
		 * The presented token was spent and the next one stored.
		 */
		ROTATED,

		/**
		 * The presented token had been spent before: the store revoked its family.
		 */
		REUSED,

		/**
		 * The token or its family expired.
		 */
		EXPIRED,

		/**
		 * The family was revoked.
		 */
		REVOKED,

		/**
		 * No such token.
		 */
		NOT_FOUND

	}

}
