package io.github.jwtauth.revocation;

import org.jspecify.annotations.Nullable;

/**
 * Published when tokens are revoked.
 *
 * @param subject the subject whose tokens are revoked, if known
 * @param kind what was revoked
 * @param value the {@code jti}, {@code sid} or {@code sub}
 * @param reason why, for example "logout", "logout-all", "reuse-detected", "revoke"
 */
public record TokenRevokedEvent(@Nullable String subject, RevocationEntry.Kind kind, String value, String reason) {

}
