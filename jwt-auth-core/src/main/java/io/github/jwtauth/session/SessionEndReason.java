package io.github.jwtauth.session;

/**
 * Why a login session ended. Each reason has the code the revocation API takes
 * ({@code TokenRevocationService.revokeSession(subject, sessionId, code)}); any code not
 * listed is {@link #APPLICATION}.
 */
public enum SessionEndReason {

	/**
	 * The user logged out of this session ({@code /auth/logout}, Spring Security's
	 * logout).
	 */
	LOGOUT("logout"),

	/**
	 * The user logged out everywhere ({@code /auth/logout-all}).
	 */
	LOGOUT_ALL("logout-all"),

	/**
	 * The user ended the session from the sessions API ({@code DELETE /auth/sessions/…}).
	 */
	ENDED_BY_USER("ended-by-user"),

	/**
	 * A token of the session was revoked (RFC 7009, {@code /auth/revoke}).
	 */
	REVOKED("revoke"),

	/**
	 * A spent refresh token of the session was presented again: probably stolen.
	 */
	REUSE_DETECTED("reuse-detected"),

	/**
	 * The user logged in once more than
	 * {@code jwt.auth.refresh-token.max-sessions-per-user} allows: the oldest session
	 * ended.
	 */
	SESSION_LIMIT("session-limit"),

	/**
	 * At a refresh the user was found disabled, locked, expired or deleted.
	 */
	USER_DISABLED("user-disabled"),

	/**
	 * The application ended it, for example after a password change, an account lock or a
	 * role change.
	 */
	APPLICATION("application");

	private final String code;

	SessionEndReason(String code) {
		this.code = code;
	}

	/**
	 * The code of this reason, as the revocation API and {@code TokenRevokedEvent} carry
	 * it.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

	/**
	 * The reason of a code.
	 * @param code the code
	 * @return its reason, {@link #APPLICATION} for a code not listed
	 */
	public static SessionEndReason of(String code) {
		for (SessionEndReason reason : values()) {
			if (reason.code.equals(code)) {
				return reason;
			}
		}
		return APPLICATION;
	}

}
