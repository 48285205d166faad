package io.github.jwtauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationEntry.Kind;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

/**
 * The public API for revocation: revoke one access token, one login session (its refresh
 * family and its access tokens), or every token of a user, for example after a password
 * change. A revocation is recorded in the local {@link RevocationRegistry} at once and in
 * the {@link RevocationStore} for the other instances, and expires when the last token it
 * covers would have.
 */
public class TokenRevocationService {

	private final RevocationRegistry registry;

	private final RevocationStore store;

	private final RefreshTokenStore refreshTokens;

	private final Duration accessTokenLifetime;

	private final Duration clockSkew;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	/**
	 * Create a service.
	 * @param registry the local registry
	 * @param store the shared store
	 * @param refreshTokens the refresh token store
	 * @param accessTokenTtl how long an access token lives
	 * @param clockSkew the tolerated clock difference
	 * @param clock the clock
	 * @param events the event publisher
	 */
	public TokenRevocationService(RevocationRegistry registry, RevocationStore store, RefreshTokenStore refreshTokens,
			Duration accessTokenTtl, Duration clockSkew, Clock clock, ApplicationEventPublisher events) {
		this.registry = registry;
		this.store = store;
		this.refreshTokens = refreshTokens;
		this.accessTokenLifetime = accessTokenTtl.plus(clockSkew);
		this.clockSkew = clockSkew;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Revoke one access token until it expires. A token without {@code jti} cannot be
	 * revoked alone: every token of its subject issued up to now is revoked instead.
	 * @param jwt the token
	 */
	public void revokeAccessToken(Jwt jwt) {
		Assert.notNull(jwt, "jwt must not be null");
		if (jwt.getId() == null) {
			revokeAllTokens(jwt.getSubject(), "revoke");
			return;
		}
		Instant now = this.clock.instant();
		Instant expiresAt = (jwt.getExpiresAt() != null) ? jwt.getExpiresAt().plus(this.clockSkew)
				: now.plus(this.accessTokenLifetime);
		record(new RevocationEntry(Kind.TOKEN, jwt.getId(), now, expiresAt));
		this.events.publishEvent(new TokenRevokedEvent(jwt.getSubject(), Kind.TOKEN, jwt.getId(), "revoke"));
	}

	/**
	 * Revoke a login session: its refresh tokens and every access token carrying its
	 * {@code sid}.
	 * @param subject the session's user, for the event
	 * @param sessionId the session (refresh family) ID
	 * @param reason why, for the event
	 */
	public void revokeSession(String subject, String sessionId, String reason) {
		Assert.hasText(sessionId, "sessionId must not be empty");
		this.refreshTokens.revokeFamily(sessionId);
		Instant now = this.clock.instant();
		record(new RevocationEntry(Kind.SESSION, sessionId, now, now.plus(this.accessTokenLifetime)));
		this.events.publishEvent(new TokenRevokedEvent(subject, Kind.SESSION, sessionId, reason));
	}

	/**
	 * Revoke every session and every access token of a user issued up to now.
	 * @param subject the user
	 * @param reason why, for the event
	 * @return the IDs of the sessions revoked
	 */
	public List<String> revokeAllTokens(String subject, String reason) {
		Assert.hasText(subject, "subject must not be empty");
		List<String> sessions = this.refreshTokens.revokeAllFamilies(subject);
		Instant now = this.clock.instant();
		record(new RevocationEntry(Kind.SUBJECT, subject, now, now.plus(this.accessTokenLifetime)));
		this.events.publishEvent(new TokenRevokedEvent(subject, Kind.SUBJECT, subject, reason));
		return sessions;
	}

	private void record(RevocationEntry entry) {
		this.registry.apply(entry);
		this.store.add(entry);
	}

}
