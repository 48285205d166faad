package io.github.jwtauth.dpop;

import java.time.Instant;

/**
 * Remembers the DPoP proofs already seen, so that each is accepted once (RFC 9449 §11.1).
 * Shared by every instance of an application (a database table, Redis), so that a proof
 * replayed on another instance is refused too. The contract test suite in
 * {@code jwt-auth-test} ({@code DPoPProofReplayStoreContractTests}) checks an
 * implementation.
 */
@FunctionalInterface
public interface DPoPProofReplayStore {

	/**
	 * Record a proof, atomically: of concurrent calls with one key, on one instance or
	 * many, exactly one answers {@code true}.
	 * @param proofKey a fixed-length digest that identifies the proof (never the proof
	 * itself)
	 * @param expiresAt when the proof could no longer be accepted anyway, after which the
	 * key may be forgotten
	 * @return {@code true} if the proof was not seen before; {@code false} for a replay
	 * @throws RuntimeException if the store cannot answer: the proof is then refused as
	 * unavailable (503), never accepted
	 */
	boolean markUsed(String proofKey, Instant expiresAt);

	/**
	 * Remove expired keys, for a store that does not expire them by itself (a database
	 * table; see {@link DPoPProofPurger}).
	 * @param now the current time
	 * @return the number of keys removed
	 */
	default int purgeExpired(Instant now) {
		return 0;
	}

}
