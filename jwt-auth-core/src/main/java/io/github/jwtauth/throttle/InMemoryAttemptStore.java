package io.github.jwtauth.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.util.Assert;

/**
 * Failed attempts in this process's memory, for a single instance. The number of keys is
 * bounded: past it, the key least recently failed is dropped.
 */
public final class InMemoryAttemptStore implements AttemptStore {

	/**
	 * The default bound on the number of keys.
	 */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	private final Map<String, Entry> entries;

	/**
	 * Create a store holding at most {@link #DEFAULT_MAX_ENTRIES} keys.
	 */
	public InMemoryAttemptStore() {
		this(DEFAULT_MAX_ENTRIES);
	}

	/**
	 * Create a store.
	 * @param maxEntries the most keys held
	 */
	public InMemoryAttemptStore(int maxEntries) {
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
				return size() > maxEntries;
			}

		};
	}

	@Override
	public synchronized Attempts recordFailure(String key, Instant now, Duration retention) {
		Entry entry = this.entries.get(key);
		int failures = (entry != null && now.isBefore(entry.expiresAt())) ? entry.attempts().failures() + 1 : 1;
		Instant last = (entry != null && failures > 1 && entry.attempts().lastFailure().isAfter(now))
				? entry.attempts().lastFailure() : now;
		Instant expiresAt = (entry != null && failures > 1 && entry.expiresAt().isAfter(now.plus(retention)))
				? entry.expiresAt() : now.plus(retention);
		Attempts attempts = new Attempts(failures, last);
		this.entries.put(key, new Entry(attempts, expiresAt));
		return attempts;
	}

	@Override
	public synchronized Optional<Attempts> find(String key, Instant now) {
		Entry entry = this.entries.get(key);
		return (entry != null && now.isBefore(entry.expiresAt())) ? Optional.of(entry.attempts()) : Optional.empty();
	}

	@Override
	public synchronized void reset(String key) {
		this.entries.remove(key);
	}

	@Override
	public synchronized void purgeExpired(Instant now) {
		Iterator<Entry> iterator = this.entries.values().iterator();
		while (iterator.hasNext()) {
			if (!now.isBefore(iterator.next().expiresAt())) {
				iterator.remove();
			}
		}
	}

	/**
	 * The number of keys held.
	 * @return the size
	 */
	public synchronized int size() {
		return this.entries.size();
	}

	private record Entry(Attempts attempts, Instant expiresAt) {

	}

}
