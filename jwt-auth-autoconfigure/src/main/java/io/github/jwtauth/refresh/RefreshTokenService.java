package io.github.jwtauth.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.token.AccessToken;
import io.github.jwtauth.token.JwtTokenService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Login sessions with rotating refresh tokens (RFC 9700 §4.14.2): every refresh spends
 * the presented token and issues a new pair; a spent token presented again revokes the
 * whole family and its access tokens. A token expires after an idle time and the family
 * after an absolute lifetime. At refresh the user is loaded again, so a disabled, locked
 * or deleted user gets nothing and changed authorities take effect.
 */
public class RefreshTokenService {

	private static final Log logger = LogFactory.getLog(RefreshTokenService.class);

	private final RefreshTokenStore store;

	private final JwtTokenService tokens;

	private final TokenRevocationService revocation;

	private final UserDetailsService users;

	private final Duration idleTtl;

	private final Duration maxLifetime;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final AccountStatusUserDetailsChecker statusChecker = new AccountStatusUserDetailsChecker();

	/**
	 * Create a service.
	 * @param store the refresh token store
	 * @param tokens the access token service
	 * @param revocation the revocation service
	 * @param users the users, loaded again at every refresh
	 * @param idleTtl the idle lifetime of a refresh token
	 * @param maxLifetime the absolute lifetime of a family
	 * @param clock the clock
	 * @param events the event publisher
	 */
	public RefreshTokenService(RefreshTokenStore store, JwtTokenService tokens, TokenRevocationService revocation,
			UserDetailsService users, Duration idleTtl, Duration maxLifetime, Clock clock,
			ApplicationEventPublisher events) {
		this.store = store;
		this.tokens = tokens;
		this.revocation = revocation;
		this.users = users;
		this.idleTtl = idleTtl;
		this.maxLifetime = maxLifetime;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Start a login session for an authenticated user: a new family, its first refresh
	 * token, and an access token carrying the family as {@code sid}.
	 * @param authentication the authenticated user
	 * @return the tokens
	 */
	public TokenResponse startSession(Authentication authentication) {
		Instant now = now();
		String familyId = UUID.randomUUID().toString();
		String refreshToken = RefreshTokens.generate();
		Instant familyExpiresAt = now.plus(this.maxLifetime);
		Instant expiresAt = min(now.plus(this.idleTtl), familyExpiresAt);
		this.store.create(new RefreshTokenRecord(RefreshTokens.hash(refreshToken), familyId,
				authentication.getName(), now, expiresAt, familyExpiresAt));
		AccessToken accessToken = this.tokens.issue(authentication.getName(), authentication.getAuthorities(),
				familyId);
		return new TokenResponse(accessToken, refreshToken, seconds(now, expiresAt));
	}

	/**
	 * Rotate a refresh token.
	 * @param refreshToken the presented token
	 * @return the new tokens
	 * @throws InvalidGrantException if the token is unknown, spent, expired or revoked, or
	 * the user may no longer have tokens
	 */
	public TokenResponse refresh(String refreshToken) {
		if (!RefreshTokens.isWellFormed(refreshToken)) {
			throw new InvalidGrantException("Invalid refresh token");
		}
		String presented = RefreshTokens.hash(refreshToken);
		// load the user before spending the token: if the user store fails, the token
		// stays usable for a retry
		UserDetails user = this.store.find(presented).map(this::loadActiveUser).orElse(null);
		Instant now = now();
		String next = RefreshTokens.generate();
		RotationResult result = this.store.rotate(presented, RefreshTokens.hash(next), now, this.idleTtl);
		switch (result.status()) {
			case ROTATED -> {
				return issue(result.next(), (user != null) ? user : loadActiveUser(result.next()), next, now);
			}
			case REUSED -> {
				RefreshTokenRecord record = result.presented();
				logger.warn("Refresh token reuse detected: revoked session " + record.familyId());
				this.revocation.revokeSession(record.subject(), record.familyId(), "reuse-detected");
				this.events.publishEvent(new RefreshTokenReuseDetectedEvent(record.subject(), record.familyId()));
				throw new InvalidGrantException("Refresh token already used");
			}
			case EXPIRED -> throw new InvalidGrantException("Refresh token expired");
			default -> throw new InvalidGrantException("Invalid refresh token");
		}
	}

	private TokenResponse issue(RefreshTokenRecord record, UserDetails user, String refreshToken, Instant now) {
		Collection<? extends GrantedAuthority> authorities = user.getAuthorities();
		AccessToken accessToken = this.tokens.issue(record.subject(), authorities, record.familyId());
		this.events.publishEvent(new TokenRefreshedEvent(record.subject(), record.familyId()));
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
			this.revocation.revokeSession(record.subject(), record.familyId(), "user-disabled");
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

}
