package io.github.jwtauth.session;

/**
 * A user logged in: a login session started.
 *
 * @param subject the user
 * @param sessionId the new session
 * @param dpopBound whether the session is bound to a DPoP key
 * @param client the user agent and address of the login, empty unless recorded
 */
public record SessionCreatedEvent(String subject, String sessionId, boolean dpopBound,
		ClientDetails client) implements SessionEvent {

}
