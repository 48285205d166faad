package io.github.jwtauth.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Bounded cache of tokens whose signature and claims were verified, keyed by the exact
 * token text, so a token presented again skips parsing and signature verification. An
 * entry is never returned at or after the token's {@code exp}. Revocation is not cached:
 * the decoder checks it on every call.
 */
public final class ValidatedTokenCache {

	private final ConcurrentHashMap<String, Jwt> entries;

	private final int maxSize;

	private final Clock clock;

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
	 * The validated token for this text, if cached and not expired.
	 * @param token the token text
	 * @return the token or {@code null}
	 */
	public Jwt get(String token) {
		Jwt jwt = this.entries.get(token);
		if (jwt == null) {
			return null;
		}
		if (!this.clock.instant().isBefore(jwt.getExpiresAt())) {
			this.entries.remove(token, jwt);
			return null;
		}
		return jwt;
	}

	/**
	 * Remember a validated token.
	 * @param token the token text
	 * @param jwt the validated token
	 */
	public void put(String token, Jwt jwt) {
		if (this.entries.size() >= this.maxSize) {
			evict();
		}
		this.entries.put(token, jwt);
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

	private void evict() {
		Instant now = this.clock.instant();
		this.entries.values().removeIf((jwt) -> !now.isBefore(jwt.getExpiresAt()));
		int excess = this.entries.size() - (this.maxSize - Math.max(1, this.maxSize / 10));
		Iterator<String> keys = this.entries.keySet().iterator();
		while (excess-- > 0 && keys.hasNext()) {
			keys.next();
			keys.remove();
		}
	}

}
