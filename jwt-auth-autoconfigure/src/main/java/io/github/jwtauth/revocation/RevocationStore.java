package io.github.jwtauth.revocation;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where revocations are kept so that every instance can enforce them. Each instance keeps
 * a local {@link RevocationRegistry} loaded from {@link #findActive(Instant)} and kept
 * current through {@link #subscribe(Consumer)}, so no request waits for the store.
 */
public interface RevocationStore {

	/**
	 * Persist a revocation and announce it to the other instances.
	 * @param entry the revocation
	 */
	void add(RevocationEntry entry);

	/**
	 * Every revocation that has not expired.
	 * @param now the current time
	 * @return the live revocations
	 */
	List<RevocationEntry> findActive(Instant now);

	/**
	 * Receive revocations made by any instance, this one included.
	 * @param listener called for each new revocation
	 * @return a handle that stops the subscription
	 */
	default AutoCloseable subscribe(Consumer<RevocationEntry> listener) {
		return () -> {
		};
	}

	/**
	 * Remove expired revocations.
	 * @param now the current time
	 */
	default void purgeExpired(Instant now) {
	}

}
