package io.github.jwtauth.session;

import org.jspecify.annotations.Nullable;

/**
 * A session was ended: its refresh tokens and its access tokens are revoked, on every
 * instance. Published by whoever ended a live session, once per session, also when a
 * user's sessions are ended together (two reuses of spent tokens of one session racing
 * each other may each publish one).
 *
 * @param subject the user, or {@code null} when unknown
 * @param sessionId the session
 * @param reason why, one of a fixed set
 * @param detail the reason as the caller gave it (for example {@code password-changed}
 * for {@link SessionEndReason#APPLICATION})
 */
public record SessionEndedEvent(@Nullable String subject, String sessionId, SessionEndReason reason,
		String detail) implements SessionEvent {

}
