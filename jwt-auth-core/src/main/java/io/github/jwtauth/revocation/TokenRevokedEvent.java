package io.github.jwtauth.revocation;

/**
 * Published when tokens are revoked.
 *
 * @param subject the subject whose tokens are revoked, if known
 * @param kind what was revoked
 * @param value the {@code jti}, {@code sid} or {@code sub}
 * @param reason why, for example "logout", "logout-all", "reuse-detected", "revoke"
 */
public record TokenRevokedEvent(String subject, RevocationEntry.Kind kind, String value, String reason) {

}
