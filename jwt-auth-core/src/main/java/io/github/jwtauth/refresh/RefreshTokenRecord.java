package io.github.jwtauth.refresh;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

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
 * @param jkt the thumbprint of the DPoP key the family is bound to (RFC 9449 §5), or
 * {@code null} for an unbound family: set at login, kept by every rotation
 */
public record RefreshTokenRecord(String tokenHash, String familyId, String subject, Instant issuedAt, Instant expiresAt,
		Instant familyExpiresAt, @Nullable String jkt) {

	/**
	 * A stored refresh token of a family not bound to a DPoP key.
	 * @param tokenHash the SHA-256 hash of the token (Base64URL)
	 * @param familyId the login session (family) the token belongs to
	 * @param subject the user
	 * @param issuedAt when this token was issued
	 * @param expiresAt when this token expires if not used
	 * @param familyExpiresAt the absolute end of the family
	 */
	public RefreshTokenRecord(String tokenHash, String familyId, String subject, Instant issuedAt, Instant expiresAt,
			Instant familyExpiresAt) {
		this(tokenHash, familyId, subject, issuedAt, expiresAt, familyExpiresAt, null);
	}

	/**
	 * Whether this token can no longer be used at {@code now}.
	 * @param now the current time
	 * @return {@code true} if expired
	 */
	public boolean isExpired(Instant now) {
		return !now.isBefore(this.expiresAt) || !now.isBefore(this.familyExpiresAt);
	}

}
