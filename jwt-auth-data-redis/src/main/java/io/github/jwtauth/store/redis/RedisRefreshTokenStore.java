package io.github.jwtauth.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.refresh.RotationResult;
import io.github.jwtauth.refresh.RotationResult.Status;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * Refresh tokens in Redis. A token is a hash under {@code {prefix}:rt:<sha-256>}, its
 * family a hash under {@code {prefix}:family:<id>}, a user's families a set under
 * {@code {prefix}:user:<subject>}, and the same families by creation time in a sorted set
 * under {@code {prefix}:sessions:<subject>}, which bounds the live sessions per user.
 * Every key expires with its family. Rotation, revocation and creation are Lua scripts,
 * so they are atomic: of concurrent rotations of a token exactly one wins, and concurrent
 * logins of one user never exceed its session bound.
 */
public final class RedisRefreshTokenStore implements RefreshTokenStore {

	private static final String CREATE = """
			redis.call('HSET', KEYS[2], 'subject', ARGV[2], 'expires', ARGV[5], 'revoked', '0')
			redis.call('PEXPIREAT', KEYS[2], ARGV[5])
			redis.call('HSET', KEYS[1], 'family', ARGV[1], 'subject', ARGV[2], 'issued', ARGV[3], 'expires', ARGV[4], 'spent', '0')
			redis.call('PEXPIREAT', KEYS[1], ARGV[5])
			redis.call('SADD', KEYS[3], ARGV[1])
			if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[5]) - tonumber(ARGV[3]) then
			  redis.call('PEXPIREAT', KEYS[3], ARGV[5])
			end
			redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
			if redis.call('PTTL', KEYS[4]) < tonumber(ARGV[5]) - tonumber(ARGV[3]) then
			  redis.call('PEXPIREAT', KEYS[4], ARGV[5])
			end
			local ended = {}
			local max = tonumber(ARGV[6])
			if max > 0 then
			  local now = tonumber(ARGV[3])
			  local live = {}
			  for _, id in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
			    if id ~= ARGV[1] then
			      local f = redis.call('HMGET', ARGV[7] .. id, 'expires', 'revoked')
			      if f[1] and f[2] == '0' and tonumber(f[1]) > now then
			        table.insert(live, id)
			      else
			        redis.call('ZREM', KEYS[4], id)
			      end
			    end
			  end
			  for i = 1, #live - (max - 1) do
			    redis.call('HSET', ARGV[7] .. live[i], 'revoked', '1')
			    redis.call('ZREM', KEYS[4], live[i])
			    table.insert(ended, live[i])
			  end
			end
			return ended
			""";

	private static final String ROTATE = """
			local t = redis.call('HMGET', KEYS[1], 'family', 'subject', 'issued', 'expires', 'spent')
			if not t[1] then return {'NOT_FOUND'} end
			local familyKey = ARGV[4] .. t[1]
			local f = redis.call('HMGET', familyKey, 'expires', 'revoked')
			if not f[1] then return {'REVOKED', t[1], t[2], t[3], t[4], t[4]} end
			if f[2] == '1' then return {'REVOKED', t[1], t[2], t[3], t[4], f[1]} end
			if t[5] == '1' then
			  redis.call('HSET', familyKey, 'revoked', '1')
			  return {'REUSED', t[1], t[2], t[3], t[4], f[1]}
			end
			local now = tonumber(ARGV[1])
			local familyExpires = tonumber(f[1])
			if now >= tonumber(t[4]) or now >= familyExpires then return {'EXPIRED', t[1], t[2], t[3], t[4], f[1]} end
			redis.call('HSET', KEYS[1], 'spent', '1')
			local expires = math.min(now + tonumber(ARGV[2]), familyExpires)
			redis.call('HSET', KEYS[2], 'family', t[1], 'subject', t[2], 'issued', ARGV[1], 'expires', expires, 'spent', '0')
			redis.call('PEXPIREAT', KEYS[2], familyExpires)
			return {'ROTATED', t[1], t[2], t[3], t[4], f[1], tostring(expires)}
			""";

	private static final String FIND = """
			local t = redis.call('HMGET', KEYS[1], 'family', 'subject', 'issued', 'expires')
			if not t[1] then return {} end
			local f = redis.call('HMGET', ARGV[1] .. t[1], 'expires', 'revoked')
			if not f[1] or f[2] == '1' then return {} end
			return {t[1], t[2], t[3], t[4], f[1]}
			""";

	private static final String REVOKE_FAMILY = """
			if redis.call('HGET', KEYS[1], 'revoked') == '0' then
			  redis.call('HSET', KEYS[1], 'revoked', '1')
			  return 1
			end
			return 0
			""";

	private static final String REVOKE_ALL = """
			local revoked = {}
			for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
			  local key = ARGV[1] .. id
			  if redis.call('HGET', key, 'revoked') == '0' then
			    redis.call('HSET', key, 'revoked', '1')
			    table.insert(revoked, id)
			  elseif redis.call('EXISTS', key) == 0 then
			    redis.call('SREM', KEYS[1], id)
			  end
			end
			return revoked
			""";

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> create = RedisScript.of(CREATE, List.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> rotate = RedisScript.of(ROTATE, List.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> find = RedisScript.of(FIND, List.class);

	private final RedisScript<Long> revokeFamily = RedisScript.of(REVOKE_FAMILY, Long.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> revokeAll = RedisScript.of(REVOKE_ALL, List.class);

	/**
	 * Create a store.
	 * @param redis the Redis template
	 * @param keyPrefix the key prefix
	 */
	public RedisRefreshTokenStore(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.keys = new RedisKeys(keyPrefix);
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<String> create(RefreshTokenRecord token, int maxSessions) {
		Assert.isTrue(maxSessions > 0, "maxSessions must be positive");
		List<?> ended = this.redis.execute(this.create,
				List.of(this.keys.token(token.tokenHash()), this.keys.family(token.familyId()),
						this.keys.user(token.subject()), this.keys.sessions(token.subject())),
				token.familyId(), token.subject(), millis(token.issuedAt()), millis(token.expiresAt()),
				millis(token.familyExpiresAt()), Integer.toString((maxSessions == Integer.MAX_VALUE) ? 0 : maxSessions),
				this.keys.familyPrefix());
		return (ended != null) ? (List<String>) ended : List.of();
	}

	@Override
	public RotationResult rotate(String presentedHash, String nextHash, Instant now, Duration idleTtl) {
		List<?> result = this.redis.execute(this.rotate,
				List.of(this.keys.token(presentedHash), this.keys.token(nextHash)), millis(now),
				Long.toString(idleTtl.toMillis()), nextHash, this.keys.familyPrefix());
		Status status = Status.valueOf((String) result.get(0));
		if (status == Status.NOT_FOUND) {
			return new RotationResult(status, null, null);
		}
		Instant familyExpiresAt = instant(result.get(5));
		RefreshTokenRecord presented = new RefreshTokenRecord(presentedHash, (String) result.get(1),
				(String) result.get(2), instant(result.get(3)), instant(result.get(4)), familyExpiresAt);
		if (status != Status.ROTATED) {
			return new RotationResult(status, presented, null);
		}
		RefreshTokenRecord next = new RefreshTokenRecord(nextHash, presented.familyId(), presented.subject(), now,
				instant(result.get(6)), familyExpiresAt);
		return new RotationResult(status, presented, next);
	}

	@Override
	public Optional<RefreshTokenRecord> find(String tokenHash) {
		List<?> result = this.redis.execute(this.find, List.of(this.keys.token(tokenHash)), this.keys.familyPrefix());
		if (result == null || result.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new RefreshTokenRecord(tokenHash, (String) result.get(0), (String) result.get(1),
				instant(result.get(2)), instant(result.get(3)), instant(result.get(4))));
	}

	@Override
	public boolean revokeSession(String familyId) {
		Long revoked = this.redis.execute(this.revokeFamily, List.of(this.keys.family(familyId)));
		return revoked != null && revoked == 1L;
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<String> revokeAllSessions(String subject) {
		List<?> result = this.redis.execute(this.revokeAll, List.of(this.keys.user(subject)), this.keys.familyPrefix());
		return (result != null) ? (List<String>) result : List.of();
	}

	@Override
	public int purgeExpired(Instant now) {
		// every key carries a TTL: Redis expires them itself
		return 0;
	}

	private static String millis(Instant instant) {
		return Long.toString(instant.toEpochMilli());
	}

	private static Instant instant(Object millis) {
		return Instant.ofEpochMilli(Long.parseLong(String.valueOf(millis)));
	}

}
