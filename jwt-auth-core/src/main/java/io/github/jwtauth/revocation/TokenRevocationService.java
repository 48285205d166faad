package io.github.jwtauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.session.SessionEndReason;
import io.github.jwtauth.session.SessionEndedEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

/**
 * The public API for revocation: revoke one access token, one login session (its refresh
 * tokens and its access tokens), or every token of a user, for example after a password
 * change. A revocation is recorded in the local {@link RevocationRegistry} at once and in
 * the {@link RevocationStore} for the other instances, and expires when the last token it
 * covers would have.
 * <p>
 * Every live session it ends in the {@link RevocableSessions} is published as a
 * {@link SessionEndedEvent}, with its reason ({@link SessionEndReason#of(String)} of the
 * reason code given), besides the {@link TokenRevokedEvent} of each revocation. A session
 * the sessions had ended already is not published again.
 * <p>
 * Each revocation ({@link #revokeAccessToken(Jwt)}, {@link #revokeSession},
 * {@link #revokeAllTokens}) is a Micrometer observation,
 * {@value DefaultRevocationObservationConvention#NAME}, when an
 * {@link Builder#observationRegistry(ObservationRegistry) ObservationRegistry} is given.
 */
public final class TokenRevocationService {

	private static final RevocationObservationConvention DEFAULT_OBSERVATION_CONVENTION = new DefaultRevocationObservationConvention();

	private final RevocationRegistry registry;

	private final RevocationStore store;

	private final @Nullable RevocableSessions sessions;

	private final Duration accessTokenLifetime;

	private final Duration clockSkew;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final ObservationRegistry observationRegistry;

	private final @Nullable RevocationObservationConvention observationConvention;

	private TokenRevocationService(Builder builder) {
		this.registry = builder.registry;
		this.store = builder.store;
		this.sessions = builder.sessions;
		this.accessTokenLifetime = builder.accessTokenTtl.plus(builder.clockSkew);
		this.clockSkew = builder.clockSkew;
		this.clock = builder.clock;
		this.events = builder.events;
		this.observationRegistry = builder.observationRegistry;
		this.observationConvention = builder.observationConvention;
	}

	/**
	 * Start building a revocation service.
	 * @param registry the local registry, which every decoder of this instance consults
	 * @param store the store that shares revocations with the other instances
	 * @return a builder
	 */
	public static Builder builder(RevocationRegistry registry, RevocationStore store) {
		return new Builder(registry, store);
	}

	/**
	 * Revoke one access token until it expires. A token without {@code jti} cannot be
	 * revoked alone, and nothing is revoked for it (never every token of its subject:
	 * whoever merely holds a token must not be able to log its user out everywhere); a
	 * caller authenticated as the token's subject may do that with
	 * {@link #revokeAllTokens(String, String)}.
	 * @param jwt the token
	 * @return {@code true} if the token was revoked, {@code false} if it has no
	 * {@code jti}
	 */
	public boolean revokeAccessToken(Jwt jwt) {
		Assert.notNull(jwt, "jwt must not be null");
		String id = jwt.getId();
		if (id == null || id.isEmpty()) {
			return false;
		}
		return observation(Kind.TOKEN, SessionEndReason.REVOKED.code()).observe(() -> {
			Instant now = this.clock.instant();
			Instant expiresAt = (jwt.getExpiresAt() != null) ? jwt.getExpiresAt().plus(this.clockSkew)
					: now.plus(this.accessTokenLifetime);
			record(new RevocationEntry(Kind.TOKEN, id, now, expiresAt));
			this.events
				.publishEvent(new TokenRevokedEvent(jwt.getSubject(), Kind.TOKEN, id, SessionEndReason.REVOKED.code()));
			return true;
		});
	}

	/**
	 * Revoke the login session a token belongs to (its {@code sid}), or the token alone
	 * when it belongs to none: what a logout does. Only for the token the caller
	 * authenticated with: a token with neither {@code sid} nor {@code jti} can only be
	 * ended with every token of its subject, and that is what happens.
	 * @param jwt the token the caller authenticated with
	 * @param reason why, for the event
	 */
	public void revokeSessionOf(Jwt jwt, String reason) {
		Assert.notNull(jwt, "jwt must not be null");
		Object sessionId = jwt.getClaims().get("sid");
		if (sessionId instanceof String sid && !sid.isEmpty()) {
			revokeSession(jwt.getSubject(), sid, reason);
		}
		else if (!revokeAccessToken(jwt)) {
			revokeAllTokens(jwt.getSubject(), reason);
		}
	}

	/**
	 * Revoke a login session: its refresh tokens and every access token carrying its
	 * {@code sid}.
	 * @param subject the session's user, for the event
	 * @param sessionId the session (refresh family) ID
	 * @param reason why, for the events: a {@link SessionEndReason#code() code}, or the
	 * application's own (an {@link SessionEndReason#APPLICATION} reason)
	 */
	public void revokeSession(@Nullable String subject, String sessionId, String reason) {
		Assert.hasText(sessionId, "sessionId must not be empty");
		observation(Kind.SESSION, reason).observe(() -> doRevokeSession(subject, sessionId, reason));
	}

	/**
	 * Revoke the access tokens of a session that its store has ended by itself (a spent
	 * refresh token presented again, a login beyond the session bound), and publish its
	 * end.
	 * @param subject the session's user
	 * @param sessionId the session (refresh family) ID
	 * @param reason why
	 */
	public void revokeEndedSession(String subject, String sessionId, SessionEndReason reason) {
		Assert.hasText(sessionId, "sessionId must not be empty");
		Assert.notNull(reason, "reason must not be null");
		observation(Kind.SESSION, reason.code())
			.observe(() -> recordSessionEnd(subject, sessionId, reason.code(), true));
	}

	private void doRevokeSession(@Nullable String subject, String sessionId, String reason) {
		recordSessionEnd(subject, sessionId, reason, this.sessions != null && this.sessions.revokeSession(sessionId));
	}

	/**
	 * Record a session's revocation and publish it.
	 * @param subject the session's user
	 * @param sessionId the session
	 * @param reason the reason code
	 * @param ended whether a live session was ended now (published as its end once)
	 */
	private void recordSessionEnd(@Nullable String subject, String sessionId, String reason, boolean ended) {
		Instant now = this.clock.instant();
		// a token of this session may carry an iat up to one skew ahead (another
		// instance's clock) and is accepted up to one skew past its exp
		record(new RevocationEntry(Kind.SESSION, sessionId, now,
				now.plus(this.accessTokenLifetime).plus(this.clockSkew)));
		this.events.publishEvent(new TokenRevokedEvent(subject, Kind.SESSION, sessionId, reason));
		if (ended) {
			// once per session: a session ended before (by a concurrent logout, by the
			// store itself through revokeEndedSession) was published then
			this.events.publishEvent(new SessionEndedEvent(subject, sessionId, SessionEndReason.of(reason), reason));
		}
	}

	/**
	 * Revoke every session and every access token of a user issued up to now ("logout
	 * everywhere"). Each of the user's sessions is revoked by its ID, which needs no
	 * clock: its access tokens (they carry its {@code sid}) are refused whichever
	 * instance issued them, and tokens of sessions opened afterwards are not. A cut-off
	 * of the subject covers the rest (tokens without {@code sid}); it is taken from the
	 * store's clock where it has one ({@link RevocationStore#currentTime()}), so that
	 * every instance's revocations use one clock, and compared as
	 * {@link RevocationRegistry} describes.
	 * @param subject the user
	 * @param reason why, for the events: a {@link SessionEndReason#code() code}, or the
	 * application's own (an {@link SessionEndReason#APPLICATION} reason, for example
	 * {@code password-changed})
	 * @return the IDs of the sessions revoked
	 */
	public List<String> revokeAllTokens(String subject, String reason) {
		Assert.hasText(subject, "subject must not be empty");
		return observation(Kind.SUBJECT, reason).observe(() -> doRevokeAllTokens(subject, reason));
	}

	private List<String> doRevokeAllTokens(String subject, String reason) {
		List<String> revoked = (this.sessions != null) ? this.sessions.revokeAllSessions(subject) : List.of();
		Instant storeTime = this.store.currentTime();
		Instant cutoff = (storeTime != null) ? storeTime : this.clock.instant();
		// a token issued before the cut-off may carry an iat up to one skew ahead
		// (another
		// instance's clock) and is accepted up to one skew past its exp
		Instant expiresAt = latest(this.clock.instant(), cutoff).plus(this.accessTokenLifetime).plus(this.clockSkew);
		for (String sessionId : revoked) {
			record(new RevocationEntry(Kind.SESSION, sessionId, cutoff, expiresAt));
		}
		record(new RevocationEntry(Kind.SUBJECT, subject, cutoff, expiresAt));
		this.events.publishEvent(new TokenRevokedEvent(subject, Kind.SUBJECT, subject, reason));
		SessionEndReason endReason = SessionEndReason.of(reason);
		for (String sessionId : revoked) {
			this.events.publishEvent(new SessionEndedEvent(subject, sessionId, endReason, reason));
		}
		return revoked;
	}

	/**
	 * The observation of a revocation: the no-op observation without a registry.
	 * @param kind the kind of revocation
	 * @param reason the reason code given (free text for the application's own reasons:
	 * only its {@link SessionEndReason} reaches the observation)
	 * @return the observation, not started
	 */
	private Observation observation(Kind kind, String reason) {
		return Observation.createNotStarted(this.observationConvention, DEFAULT_OBSERVATION_CONVENTION,
				() -> new RevocationObservationContext(kind, SessionEndReason.of(reason)), this.observationRegistry);
	}

	private static Instant latest(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private void record(RevocationEntry entry) {
		this.registry.apply(entry);
		this.store.add(entry);
	}

	/**
	 * Builds a {@link TokenRevocationService}.
	 */
	public static final class Builder {

		private final RevocationRegistry registry;

		private final RevocationStore store;

		private @Nullable RevocableSessions sessions;

		private Duration accessTokenTtl = Duration.ofMinutes(10);

		private Duration clockSkew = Duration.ofSeconds(30);

		private Clock clock = Clock.systemUTC();

		private ApplicationEventPublisher events = (event) -> {
		};

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable RevocationObservationConvention observationConvention;

		private Builder(RevocationRegistry registry, RevocationStore store) {
			Assert.notNull(registry, "registry must not be null");
			Assert.notNull(store, "store must not be null");
			this.registry = registry;
			this.store = store;
		}

		/**
		 * The login sessions to end with a session or user revocation (usually the
		 * refresh-token store); without them only access tokens are revoked.
		 * @param sessions the sessions
		 * @return this builder
		 */
		public Builder sessions(RevocableSessions sessions) {
			Assert.notNull(sessions, "sessions must not be null");
			this.sessions = sessions;
			return this;
		}

		/**
		 * How long access tokens live (default 10 minutes): a session or user revocation
		 * is kept that long, plus the clock skew.
		 * @param accessTokenTtl the access-token lifetime
		 * @return this builder
		 */
		public Builder accessTokenTimeToLive(Duration accessTokenTtl) {
			Assert.isTrue(!accessTokenTtl.isNegative() && !accessTokenTtl.isZero(), "accessTokenTtl must be positive");
			this.accessTokenTtl = accessTokenTtl;
			return this;
		}

		/**
		 * The clock skew the decoders allow (default 30 seconds).
		 * @param clockSkew the clock skew
		 * @return this builder
		 */
		public Builder clockSkew(Duration clockSkew) {
			Assert.isTrue(!clockSkew.isNegative(), "clockSkew must not be negative");
			this.clockSkew = clockSkew;
			return this;
		}

		/**
		 * The clock (default the system clock, UTC).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Where {@link TokenRevokedEvent}s go (default nowhere).
		 * @param events the publisher
		 * @return this builder
		 */
		public Builder eventPublisher(ApplicationEventPublisher events) {
			Assert.notNull(events, "events must not be null");
			this.events = events;
			return this;
		}

		/**
		 * Observe every revocation (default {@link ObservationRegistry#NOOP}: none).
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			Assert.notNull(observationRegistry, "observationRegistry must not be null");
			this.observationRegistry = observationRegistry;
			return this;
		}

		/**
		 * The convention that names the revocation observations and chooses their key
		 * values (default: one registered with the registry, else
		 * {@link DefaultRevocationObservationConvention}).
		 * @param observationConvention the convention
		 * @return this builder
		 */
		public Builder observationConvention(RevocationObservationConvention observationConvention) {
			Assert.notNull(observationConvention, "observationConvention must not be null");
			this.observationConvention = observationConvention;
			return this;
		}

		/**
		 * Build the service.
		 * @return the service
		 */
		public TokenRevocationService build() {
			return new TokenRevocationService(this);
		}

	}

}
