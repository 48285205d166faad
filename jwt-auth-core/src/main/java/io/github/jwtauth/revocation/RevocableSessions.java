package io.github.jwtauth.revocation;

import java.util.List;

/**
 * The login sessions that a revocation must end: revoking a session or a user stops their
 * refresh tokens as well as their access tokens. The refresh-token store implements it,
 * so revocation never depends on refresh.
 */
public interface RevocableSessions {

	/**
	 * End a session: none of its refresh tokens can be used again.
	 * @param sessionId the session ({@code sid}, the refresh-token family)
	 * @return {@code true} if a live session was ended
	 */
	boolean revokeSession(String sessionId);

	/**
	 * End every session of a subject.
	 * @param subject the subject
	 * @return the IDs of the sessions ended
	 */
	List<String> revokeAllSessions(String subject);

}
