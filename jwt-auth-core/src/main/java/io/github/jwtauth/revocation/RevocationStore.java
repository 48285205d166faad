package io.github.jwtauth.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Where revocations are kept so that every instance can enforce them. Each instance keeps
 * a local {@link RevocationRegistry}: loaded from {@link #findActive(Instant)} at
 * start-up, then kept current by polling {@link #changesSince(long)} (and, where the
 * store can push, through {@link #subscribe(Consumer)}), so no request waits for the
 * store.
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
	 * Whether the store is shared between instances, so that the local replica must be
	 * kept in sync with it.
	 * @return {@code true} for a shared store
	 */
	default boolean isShared() {
		return false;
	}

	/**
	 * The store's current position (opaque: a time, a sequence or a transaction ID), to
	 * pass to {@link #changesSince(long)} next time. Also serves as a health check.
	 * @return the position
	 */
	default long position() {
		return 0;
	}

	/**
	 * Revocations added at or after a position; implementations may return some entries
	 * more than once (applying an entry is idempotent) but never miss one.
	 * @param position a position from {@link #position()}
	 * @return the revocations
	 */
	default List<RevocationEntry> changesSince(long position) {
		return List.of();
	}

	/**
	 * How old the information behind the last successful {@link #findActive(Instant)} or
	 * {@link #changesSince(long)} call is, where the store answers from information it
	 * received earlier (a followed feed): the synchronizer counts the replica's staleness
	 * from then, not from the call.
	 * @return the age of the information, {@link Duration#ZERO} for a store read directly
	 */
	default Duration lag() {
		return Duration.ZERO;
	}

	/**
	 * The store's own current time, where it has a clock (the database's, Redis's
	 * {@code TIME}), so that the cut-offs of a revocation of all tokens of a subject come
	 * from one clock whichever instance records them.
	 * @return the store's time, or {@code null} if it has no clock of its own (the
	 * instance's clock is used then)
	 */
	default @Nullable Instant currentTime() {
		return null;
	}

	/**
	 * Receive revocations made by any instance as they happen, where the store can push.
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

	/**
	 * Whether the subject entries this store delivers carry {@link SubjectHash hashes} of
	 * the subjects rather than the subjects themselves (as the issuer's revocation feed
	 * publishes them), so that the {@link RevocationRegistry} they are applied to must
	 * hash a token's {@code sub} before looking it up.
	 * @return {@code true} if subjects are delivered as hashes
	 */
	default boolean hashesSubjects() {
		return false;
	}

}
