package io.github.jwtauth.refresh;

import java.time.Instant;

/**
 * A stored refresh token. Only the hash of the token is kept, never the token.
 *
 * @param tokenHash the SHA-256 hash of the token (Base64URL)
 * @param familyId the login session (family) the token belongs to; the {@code sid} of its
 * access tokens
 * @param subject the user
 * @param issuedAt when this token was issued
 * @param expiresAt when this token expires if not used (idle timeout, capped by the
 * family lifetime)
 * @param familyExpiresAt the absolute end of the family
 */
public record RefreshTokenRecord(String tokenHash, String familyId, String subject, Instant issuedAt, Instant expiresAt,
		Instant familyExpiresAt) {

	/**
	 * Whether this token can no longer be used at {@code now}.
	 * @param now the current time
	 * @return {@code true} if expired
	 */
	public boolean isExpired(Instant now) {
		return !now.isBefore(this.expiresAt) || !now.isBefore(this.familyExpiresAt);
	}

}
