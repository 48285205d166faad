package io.github.jwtauth.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where failed attempts are counted, by an opaque key (a hash: never a user name or an
 * address in clear). A key's failures are forgotten together once its retention has
 * passed since its last failure. A store shared by several application instances
 * ({@link #isShared()}) makes the limits hold across them. The contract suite
 * {@code AttemptStoreContractTests} of {@code jwt-auth-test} (package {@code test.store})
 * says what a store must do.
 */
public interface AttemptStore {

	/**
	 * Count one failure under a key, atomically: concurrent calls each count. If the
	 * key's failures have expired ({@code now} is at or past the last failure plus its
	 * retention) counting starts again at one.
	 * @param key the key
	 * @param now the time of the failure
	 * @param retention how long after this failure the key's failures are kept
	 * @return the failures counted after this one
	 */
	Attempts recordFailure(String key, Instant now, Duration retention);

	/**
	 * The failures counted under a key.
	 * @param key the key
	 * @param now the current time
	 * @return the failures, or empty when there are none or they have expired
	 */
	Optional<Attempts> find(String key, Instant now);

	/**
	 * Forget a key's failures.
	 * @param key the key
	 */
	void reset(String key);

	/**
	 * Remove expired keys, for stores that do not expire keys by themselves.
	 * @param now the current time
	 */
	default void purgeExpired(Instant now) {
	}

	/**
	 * Whether several application instances share this store.
	 * @return {@code true} for a shared store
	 */
	default boolean isShared() {
		return false;
	}

}
