package io.github.jwtauth.revocation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Revocations in this process's memory, for a single instance: each entry is kept with a
 * sequence number until it expires, so {@link #changesSince(long)} answers like a shared
 * store would. It is not shared, so no synchronisation deadline applies to it.
 */
public final class InMemoryRevocationStore implements RevocationStore {

	private final ConcurrentSkipListMap<Long, RevocationEntry> entries = new ConcurrentSkipListMap<>();

	private final AtomicLong sequence = new AtomicLong();

	@Override
	public void add(RevocationEntry entry) {
		this.entries.put(this.sequence.incrementAndGet(), entry);
	}

	@Override
	public List<RevocationEntry> findActive(Instant now) {
		return this.entries.values().stream().filter((entry) -> now.isBefore(entry.expiresAt())).toList();
	}

	@Override
	public long position() {
		return this.sequence.get() + 1;
	}

	@Override
	public List<RevocationEntry> changesSince(long position) {
		return new ArrayList<>(this.entries.tailMap(position, true).values());
	}

	@Override
	public void purgeExpired(Instant now) {
		this.entries.values().removeIf((entry) -> !now.isBefore(entry.expiresAt()));
	}

	/**
	 * The number of entries held.
	 * @return the size
	 */
	public int size() {
		return this.entries.size();
	}

}
