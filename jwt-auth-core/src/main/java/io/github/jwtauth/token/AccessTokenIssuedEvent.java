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
 */
public record AccessTokenIssuedEvent(String subject, String tokenId, @Nullable String sessionId, Instant issuedAt,
		Instant expiresAt) {

}
