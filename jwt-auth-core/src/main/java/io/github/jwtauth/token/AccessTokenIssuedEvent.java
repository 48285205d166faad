package io.github.jwtauth.token;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Published when an access token is issued.
 *
 * @param subject the subject
 * @param tokenId the {@code jti}
 * @param sessionId the login session, or {@code null}
 * @param issuedAt when it was issued
 * @param expiresAt when it expires
 * @param dpopBound whether it is bound to a DPoP key ({@code cnf.jkt})
 */
public record AccessTokenIssuedEvent(String subject, String tokenId, @Nullable String sessionId, Instant issuedAt,
		Instant expiresAt, boolean dpopBound) {

	/**
	 * An event for a bearer token (not DPoP-bound).
	 * @param subject the subject
	 * @param tokenId the {@code jti}
	 * @param sessionId the login session, or {@code null}
	 * @param issuedAt when it was issued
	 * @param expiresAt when it expires
	 */
	public AccessTokenIssuedEvent(String subject, String tokenId, @Nullable String sessionId, Instant issuedAt,
			Instant expiresAt) {
		this(subject, tokenId, sessionId, issuedAt, expiresAt, false);
	}

}
