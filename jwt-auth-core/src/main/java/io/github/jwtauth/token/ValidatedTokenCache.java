package io.github.jwtauth.token;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Bounded cache of tokens whose signature and claims were verified, keyed by the exact
 * token text, so a token presented again skips parsing and signature verification. An
 * entry is never returned at or after the token's {@code exp}. Revocation is not cached:
 * the decoder checks it on every call. When full, expired entries go first, then the ones
 * that expire soonest; size {@code jwt.auth.cache.max-size} above the number of live
 * tokens.
 * <p>
 * It counts its hits, misses and evictions ({@link #hitCount()}, {@link #missCount()},
 * {@link #evictionCount()}) for monitoring, with one {@link LongAdder} increment per
 * look-up.
 */
public final class ValidatedTokenCache {

	private static final Object ANY_KEYS = new Object();

	private final ConcurrentHashMap<Key, Entry> entries;

	private final int maxSize;

	private final Clock clock;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	/**
	 * Create a cache.
	 * @param maxSize the most entries kept
	 * @param clock the clock that decides expiry
	 */
	public ValidatedTokenCache(int maxSize, Clock clock) {
		this.entries = new ConcurrentHashMap<>(Math.min(maxSize, 1024) * 2);
		this.maxSize = maxSize;
		this.clock = clock;
	}

	/**
	 * The validated token for this text, if cached and not expired, whatever keys
	 * verified it.
	 * @param token the token text
	 * @return the token or {@code null}
	 */
	public @Nullable Jwt get(String token) {
		return lookup(token, null);
	}

	/**
	 * The validated token for this text, if cached, not expired, and verified with the
	 * version of the trusted keys that {@code currentKeys} gives for it now: with several
	 * issuers, the current version of the keys of the token's own issuer.
	 * @param token the token text
	 * @param currentKeys the current version of the keys that verify a cached token
	 * (compared by identity with those that verified it)
	 * @return the token or {@code null}
	 */
	public @Nullable Jwt get(String token, Function<Jwt, Object> currentKeys) {
		return lookup(token, currentKeys);
	}

	/**
	 * The look-up behind every {@code get}, counting hits, misses and evictions.
	 * @param token the token text
	 * @param currentKeys gives the keys the cached token must have been verified with, or
	 * {@code null} for any
	 * @return the token or {@code null}
	 */
	private @Nullable Jwt lookup(String token, @Nullable Function<Jwt, Object> currentKeys) {
		Key key = new Key(token);
		Entry entry = this.entries.get(key);
		if (entry == null) {
			this.misses.increment();
			return null;
		}
		if (!this.clock.instant().isBefore(entry.jwt().getExpiresAt())
				|| (currentKeys != null && entry.keys() != currentKeys.apply(entry.jwt()))) {
			if (this.entries.remove(key, entry)) {
				this.evictions.increment();
			}
			this.misses.increment();
			return null;
		}
		this.hits.increment();
		return entry.jwt();
	}

	/**
	 * Remember a validated token.
	 * @param token the token text
	 * @param jwt the validated token
	 */
	public void put(String token, Jwt jwt) {
		put(token, jwt, ANY_KEYS);
	}

	/**
	 * Remember a token validated with a version of the trusted keys.
	 * @param token the token text
	 * @param jwt the validated token
	 * @param keys the version of the trusted keys that verified it
	 */
	public void put(String token, Jwt jwt, Object keys) {
		if (this.entries.size() >= this.maxSize) {
			evict();
		}
		this.entries.put(new Key(token), new Entry(jwt, keys));
	}

	/**
	 * Forget every entry.
	 */
	public void clear() {
		this.entries.clear();
	}

	/**
	 * The number of entries.
	 * @return the size
	 */
	public int size() {
		return this.entries.size();
	}

	/**
	 * The most entries kept.
	 * @return the maximum size
	 */
	public int maxSize() {
		return this.maxSize;
	}

	/**
	 * How many look-ups found a usable entry, since the cache was created.
	 * @return the number of hits
	 */
	public long hitCount() {
		return this.hits.sum();
	}

	/**
	 * How many look-ups found no usable entry (none, expired, or verified with keys no
	 * longer current), since the cache was created.
	 * @return the number of misses
	 */
	public long missCount() {
		return this.misses.sum();
	}

	/**
	 * How many entries were removed before {@link #clear()} could: expired, verified with
	 * keys no longer current, or dropped to make room, since the cache was created.
	 * @return the number of evictions
	 */
	public long evictionCount() {
		return this.evictions.sum();
	}

	private synchronized void evict() {
		if (this.entries.size() < this.maxSize) {
			return;
		}
		Instant now = this.clock.instant();
		this.entries.values().removeIf((entry) -> {
			boolean expired = !now.isBefore(entry.jwt().getExpiresAt());
			if (expired) {
				this.evictions.increment();
			}
			return expired;
		});
		int excess = this.entries.size() - (this.maxSize - Math.max(1, this.maxSize / 10));
		if (excess <= 0) {
			return;
		}
		List<Map.Entry<Key, Entry>> soonest = new ArrayList<>(this.entries.entrySet());
		soonest.sort(Comparator.comparing((Map.Entry<Key, Entry> e) -> e.getValue().jwt().getExpiresAt()));
		for (int i = 0; i < excess && i < soonest.size(); i++) {
			if (this.entries.remove(soonest.get(i).getKey(), soonest.get(i).getValue())) {
				this.evictions.increment();
			}
		}
	}

	/**
	 * A validated token and the version of the keys that verified it.
	 */
	private record Entry(Jwt jwt, Object keys) {
	}

	/**
	 * The token text as a key whose hash covers only the end of the signature, which is
	 * unpredictable for every verified token, instead of the whole (long) text that every
	 * request brings as a new string; equality still compares the whole text.
	 */
	private static final class Key {

		private static final int HASHED = 24;

		private final String token;

		private final int hash;

		Key(String token) {
			this.token = token;
			int h = token.length();
			for (int i = Math.max(0, token.length() - HASHED); i < token.length(); i++) {
				h = 31 * h + token.charAt(i);
			}
			this.hash = h;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Key key && this.token.equals(key.token);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
