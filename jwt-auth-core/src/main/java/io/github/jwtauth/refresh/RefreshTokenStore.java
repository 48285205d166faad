package io.github.jwtauth.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.github.jwtauth.revocation.RevocableSessions;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.LoginSession;

/**
 * Keeps refresh tokens (as hashes) and their families (login sessions). Implementations
 * must make {@link #rotate} atomic: of concurrent rotations of one token exactly one
 * returns {@link RotationResult.Status#ROTATED}. The contract test suite in
 * {@code jwt-auth-test} ({@code RefreshTokenStoreContractTests}) checks an
 * implementation.
 * <p>
 * A family is a user's login session: {@link #findSessions} lists a user's live ones,
 * with when each was created and last used and, when given, the user agent and client
 * address of its last use ({@link ClientDetails}).
 */
public interface RefreshTokenStore extends RevocableSessions {

	/**
	 * The most sessions {@link #findSessions} answers.
	 */
	int MAX_LISTED_SESSIONS = 100;

	/**
	 * Store the first token of a new family, and keep at most {@code maxSessions} live
	 * families (neither revoked nor expired at the token's issue time) of its subject:
	 * when the subject has more, its oldest live families are revoked (or dropped), so
	 * none of their tokens can be used again. One subject's logins never end another
	 * subject's sessions.
	 * @param token the token record
	 * @param maxSessions the most live families the subject may have, at least 1
	 * @return the IDs of the families ended to make room, oldest first, for the caller to
	 * revoke their access tokens too
	 */
	default List<String> create(RefreshTokenRecord token, int maxSessions) {
		return create(token, maxSessions, ClientDetails.NONE);
	}

	/**
	 * Store the first token of a new family (see
	 * {@link #create(RefreshTokenRecord, int)}) with the user agent and client address of
	 * the login, kept as the family's last use (its {@link LoginSession#lastUsedAt() last
	 * use} is the token's issue time).
	 * @param token the token record
	 * @param maxSessions the most live families the subject may have, at least 1
	 * @param client the user agent and client address of the login, or
	 * {@link ClientDetails#NONE}
	 * @return the IDs of the families ended to make room, oldest first
	 */
	List<String> create(RefreshTokenRecord token, int maxSessions, ClientDetails client);

	/**
	 * Store the first token of a new family, with no bound on its subject's families.
	 * @param token the token record
	 */
	default void create(RefreshTokenRecord token) {
		create(token, Integer.MAX_VALUE);
	}

	/**
	 * Atomically spend the presented token and store its successor in the same family.
	 * When the presented token was already spent, revoke the whole family and answer
	 * {@link RotationResult.Status#REUSED}. The successor expires after {@code idleTtl},
	 * but never after the family. The new token is of the presented one's family
	 * ({@link RefreshTokens#successor(String)}): both hashes carry the same tag.
	 * @param presentedHash the hash of the presented token
	 * @param nextHash the hash of the new token
	 * @param now the current time
	 * @param idleTtl the idle lifetime of the new token
	 * @return the outcome
	 */
	default RotationResult rotate(String presentedHash, String nextHash, Instant now, Duration idleTtl) {
		return rotate(presentedHash, nextHash, now, idleTtl, ClientDetails.NONE);
	}

	/**
	 * Rotate (see {@link #rotate(String, String, Instant, Duration)}) and, when the
	 * rotation succeeds, record it as the family's last use: at {@code now}, by
	 * {@code client} (replacing the details of the previous use, also by
	 * {@link ClientDetails#NONE}).
	 * @param presentedHash the hash of the presented token
	 * @param nextHash the hash of the new token
	 * @param now the current time
	 * @param idleTtl the idle lifetime of the new token
	 * @param client the user agent and client address of the refresh, or
	 * {@link ClientDetails#NONE}
	 * @return the outcome
	 */
	RotationResult rotate(String presentedHash, String nextHash, Instant now, Duration idleTtl, ClientDetails client);

	/**
	 * The record of a token, live or spent, if its family is not revoked.
	 * @param tokenHash the hash
	 * @return the record
	 */
	Optional<RefreshTokenRecord> find(String tokenHash);

	/**
	 * A subject's live families (neither revoked nor expired at {@code now}), newest
	 * first ({@link LoginSession#createdAt()} descending, then ID). At most
	 * {@value #MAX_LISTED_SESSIONS}.
	 * @param subject the subject
	 * @param now the current time
	 * @return the sessions, empty when none
	 */
	List<LoginSession> findSessions(String subject, Instant now);

	/**
	 * A live family (neither revoked nor expired at {@code now}), of any subject: the
	 * caller checks whose it is.
	 * @param sessionId the family
	 * @param now the current time
	 * @return the session, empty when unknown, revoked or expired
	 */
	Optional<LoginSession> findSession(String sessionId, Instant now);

	/**
	 * Revoke a family: none of its tokens can be used again.
	 * @param familyId the family
	 * @return {@code true} if a live family was revoked
	 */
	@Override
	boolean revokeSession(String familyId);

	/**
	 * Revoke every family of a subject.
	 * @param subject the subject
	 * @return the revoked family IDs
	 */
	@Override
	List<String> revokeAllSessions(String subject);

	/**
	 * Remove expired tokens and families.
	 * @param now the current time
	 * @return the number of records removed
	 */
	int purgeExpired(Instant now);

}
