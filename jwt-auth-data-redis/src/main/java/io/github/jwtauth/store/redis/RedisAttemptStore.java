package io.github.jwtauth.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.github.jwtauth.throttle.AttemptStore;
import io.github.jwtauth.throttle.Attempts;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Failed attempts in Redis: a hash under {@code prefix:attempt:<key>} (one key per
 * counter, in any hash slot of a Redis Cluster) with the count, the last failure and the
 * logical expiry (both in the throttle's clock). Counting is one Lua script, so
 * concurrent failures on one instance or many each count; every key has a TTL of its
 * retention, so Redis removes it by itself.
 */
public final class RedisAttemptStore implements AttemptStore {

	private static final String RECORD = """
			local now = tonumber(ARGV[1])
			local expires = now + tonumber(ARGV[2])
			local e = tonumber(redis.call('HGET', KEYS[1], 'e') or '0')
			local f = 1
			local l = now
			if e > now then
			  f = tonumber(redis.call('HGET', KEYS[1], 'f')) + 1
			  l = math.max(tonumber(redis.call('HGET', KEYS[1], 'l')), now)
			  expires = math.max(e, expires)
			end
			redis.call('HSET', KEYS[1], 'f', f, 'l', l, 'e', expires)
			redis.call('PEXPIRE', KEYS[1], expires - now)
			return {f, l}
			""";

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> record = RedisScript.of(RECORD, List.class);

	/**
	 * Create a store.
	 * @param redis the Redis template
	 * @param keyPrefix the key prefix
	 */
	public RedisAttemptStore(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.keys = new RedisKeys(keyPrefix);
	}

	@Override
	public Attempts recordFailure(String key, Instant now, Duration retention) {
		List<?> result = this.redis.execute(this.record, List.of(this.keys.attempt(key)),
				Long.toString(now.toEpochMilli()), Long.toString(retention.toMillis()));
		return new Attempts(((Number) result.get(0)).intValue(),
				Instant.ofEpochMilli(((Number) result.get(1)).longValue()));
	}

	@Override
	public Optional<Attempts> find(String key, Instant now) {
		List<Object> values = this.redis.opsForHash().multiGet(this.keys.attempt(key), List.of("f", "l", "e"));
		if (values.get(0) == null || values.get(1) == null || values.get(2) == null
				|| Long.parseLong((String) values.get(2)) <= now.toEpochMilli()) {
			return Optional.empty();
		}
		return Optional.of(new Attempts(Integer.parseInt((String) values.get(0)),
				Instant.ofEpochMilli(Long.parseLong((String) values.get(1)))));
	}

	@Override
	public void reset(String key) {
		this.redis.delete(this.keys.attempt(key));
	}

	@Override
	public boolean isShared() {
		return true;
	}

}
