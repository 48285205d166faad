package io.github.jwtauth.session;

import org.jspecify.annotations.Nullable;

/**
 * An audit event of a login session, published as a Spring application event: listen with
 * {@code @EventListener} to {@code SessionEvent} for all of them, or to one of its
 * records. Never carries a token.
 */
public sealed interface SessionEvent permits SessionCreatedEvent, SessionRefreshedEvent, SessionEndedEvent {

	/**
	 * The user.
	 * @return the subject; {@code null} only for a {@link SessionEndedEvent} whose caller
	 * did not name it
	 */
	@Nullable String subject();

	/**
	 * The session: the refresh family, the {@code sid} of its access tokens.
	 * @return the session ID
	 */
	String sessionId();

}
