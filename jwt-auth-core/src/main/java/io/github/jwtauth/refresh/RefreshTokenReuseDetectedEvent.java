package io.github.jwtauth.refresh;

/**
 * Published when a spent refresh token is presented again: the token was probably stolen,
 * and its whole family (login session) has been revoked.
 *
 * @param subject the user
 * @param sessionId the revoked family
 */
public record RefreshTokenReuseDetectedEvent(String subject, String sessionId) {

}
