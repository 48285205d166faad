package io.github.jwtauth.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.github.jwtauth.revocation.RevocableSessions;

/**
 * Keeps refresh tokens (as hashes) and their families (login sessions). Implementations
 * must make {@link #rotate} atomic: of concurrent rotations of one token exactly one
 * returns {@link RotationResult.Status#ROTATED}. The contract test suite in
 * {@code jwt-auth-test} ({@code RefreshTokenStoreContractTests}) checks an
 * implementation.
 */
public interface RefreshTokenStore extends RevocableSessions {

	/**
	 * Store the first token of a new family.
	 * @param token the token record
	 */
	void create(RefreshTokenRecord token);

	/**
	 * Atomically spend the presented token and store its successor in the same family.
	 * When the presented token was already spent, revoke the whole family and answer
	 * {@link RotationResult.Status#REUSED}. The successor expires after {@code idleTtl},
	 * but never after the family.
	 * @param presentedHash the hash of the presented token
	 * @param nextHash the hash of the new token
	 * @param now the current time
	 * @param idleTtl the idle lifetime of the new token
	 * @return the outcome
	 */
	RotationResult rotate(String presentedHash, String nextHash, Instant now, Duration idleTtl);

	/**
	 * The record of a token, live or spent, if its family is not revoked.
	 * @param tokenHash the hash
	 * @return the record
	 */
	Optional<RefreshTokenRecord> find(String tokenHash);

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
