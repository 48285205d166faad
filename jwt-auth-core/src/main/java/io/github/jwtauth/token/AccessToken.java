package io.github.jwtauth.token;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An issued access token.
 *
 * @param tokenValue the compact JWS
 * @param tokenId the {@code jti} claim
 * @param subject the {@code sub} claim
 * @param sessionId the {@code sid} claim, or {@code null} for a token outside a login
 * session
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 */
public record AccessToken(String tokenValue, String tokenId, String subject, @Nullable String sessionId,
		Instant issuedAt, Instant expiresAt) {

	@Override
	public String toString() {
		return "AccessToken[tokenId=" + this.tokenId + ", subject=" + this.subject + ", expiresAt=" + this.expiresAt
				+ "]";
	}

}
