package io.github.jwtauth.refresh;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.session.LoginSession;
import io.github.jwtauth.session.SessionEndReason;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The users' login sessions, for the users themselves (the sessions API) and for the
 * application: list a user's sessions, end one, end all but the current one, or end all
 * of them with every access token, for example after a password change: <pre>{@code
 * passwords.change(username, newPassword);
 * loginSessions.endAll(username, "password-changed");
 * }</pre> Ending a session revokes its refresh tokens and its access tokens at once, on
 * every instance that shares the store and on the services that follow the revocation
 * feed; each ended session is published as a {@code SessionEndedEvent}. A user's session
 * is only ever found or ended for that user: a session of someone else is as unknown as
 * one that does not exist.
 */
public final class LoginSessions {

	private static final int MAX_ROUNDS = 10;

	private final TokenRevocationService revocation;

	private final @Nullable RefreshTokenStore store;

	private final Clock clock;

	/**
	 * Create the service.
	 * @param revocation revokes the sessions and their access tokens
	 * @param store the refresh-token store that holds the sessions, or {@code null} when
	 * the application issues no refresh tokens (no session is listed then, and
	 * {@link #endAll} still revokes every access token of the user)
	 * @param clock the clock
	 */
	public LoginSessions(TokenRevocationService revocation, @Nullable RefreshTokenStore store, Clock clock) {
		Assert.notNull(revocation, "revocation must not be null");
		Assert.notNull(clock, "clock must not be null");
		this.revocation = revocation;
		this.store = store;
		this.clock = clock;
	}

	/**
	 * A user's live sessions, newest first.
	 * @param subject the user
	 * @return the sessions
	 */
	public List<LoginSession> list(String subject) {
		Assert.hasText(subject, "subject must not be empty");
		return (this.store != null) ? this.store.findSessions(subject, this.clock.instant()) : List.of();
	}

	/**
	 * One live session of a user.
	 * @param subject the user
	 * @param sessionId the session
	 * @return the session, empty when it is unknown, ended, expired or another user's
	 */
	public Optional<LoginSession> find(String subject, String sessionId) {
		Assert.hasText(subject, "subject must not be empty");
		Assert.hasText(sessionId, "sessionId must not be empty");
		if (this.store == null) {
			return Optional.empty();
		}
		return this.store.findSession(sessionId, this.clock.instant()).filter((s) -> s.subject().equals(subject));
	}

	/**
	 * End one of a user's sessions, as the user asked
	 * ({@link SessionEndReason#ENDED_BY_USER}).
	 * @param subject the user
	 * @param sessionId the session
	 * @return {@code true} if it was a live session of the user and is now ended;
	 * {@code false} if it is unknown, ended already, expired or another user's (nothing
	 * is ended then)
	 */
	public boolean end(String subject, String sessionId) {
		return end(subject, sessionId, SessionEndReason.ENDED_BY_USER.code());
	}

	/**
	 * End one of a user's sessions.
	 * @param subject the user
	 * @param sessionId the session
	 * @param reason why: a {@link SessionEndReason#code() code} or the application's own
	 * @return {@code true} if it was a live session of the user and is now ended
	 */
	public boolean end(String subject, String sessionId, String reason) {
		Assert.hasText(reason, "reason must not be empty");
		if (find(subject, sessionId).isEmpty()) {
			return false;
		}
		this.revocation.revokeSession(subject, sessionId, reason);
		return true;
	}

	/**
	 * End every session of a user but one, as the user asked
	 * ({@link SessionEndReason#ENDED_BY_USER}): "log out my other devices".
	 * @param subject the user
	 * @param keptSessionId the session to keep (the caller's), or {@code null} to keep
	 * none
	 * @return the IDs of the sessions ended
	 */
	public List<String> endOthers(String subject, @Nullable String keptSessionId) {
		List<String> ended = new ArrayList<>();
		// a listing answers at most RefreshTokenStore.MAX_LISTED_SESSIONS: list again
		// until none but the kept one is left (bounded, as sessions may be opened
		// meanwhile, and a store read from a lagging replica may list an ended one again)
		for (int round = 0; round < MAX_ROUNDS; round++) {
			List<LoginSession> others = list(subject).stream()
				.filter((session) -> !session.id().equals(keptSessionId) && !ended.contains(session.id()))
				.toList();
			if (others.isEmpty()) {
				break;
			}
			for (LoginSession session : others) {
				this.revocation.revokeSession(subject, session.id(), SessionEndReason.ENDED_BY_USER.code());
				ended.add(session.id());
			}
		}
		return ended;
	}

	/**
	 * End every session of a user and revoke every access token issued to the user up to
	 * now, exactly as logging out everywhere does: for the application, after a password
	 * change, an account lock or a change of roles. The user can log in again at once;
	 * tokens issued from then on are valid.
	 * @param subject the user
	 * @param reason why, for the events (for example {@code password-changed}); the
	 * sessions end with {@link SessionEndReason#APPLICATION} unless it is one of the
	 * {@link SessionEndReason#code() codes}
	 * @return the IDs of the sessions ended
	 */
	public List<String> endAll(String subject, String reason) {
		Assert.hasText(subject, "subject must not be empty");
		Assert.hasText(reason, "reason must not be empty");
		return this.revocation.revokeAllTokens(subject, reason);
	}

}
