package io.github.jwtauth.session;

/**
 * A session's refresh token was rotated: new tokens were issued.
 *
 * @param subject the user
 * @param sessionId the session
 * @param client the user agent and address of the refresh, empty unless recorded
 */
public record SessionRefreshedEvent(String subject, String sessionId, ClientDetails client) implements SessionEvent {

}
