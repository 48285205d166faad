package io.github.jwtauth.web.endpoint;

/**
 * Published when a login is refused.
 *
 * @param username the user name given
 * @param reason the authentication exception's type, for example
 * "BadCredentialsException"
 */
public record LoginFailedEvent(String username, String reason) {

}
