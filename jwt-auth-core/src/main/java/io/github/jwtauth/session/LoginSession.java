package io.github.jwtauth.session;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A live login session (a refresh-token family) as its user sees it. The user agent and
 * client address are those of its last use (its login or its latest refresh), and only
 * where the application records them.
 *
 * @param id the session ID: the refresh family, the {@code sid} of its access tokens
 * @param subject the user
 * @param createdAt when the user logged in
 * @param lastUsedAt when the session was last used: its login or its latest refresh
 * @param expiresAt when the session ends unless it is refreshed before (the idle timeout
 * of its newest refresh token, capped by its absolute lifetime)
 * @param dpopBound whether the session is bound to a DPoP key (RFC 9449)
 * @param client the user agent and client address of the last use, empty unless recorded
 */
public record LoginSession(String id, String subject, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
		boolean dpopBound, ClientDetails client) {

	/**
	 * The user agent of the last use.
	 * @return the {@code User-Agent}, or {@code null} when not recorded
	 */
	public @Nullable String userAgent() {
		return this.client.userAgent();
	}

	/**
	 * The client address of the last use.
	 * @return the address, or {@code null} when not recorded
	 */
	public @Nullable String clientAddress() {
		return this.client.address();
	}

}
