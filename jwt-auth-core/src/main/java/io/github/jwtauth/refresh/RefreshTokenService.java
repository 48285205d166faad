package io.github.jwtauth.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.github.jwtauth.refresh.RefreshObservationContext.Outcome;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.SessionCreatedEvent;
import io.github.jwtauth.session.SessionEndReason;
import io.github.jwtauth.session.SessionRefreshedEvent;
import io.github.jwtauth.token.AccessToken;
import io.github.jwtauth.token.JwtTokenService;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.util.Assert;

/**
 * Login sessions with rotating refresh tokens (RFC 9700 §4.14.2): every refresh spends
 * the presented token and issues a new pair; a spent token presented again revokes the
 * whole family and its access tokens. A token expires after an idle time and the family
 * after an absolute lifetime. At refresh the user is loaded again, so a disabled, locked
 * or deleted user gets nothing and changed authorities take effect.
 * <p>
 * Publishes {@link SessionCreatedEvent} at login and {@link SessionRefreshedEvent} at
 * every refresh. The ends of sessions ({@code SessionEndedEvent}) are published by the
 * {@link TokenRevocationService}, also of those its store ends by itself (reuse detected,
 * the session bound: {@link TokenRevocationService#revokeEndedSession}).
 * <p>
 * Each refresh is a Micrometer observation,
 * {@value DefaultRefreshObservationConvention#NAME}, when an
 * {@link Builder#observationRegistry(ObservationRegistry) ObservationRegistry} is given;
 * the revocation of a reused token's session is observed within it.
 */
public final class RefreshTokenService {

	/**
	 * The default bound of live login sessions per user.
	 */
	public static final int DEFAULT_MAX_SESSIONS_PER_USER = 10;

	private static final Log logger = LogFactory.getLog(RefreshTokenService.class);

	private static final RefreshObservationConvention DEFAULT_OBSERVATION_CONVENTION = new DefaultRefreshObservationConvention();

	private final RefreshTokenStore store;

	private final JwtTokenService tokens;

	private final TokenRevocationService revocation;

	private final UserDetailsService users;

	private final Duration idleTtl;

	private final Duration maxLifetime;

	private final int maxSessionsPerUser;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final boolean recordClientDetails;

	private final ObservationRegistry observationRegistry;

	private final @Nullable RefreshObservationConvention observationConvention;

	private final AccountStatusUserDetailsChecker statusChecker = new AccountStatusUserDetailsChecker();

	private RefreshTokenService(Builder builder) {
		this.store = builder.store;
		this.tokens = builder.tokens;
		this.revocation = builder.revocation;
		this.users = builder.users;
		this.idleTtl = builder.idleTtl;
		this.maxLifetime = builder.maxLifetime;
		this.maxSessionsPerUser = builder.maxSessionsPerUser;
		this.clock = builder.clock;
		this.events = builder.events;
		this.recordClientDetails = builder.recordClientDetails;
		this.observationRegistry = builder.observationRegistry;
		this.observationConvention = builder.observationConvention;
	}

	/**
	 * Start building a refresh-token service.
	 * @param store the refresh token store
	 * @param tokens issues the access tokens
	 * @param revocation revokes a session when a spent token is presented again
	 * @param users the users, loaded again at every refresh
	 * @return a builder
	 */
	public static Builder builder(RefreshTokenStore store, JwtTokenService tokens, TokenRevocationService revocation,
			UserDetailsService users) {
		return new Builder(store, tokens, revocation, users);
	}

	/**
	 * Start a login session for an authenticated user: a new family, its first refresh
	 * token, and an access token carrying the family as {@code sid}. When the user now
	 * has more live sessions than allowed, the oldest are revoked, their access tokens
	 * too.
	 * @param authentication the authenticated user
	 * @return the tokens
	 */
	public TokenResponse startSession(Authentication authentication) {
		return startSession(authentication, null);
	}

	/**
	 * Start a login session (see {@link #startSession(Authentication)}), bound to a DPoP
	 * key when {@code jkt} is given: the access token carries {@code cnf.jkt}, and every
	 * refresh token of the session needs a proof made with the same key.
	 * @param authentication the authenticated user
	 * @param jkt the thumbprint of the client's DPoP key (from a verified proof), or
	 * {@code null} for bearer tokens
	 * @return the tokens
	 */
	public TokenResponse startSession(Authentication authentication, @Nullable String jkt) {
		return startSession(authentication, jkt, ClientDetails.NONE);
	}

	/**
	 * Start a login session (see {@link #startSession(Authentication, String)}),
	 * recording the user agent and client address of the login when this service records
	 * them ({@link Builder#recordClientDetails(boolean)}).
	 * @param authentication the authenticated user
	 * @param jkt the thumbprint of the client's DPoP key (from a verified proof), or
	 * {@code null} for bearer tokens
	 * @param client the user agent and client address of the login request
	 * @return the tokens
	 */
	public TokenResponse startSession(Authentication authentication, @Nullable String jkt, ClientDetails client) {
		ClientDetails recorded = recorded(client);
		Instant now = now();
		String familyId = UUID.randomUUID().toString();
		String refreshToken = RefreshTokens.generate(familyId);
		Instant familyExpiresAt = now.plus(this.maxLifetime);
		Instant expiresAt = min(now.plus(this.idleTtl), familyExpiresAt);
		// sign first: if the signer (an HSM, a KMS) fails, no session is created and none
		// of the user's other sessions is ended for the session limit
		AccessToken accessToken = this.tokens.sign(authentication.getName(), authentication.getAuthorities(), familyId,
				jkt);
		List<String> ended = this.store.create(new RefreshTokenRecord(RefreshTokens.hash(refreshToken), familyId,
				authentication.getName(), now, expiresAt, familyExpiresAt, jkt), this.maxSessionsPerUser, recorded);
		for (String endedFamily : ended) {
			this.revocation.revokeEndedSession(authentication.getName(), endedFamily, SessionEndReason.SESSION_LIMIT);
		}
		this.tokens.announce(accessToken);
		this.events.publishEvent(new SessionCreatedEvent(authentication.getName(), familyId, jkt != null, recorded));
		return new TokenResponse(accessToken, refreshToken, seconds(now, expiresAt));
	}

	/**
	 * Rotate a refresh token.
	 * @param refreshToken the presented token
	 * @return the new tokens
	 * @throws InvalidGrantException if the token is unknown, spent, expired or revoked,
	 * or the user may no longer have tokens
	 */
	public TokenResponse refresh(String refreshToken) {
		return refresh(refreshToken, null);
	}

	/**
	 * Rotate a refresh token, presented with a verified DPoP proof or without one. A
	 * session bound to a DPoP key is refreshed only with a proof of that key; a refusal
	 * for the binding leaves the refresh token unspent (its rightful holder can still use
	 * it). The new tokens keep the session's binding: bound to its key, or bearer tokens
	 * for a session started without DPoP, whose refresh ignores a proof
	 * ({@code token_type} {@code Bearer} tells the client; RFC 9449 §5 binds refresh
	 * tokens at their issue).
	 * @param refreshToken the presented token
	 * @param jkt the thumbprint of the key of the request's verified DPoP proof, or
	 * {@code null} when the request has none
	 * @return the new tokens
	 * @throws InvalidGrantException if the token is unknown, spent, expired or revoked,
	 * bound to another key or to a key while no proof was given, or the user may no
	 * longer have tokens
	 */
	public TokenResponse refresh(String refreshToken, @Nullable String jkt) {
		return refresh(refreshToken, jkt, ClientDetails.NONE);
	}

	/**
	 * Rotate a refresh token (see {@link #refresh(String, String)}), recording the user
	 * agent and client address of the refresh as the session's last use when this service
	 * records them ({@link Builder#recordClientDetails(boolean)}).
	 * @param refreshToken the presented token
	 * @param jkt the thumbprint of the key of the request's verified DPoP proof, or
	 * {@code null} when the request has none
	 * @param client the user agent and client address of the refresh request
	 * @return the new tokens
	 * @throws InvalidGrantException if the token is unknown, spent, expired or revoked,
	 * bound to another key or to a key while no proof was given, or the user may no
	 * longer have tokens
	 */
	public TokenResponse refresh(String refreshToken, @Nullable String jkt, ClientDetails client) {
		ClientDetails recorded = recorded(client);
		Observation observation = Observation
			.createNotStarted(this.observationConvention, DEFAULT_OBSERVATION_CONVENTION,
					() -> new RefreshObservationContext(jkt != null), this.observationRegistry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			TokenResponse response = rotate(refreshToken, jkt, recorded, observation);
			outcome(observation, Outcome.SUCCESS);
			return response;
		}
		catch (InvalidGrantException ex) {
			outcome(observation, Outcome.INVALID_GRANT);
			observation.error(ex);
			throw ex;
		}
		catch (RuntimeException ex) {
			outcome(observation, Outcome.ERROR);
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * Record how a refresh ended, unless already recorded (reuse detected).
	 * @param observation the refresh's observation (a no-op one has no such context)
	 * @param outcome the outcome
	 */
	private static void outcome(Observation observation, Outcome outcome) {
		if (observation.getContext() instanceof RefreshObservationContext context && context.getOutcome() == null) {
			context.setOutcome(outcome);
		}
	}

	private TokenResponse rotate(String refreshToken, @Nullable String jkt, ClientDetails recorded,
			Observation observation) {
		if (!RefreshTokens.isWellFormed(refreshToken)) {
			throw new InvalidGrantException("Invalid refresh token");
		}
		String presented = RefreshTokens.hash(refreshToken);
		// load the user and sign the access token before spending the refresh token: if
		// the user store or the signer (an HSM, a KMS) fails, the refresh token stays
		// usable for a retry instead of being spent, which a retry would take for reuse
		RefreshTokenRecord found = this.store.find(presented).orElse(null);
		if (found != null) {
			checkBinding(found, jkt);
		}
		UserDetails user = (found != null) ? loadActiveUser(found) : null;
		// the session's binding, never a new one: a refresh token of an unbound session
		// stays unbound (and so do its access tokens), as none can be bound afterwards
		AccessToken signed = (found != null && user != null)
				? this.tokens.sign(found.subject(), user.getAuthorities(), found.familyId(), found.jkt()) : null;
		Instant now = now();
		String next = RefreshTokens.successor(refreshToken);
		RotationResult result = this.store.rotate(presented, RefreshTokens.hash(next), now, this.idleTtl, recorded);
		switch (result.status()) {
			case ROTATED -> {
				RefreshTokenRecord rotated = result.next();
				if (signed != null && rotated.familyId().equals(found.familyId())
						&& rotated.subject().equals(found.subject())) {
					// announced only now that it is handed out
					this.tokens.announce(signed);
					this.events
						.publishEvent(new SessionRefreshedEvent(rotated.subject(), rotated.familyId(), recorded));
					return new TokenResponse(signed, next, seconds(now, rotated.expiresAt()));
				}
				checkBinding(rotated, jkt);
				return issue(rotated, (user != null) ? user : loadActiveUser(rotated), next, now, recorded);
			}
			case REUSED -> {
				RefreshTokenRecord record = result.presented();
				logger.warn("Refresh token reuse detected: revoked session " + record.familyId());
				outcome(observation, Outcome.REUSE_DETECTED);
				// the store revoked the family
				this.revocation.revokeEndedSession(record.subject(), record.familyId(),
						SessionEndReason.REUSE_DETECTED);
				throw new InvalidGrantException("Refresh token already used");
			}
			case EXPIRED -> throw new InvalidGrantException("Refresh token expired");
			default -> throw new InvalidGrantException("Invalid refresh token");
		}
	}

	/**
	 * Refuse a refresh of a DPoP-bound session without a proof of its key.
	 * @param record the presented token's record
	 * @param jkt the key of the request's proof, or {@code null}
	 */
	private static void checkBinding(RefreshTokenRecord record, @Nullable String jkt) {
		String bound = record.jkt();
		if (bound == null) {
			return;
		}
		if (jkt == null) {
			throw new InvalidGrantException("The refresh token is DPoP-bound: a DPoP proof is required");
		}
		if (!bound.equals(jkt)) {
			throw new InvalidGrantException("The refresh token is bound to another DPoP key");
		}
	}

	private TokenResponse issue(RefreshTokenRecord record, UserDetails user, String refreshToken, Instant now,
			ClientDetails client) {
		Collection<? extends GrantedAuthority> authorities = user.getAuthorities();
		AccessToken accessToken = this.tokens.issue(record.subject(), authorities, record.familyId(), record.jkt());
		this.events.publishEvent(new SessionRefreshedEvent(record.subject(), record.familyId(), client));
		return new TokenResponse(accessToken, refreshToken, seconds(now, record.expiresAt()));
	}

	private UserDetails loadActiveUser(RefreshTokenRecord record) {
		try {
			UserDetails user = this.users.loadUserByUsername(record.subject());
			if (user == null) {
				throw new UsernameNotFoundException("No user");
			}
			this.statusChecker.check(user);
			return user;
		}
		catch (UsernameNotFoundException | AccountStatusException ex) {
			this.revocation.revokeSession(record.subject(), record.familyId(), SessionEndReason.USER_DISABLED.code());
			throw new InvalidGrantException("User is no longer allowed to refresh");
		}
	}

	/**
	 * The record of a live or spent refresh token.
	 * @param refreshToken the token
	 * @return its record, if known and not revoked
	 */
	public Optional<RefreshTokenRecord> find(String refreshToken) {
		if (!RefreshTokens.isWellFormed(refreshToken)) {
			return Optional.empty();
		}
		return this.store.find(RefreshTokens.hash(refreshToken));
	}

	private ClientDetails recorded(ClientDetails client) {
		Assert.notNull(client, "client must not be null");
		return this.recordClientDetails ? client : ClientDetails.NONE;
	}

	/**
	 * Whether a refresh token can still be used: known, of a live session, and not
	 * expired. A token refused for its DPoP binding is still live; one refused as spent,
	 * expired or revoked is not.
	 * @param refreshToken the token
	 * @return {@code true} if it is live
	 */
	public boolean isLive(String refreshToken) {
		Instant now = now();
		return find(refreshToken).filter((record) -> !record.isExpired(now)).isPresent();
	}

	/**
	 * The idle lifetime of refresh tokens.
	 * @return the time to live
	 */
	public Duration getTimeToLive() {
		return this.idleTtl;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private static long seconds(Instant from, Instant to) {
		return Math.max(0, Duration.between(from, to).toSeconds());
	}

	/**
	 * Builds a {@link RefreshTokenService}.
	 */
	public static final class Builder {

		private final RefreshTokenStore store;

		private final JwtTokenService tokens;

		private final TokenRevocationService revocation;

		private final UserDetailsService users;

		private Duration idleTtl = Duration.ofDays(1);

		private Duration maxLifetime = Duration.ofDays(14);

		private int maxSessionsPerUser = DEFAULT_MAX_SESSIONS_PER_USER;

		private Clock clock = Clock.systemUTC();

		private ApplicationEventPublisher events = (event) -> {
		};

		private boolean recordClientDetails;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable RefreshObservationConvention observationConvention;

		private Builder(RefreshTokenStore store, JwtTokenService tokens, TokenRevocationService revocation,
				UserDetailsService users) {
			Assert.notNull(store, "store must not be null");
			Assert.notNull(tokens, "tokens must not be null");
			Assert.notNull(revocation, "revocation must not be null");
			Assert.notNull(users, "users must not be null");
			this.store = store;
			this.tokens = tokens;
			this.revocation = revocation;
			this.users = users;
		}

		/**
		 * How long a refresh token stays usable when unused (default 1 day); every use
		 * rotates it.
		 * @param idleTtl the idle lifetime
		 * @return this builder
		 */
		public Builder idleTimeToLive(Duration idleTtl) {
			Assert.isTrue(!idleTtl.isNegative() && !idleTtl.isZero(), "idleTtl must be positive");
			this.idleTtl = idleTtl;
			return this;
		}

		/**
		 * The absolute lifetime of a login session (default 14 days).
		 * @param maxLifetime the maximum lifetime
		 * @return this builder
		 */
		public Builder maxLifetime(Duration maxLifetime) {
			Assert.isTrue(!maxLifetime.isNegative() && !maxLifetime.isZero(), "maxLifetime must be positive");
			this.maxLifetime = maxLifetime;
			return this;
		}

		/**
		 * The most live login sessions (refresh families) one user may have (default
		 * {@value RefreshTokenService#DEFAULT_MAX_SESSIONS_PER_USER}); a new login beyond
		 * it revokes the user's oldest session, its refresh and access tokens.
		 * @param maxSessionsPerUser the bound, at least 1
		 * @return this builder
		 */
		public Builder maxSessionsPerUser(int maxSessionsPerUser) {
			Assert.isTrue(maxSessionsPerUser > 0, "maxSessionsPerUser must be positive");
			this.maxSessionsPerUser = maxSessionsPerUser;
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
		 * Whether to keep the user agent and client address of each session's last use
		 * (default {@code false}: they are personal data). When off, the details given to
		 * {@link #startSession(Authentication, String, ClientDetails)} and
		 * {@link #refresh(String, String, ClientDetails)} are dropped, and a refresh
		 * clears those recorded before.
		 * @param recordClientDetails whether to record them
		 * @return this builder
		 */
		public Builder recordClientDetails(boolean recordClientDetails) {
			this.recordClientDetails = recordClientDetails;
			return this;
		}

		/**
		 * Where session events go (default nowhere).
		 * @param events the publisher
		 * @return this builder
		 */
		public Builder eventPublisher(ApplicationEventPublisher events) {
			Assert.notNull(events, "events must not be null");
			this.events = events;
			return this;
		}

		/**
		 * Observe every refresh (default {@link ObservationRegistry#NOOP}: none).
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			Assert.notNull(observationRegistry, "observationRegistry must not be null");
			this.observationRegistry = observationRegistry;
			return this;
		}

		/**
		 * The convention that names the refresh observations and chooses their key values
		 * (default: one registered with the registry, else
		 * {@link DefaultRefreshObservationConvention}).
		 * @param observationConvention the convention
		 * @return this builder
		 */
		public Builder observationConvention(RefreshObservationConvention observationConvention) {
			Assert.notNull(observationConvention, "observationConvention must not be null");
			this.observationConvention = observationConvention;
			return this;
		}

		/**
		 * Build the service.
		 * @return the service
		 */
		public RefreshTokenService build() {
			return new RefreshTokenService(this);
		}

	}

}
