package io.github.jwtauth.store.redis;

/**
 * Key names. Every key carries the hash tag {@code {prefix}}, so all keys live in one
 * hash slot and the Lua scripts stay atomic on Redis Cluster.
 */
final class RedisKeys {

	private final String base;

	RedisKeys(String prefix) {
		this.base = "{" + prefix + "}:";
	}

	String token(String hash) {
		return this.base + "rt:" + hash;
	}

	String familyPrefix() {
		return this.base + "family:";
	}

	String family(String id) {
		return familyPrefix() + id;
	}

	String userPrefix() {
		return this.base + "user:";
	}

	String user(String subject) {
		return userPrefix() + subject;
	}

	String sessions(String subject) {
		return this.base + "sessions:" + subject;
	}

	String revocationsByTime() {
		return this.base + "revocations:by-time";
	}

	String revocationsByExpiry() {
		return this.base + "revocations:by-expiry";
	}

	String attempt(String key) {
		return this.base + "attempt:" + key;
	}

	String channel() {
		return this.base + "revocations";
	}

}
