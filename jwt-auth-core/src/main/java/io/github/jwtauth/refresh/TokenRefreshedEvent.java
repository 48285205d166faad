package io.github.jwtauth.refresh;

/**
 * Published when a refresh token is rotated.
 *
 * @param subject the user
 * @param sessionId the family
 */
public record TokenRefreshedEvent(String subject, String sessionId) {

}
