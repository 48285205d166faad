package io.github.jwtauth.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.refresh.RefreshTokens;
import io.github.jwtauth.refresh.RotationResult;
import io.github.jwtauth.refresh.RotationResult.Status;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.LoginSession;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * Refresh tokens in Redis, laid out for Redis Cluster ({@link RedisKeys}): a family and
 * its tokens in a hash slot of their own, named by the tag every token of the family
 * carries, and each user's index of families in the user's slot. Rotation (spend the
 * presented token, store its successor, detect reuse) is one Lua script in the family's
 * slot, so of concurrent rotations of a token exactly one wins. Every key expires with
 * what it covers.
 * <p>
 * The per-user operations span two slots and are ordered so that no crash between their
 * steps leaves a usable family that logout everywhere misses:
 * <ul>
 * <li>a login registers the new family in the user's index first (and picks there,
 * atomically, the oldest families beyond the session bound), then creates the family,
 * then ends the picked ones in their slots and only then forgets them in the index;</li>
 * <li>logout everywhere reads the index, ends every family in its slot, and only then
 * forgets them; ending a family that does not exist yet leaves a revoked tombstone, so a
 * login registered before the read but not yet created creates nothing usable;</li>
 * <li>a family revoked on its own (logout, reuse detected) is revoked in its slot first,
 * then forgotten in the index.</li>
 * </ul>
 * A crash can leave an index entry of a family that is gone or revoked (it counts towards
 * the bound until the bound or logout everywhere ends it again, or it expires), never a
 * usable family outside the index. A family bound to a DPoP key keeps the key's
 * thumbprint in its hash ({@code jkt}), set at login and returned with each of its
 * tokens, so every successor carries it. With a {@link ReplicaAcknowledgement}, every
 * step that must survive a failover is reported done only once replicas have it.
 * <p>
 * For the listing of a user's sessions ({@link #findSessions}), the family's hash also
 * keeps when it was created ({@code created}: the issue time of its first token), when it
 * was last used ({@code used}: its login or its latest rotation), when its newest token
 * expires ({@code last}), and, when the application records them, the user agent
 * ({@code ua}) and client address ({@code addr}) of the last use, written with the login
 * and replaced by every rotation in the same script. Client details are personal data:
 * they live in the family's hash only, so they expire with it at the family's absolute
 * end, and are deleted at once when the family is revoked (logout, logout everywhere, the
 * session bound, reuse detected). A family that ends by idleness keeps them until its key
 * expires. Listing reads the user's index in the user's slot, then each family in its own
 * slot (one read per family, the user's session bound keeping them few); a family of the
 * single-slot layout of earlier versions is neither listed nor found.
 * <p>
 * A family created before sessions were listed has none of these fields. Its creation is
 * its login time in the user's index (failing that, after a crash, its last use if a
 * later rotation recorded one, else unknown: the epoch), its last use its creation until
 * a rotation records one, the expiry of its newest token its absolute end until then, and
 * it has no client details. A rotation by an instance of an earlier version (during a
 * rolling upgrade) records neither the use nor the new token's expiry: until the family's
 * next rotation it shows its previous use, and drops out of the listing once its previous
 * token would have expired.
 */
public final class RedisRefreshTokenStore implements RefreshTokenStore {

	private static final String SERVER_NOW = """
			local t = redis.call('TIME')
			local serverNow = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', serverNow)) do
			  redis.call('ZREM', KEYS[1], id)
			end
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', serverNow)
			""";

	// KEYS: sessions, families; ARGV: family, issued, family end, bound (0: none)
	private static final String REGISTER = SERVER_NOW + """
			redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
			redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
			local expires = tonumber(ARGV[3])
			for _, key in ipairs(KEYS) do
			  if redis.call('PTTL', key) < expires - serverNow then redis.call('PEXPIREAT', key, expires) end
			end
			local ended = {}
			local max = tonumber(ARGV[4])
			if max > 0 then
			  local now = tonumber(ARGV[2])
			  local live = {}
			  for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
			    if id ~= ARGV[1] then
			      local e = redis.call('ZSCORE', KEYS[2], id)
			      if e and tonumber(e) > now then table.insert(live, id) else redis.call('ZREM', KEYS[1], id) end
			    end
			  end
			  for i = 1, #live - (max - 1) do
			    redis.call('ZREM', KEYS[1], live[i])
			    table.insert(ended, live[i])
			    table.insert(ended, redis.call('ZSCORE', KEYS[2], live[i]))
			  end
			end
			return ended
			""";

	// KEYS: family, token; ARGV: family, subject, issued, expires, family end, DPoP key
	// thumbprint, user agent, client address ('' for none)
	private static final String CREATE = """
			if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
			redis.call('HSET', KEYS[1], 'subject', ARGV[2], 'expires', ARGV[5], 'revoked', '0',
			  'created', ARGV[3], 'used', ARGV[3], 'last', ARGV[4])
			if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'jkt', ARGV[6]) end
			if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'ua', ARGV[7]) end
			if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'addr', ARGV[8]) end
			redis.call('PEXPIREAT', KEYS[1], ARGV[5])
			redis.call('HSET', KEYS[2], 'family', ARGV[1], 'subject', ARGV[2], 'issued', ARGV[3], 'expires', ARGV[4], 'spent', '0')
			redis.call('PEXPIREAT', KEYS[2], ARGV[5])
			return 1
			""";

	// KEYS: family; ARGV: its end, for a tombstone. 1: ended, 2: tombstone, 0: was not
	// live. An ended family keeps no client details.
	private static final String END = """
			local r = redis.call('HGET', KEYS[1], 'revoked')
			if r == '0' then
			  redis.call('HSET', KEYS[1], 'revoked', '1')
			  redis.call('HDEL', KEYS[1], 'ua', 'addr')
			  return 1
			end
			if not r then
			  redis.call('HSET', KEYS[1], 'revoked', '1')
			  redis.call('PEXPIREAT', KEYS[1], ARGV[1])
			  return 2
			end
			return 0
			""";

	// KEYS: sessions, families; ARGV: families
	private static final String FORGET = """
			redis.call('ZREM', KEYS[1], unpack(ARGV))
			redis.call('ZREM', KEYS[2], unpack(ARGV))
			return 0
			""";

	// KEYS: sessions, families
	private static final String USER_FAMILIES = SERVER_NOW + """
			return redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
			""";

	// KEYS: family. A revoked family keeps no client details.
	private static final String REVOKE = """
			local f = redis.call('HMGET', KEYS[1], 'subject', 'revoked')
			if not f[1] then return {} end
			if f[2] == '0' then
			  redis.call('HSET', KEYS[1], 'revoked', '1')
			  redis.call('HDEL', KEYS[1], 'ua', 'addr')
			  return {'1', f[1]}
			end
			return {'0', f[1]}
			""";

	// KEYS: presented token, next token (one slot); ARGV: now, idle TTL, next hash,
	// family key prefix of the slot, user agent, client address ('' for none). The
	// family's DPoP key thumbprint ('' for none) is the 7th value of every answer but
	// NOT_FOUND, the successor's expiry the 8th. Only a rotation is a use of the family;
	// reuse revokes it and deletes its client details.
	private static final String ROTATE = """
			local t = redis.call('HMGET', KEYS[1], 'family', 'subject', 'issued', 'expires', 'spent')
			if not t[1] then return {'NOT_FOUND'} end
			local familyKey = ARGV[4] .. t[1]
			local f = redis.call('HMGET', familyKey, 'expires', 'revoked', 'jkt')
			if not f[1] then return {'REVOKED', t[1], t[2], t[3], t[4], t[4], ''} end
			local jkt = f[3] or ''
			if f[2] == '1' then return {'REVOKED', t[1], t[2], t[3], t[4], f[1], jkt} end
			if t[5] == '1' then
			  redis.call('HSET', familyKey, 'revoked', '1')
			  redis.call('HDEL', familyKey, 'ua', 'addr')
			  return {'REUSED', t[1], t[2], t[3], t[4], f[1], jkt}
			end
			local now = tonumber(ARGV[1])
			local familyExpires = tonumber(f[1])
			if now >= tonumber(t[4]) or now >= familyExpires then return {'EXPIRED', t[1], t[2], t[3], t[4], f[1], jkt} end
			redis.call('HSET', KEYS[1], 'spent', '1')
			local expires = math.min(now + tonumber(ARGV[2]), familyExpires)
			redis.call('HSET', KEYS[2], 'family', t[1], 'subject', t[2], 'issued', ARGV[1], 'expires', expires, 'spent', '0')
			redis.call('PEXPIREAT', KEYS[2], familyExpires)
			redis.call('HSET', familyKey, 'used', ARGV[1], 'last', expires)
			if ARGV[5] ~= '' then redis.call('HSET', familyKey, 'ua', ARGV[5]) else redis.call('HDEL', familyKey, 'ua') end
			if ARGV[6] ~= '' then redis.call('HSET', familyKey, 'addr', ARGV[6]) else redis.call('HDEL', familyKey, 'addr') end
			return {'ROTATED', t[1], t[2], t[3], t[4], f[1], jkt, tostring(expires)}
			""";

	// KEYS: token; ARGV: family key prefix of the slot
	private static final String FIND = """
			local t = redis.call('HMGET', KEYS[1], 'family', 'subject', 'issued', 'expires')
			if not t[1] then return {} end
			local f = redis.call('HMGET', ARGV[1] .. t[1], 'expires', 'revoked', 'jkt')
			if not f[1] or f[2] == '1' then return {} end
			return {t[1], t[2], t[3], t[4], f[1], f[3] or ''}
			""";

	// the single-slot layout of earlier versions: KEYS: family
	private static final String LEGACY_REVOKE = """
			if redis.call('HGET', KEYS[1], 'revoked') == '0' then
			  redis.call('HSET', KEYS[1], 'revoked', '1')
			  return 1
			end
			return 0
			""";

	// the single-slot layout of earlier versions: KEYS: user; ARGV: family key prefix
	private static final String LEGACY_REVOKE_ALL = """
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

	private static final List<Object> SESSION_FIELDS = List.of("subject", "revoked", "expires", "last", "created",
			"used", "jkt", "ua", "addr");

	private static final Comparator<LoginSession> NEWEST_FIRST = Comparator.comparing(LoginSession::createdAt)
		.reversed()
		.thenComparing(LoginSession::id);

	private final StringRedisTemplate redis;

	private final RedisScriptRunner scripts;

	private final RedisKeys keys;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> register = RedisScript.of(REGISTER, List.class);

	private final RedisScript<Long> create = RedisScript.of(CREATE, Long.class);

	private final RedisScript<Long> end = RedisScript.of(END, Long.class);

	private final RedisScript<Long> forget = RedisScript.of(FORGET, Long.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> userFamilies = RedisScript.of(USER_FAMILIES, List.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> revoke = RedisScript.of(REVOKE, List.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> rotate = RedisScript.of(ROTATE, List.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> find = RedisScript.of(FIND, List.class);

	private final RedisScript<Long> legacyRevoke = RedisScript.of(LEGACY_REVOKE, Long.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> legacyRevokeAll = RedisScript.of(LEGACY_REVOKE_ALL, List.class);

	/**
	 * Create a store that waits for no replica.
	 * @param redis the Redis template
	 * @param keyPrefix the key prefix (without braces)
	 */
	public RedisRefreshTokenStore(StringRedisTemplate redis, String keyPrefix) {
		this(redis, keyPrefix, ReplicaAcknowledgement.none());
	}

	/**
	 * Create a store.
	 * @param redis the Redis template
	 * @param keyPrefix the key prefix (without braces)
	 * @param acknowledgement the replicas that must have a write before it is reported
	 * done
	 */
	public RedisRefreshTokenStore(StringRedisTemplate redis, String keyPrefix, ReplicaAcknowledgement acknowledgement) {
		Assert.notNull(redis, "redis must not be null");
		Assert.notNull(acknowledgement, "acknowledgement must not be null");
		this.redis = redis;
		this.scripts = new RedisScriptRunner(redis, acknowledgement);
		this.keys = new RedisKeys(keyPrefix);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The token must carry its family's tag ({@link RefreshTokens#generate(String)}).
	 */
	@Override
	public List<String> create(RefreshTokenRecord token, int maxSessions, ClientDetails client) {
		Assert.isTrue(maxSessions > 0, "maxSessions must be positive");
		Assert.notNull(client, "client must not be null");
		String tokenKey = this.keys.token(token.tokenHash());
		Assert.isTrue(
				tokenKey != null
						&& RefreshTokens.familyTag(token.familyId()).equals(RefreshTokens.tagOf(token.tokenHash())),
				"the token must carry its family's tag (RefreshTokens.generate(familyId))");
		String subject = token.subject();
		String familyId = token.familyId();
		// 1. the user's index first: a crash after it leaves an entry of a family that
		// does not exist, never a family that logout everywhere cannot find
		List<?> beyondBound = this.scripts.runAcknowledged(this.register,
				List.of(this.keys.sessions(subject), this.keys.families(subject)), familyId, millis(token.issuedAt()),
				millis(token.familyExpiresAt()),
				Integer.toString((maxSessions == Integer.MAX_VALUE) ? 0 : maxSessions));
		// 2. the family (nothing if a concurrent logout everywhere ended it already)
		this.scripts.runAcknowledged(this.create, List.of(this.keys.family(familyId), tokenKey), familyId, subject,
				millis(token.issuedAt()), millis(token.expiresAt()), millis(token.familyExpiresAt()),
				orEmpty(token.jkt()), orEmpty(client.userAgent()), orEmpty(client.address()));
		// 3. the families beyond the bound: ended in their slots, then forgotten
		return end(subject, (beyondBound != null) ? beyondBound : List.of());
	}

	@Override
	public RotationResult rotate(String presentedHash, String nextHash, Instant now, Duration idleTtl,
			ClientDetails client) {
		Assert.notNull(client, "client must not be null");
		String presentedKey = this.keys.token(presentedHash);
		if (presentedKey == null) {
			// a token of the single-slot layout of earlier versions
			return new RotationResult(Status.NOT_FOUND, null, null);
		}
		Assert.isTrue(Objects.equals(RefreshTokens.tagOf(presentedHash), RefreshTokens.tagOf(nextHash)),
				"the next token must be of the presented token's family (RefreshTokens.successor)");
		List<?> result = this.scripts.runAcknowledged(this.rotate, List.of(presentedKey, this.keys.token(nextHash)),
				millis(now), Long.toString(idleTtl.toMillis()), nextHash, this.keys.familyPrefixOf(presentedHash),
				orEmpty(client.userAgent()), orEmpty(client.address()));
		Assert.state(result != null && !result.isEmpty(), "Redis answered nothing");
		Status status = Status.valueOf((String) result.get(0));
		if (status == Status.NOT_FOUND) {
			return new RotationResult(status, null, null);
		}
		Instant familyExpiresAt = instant(result.get(5));
		String jkt = jkt(result.get(6));
		RefreshTokenRecord presented = new RefreshTokenRecord(presentedHash, (String) result.get(1),
				(String) result.get(2), instant(result.get(3)), instant(result.get(4)), familyExpiresAt, jkt);
		if (status == Status.REUSED) {
			forget(presented.subject(), List.of(presented.familyId()));
		}
		if (status != Status.ROTATED) {
			return new RotationResult(status, presented, null);
		}
		RefreshTokenRecord next = new RefreshTokenRecord(nextHash, presented.familyId(), presented.subject(), now,
				instant(result.get(7)), familyExpiresAt, jkt);
		return new RotationResult(status, presented, next);
	}

	@Override
	public Optional<RefreshTokenRecord> find(String tokenHash) {
		String key = this.keys.token(tokenHash);
		if (key == null) {
			return Optional.empty();
		}
		List<?> result = this.scripts.run(this.find, List.of(key), this.keys.familyPrefixOf(tokenHash));
		if (result == null || result.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new RefreshTokenRecord(tokenHash, (String) result.get(0), (String) result.get(1),
				instant(result.get(2)), instant(result.get(3)), instant(result.get(4)), jkt(result.get(5))));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Reads the subject's index of families in its slot, then each family in its own
	 * slot, latest end first, until {@value #MAX_LISTED_SESSIONS} live ones are found (so
	 * past that many, the newest by their absolute end). Families of the single-slot
	 * layout of earlier versions are not listed.
	 */
	@Override
	public List<LoginSession> findSessions(String subject, Instant now) {
		List<?> listed = this.scripts.run(this.userFamilies,
				List.of(this.keys.sessions(subject), this.keys.families(subject)));
		if (listed == null || listed.isEmpty()) {
			return List.of();
		}
		// IDs and ends, alternating, by end: with one absolute lifetime, the families
		// ending last are the newest
		List<LoginSession> found = new ArrayList<>();
		for (int i = listed.size() - 2; i >= 0 && found.size() < MAX_LISTED_SESSIONS; i -= 2) {
			if (now.isBefore(instant(listed.get(i + 1)))) {
				session(String.valueOf(listed.get(i)), now).filter((session) -> session.subject().equals(subject))
					.ifPresent(found::add);
			}
		}
		found.sort(NEWEST_FIRST);
		return List.copyOf(found);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A family of the single-slot layout of earlier versions is not found.
	 */
	@Override
	public Optional<LoginSession> findSession(String sessionId, Instant now) {
		return session(sessionId, now);
	}

	@Override
	public boolean revokeSession(String familyId) {
		List<?> result = this.scripts.runAcknowledged(this.revoke, List.of(this.keys.family(familyId)));
		if (result == null || result.isEmpty()) {
			Long legacy = this.scripts.runAcknowledged(this.legacyRevoke, List.of(this.keys.legacyFamily(familyId)));
			return legacy != null && legacy == 1L;
		}
		forget((String) result.get(1), List.of(familyId));
		return "1".equals(result.get(0));
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<String> revokeAllSessions(String subject) {
		List<?> listed = this.scripts.run(this.userFamilies,
				List.of(this.keys.sessions(subject), this.keys.families(subject)));
		List<String> revoked = new ArrayList<>(end(subject, (listed != null) ? listed : List.of()));
		List<?> legacy = this.scripts.runAcknowledged(this.legacyRevokeAll, List.of(this.keys.legacyUser(subject)),
				this.keys.legacyFamilyPrefix());
		if (legacy != null) {
			revoked.addAll((List<String>) legacy);
		}
		return revoked;
	}

	@Override
	public int purgeExpired(Instant now) {
		// every key carries a TTL: Redis expires them itself
		return 0;
	}

	/**
	 * End families, each in its slot, then forget them in the user's index.
	 * @param subject the user
	 * @param families family IDs and their ends, alternating
	 * @return the families that were live (or not created yet) and are now ended
	 */
	private List<String> end(String subject, List<?> families) {
		List<String> ended = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i + 1 < families.size(); i += 2) {
			String familyId = String.valueOf(families.get(i));
			ids.add(familyId);
			Long result = this.scripts.runAcknowledged(this.end, List.of(this.keys.family(familyId)),
					String.valueOf(families.get(i + 1)));
			if (result != null && result > 0) {
				ended.add(familyId);
			}
		}
		forget(subject, ids);
		return ended;
	}

	/**
	 * A live family as a session, read in its slot.
	 * @param familyId the family
	 * @param now the current time
	 * @return the session, empty unless the family is live at {@code now}
	 */
	private Optional<LoginSession> session(String familyId, Instant now) {
		List<Object> values = this.redis.opsForHash().multiGet(this.keys.family(familyId), SESSION_FIELDS);
		String subject = field(values, 0);
		String revoked = field(values, 1);
		String expires = field(values, 2);
		if (subject == null || !"0".equals(revoked) || expires == null) {
			// gone, a tombstone, or revoked
			return Optional.empty();
		}
		Instant familyExpiresAt = instant(expires);
		String last = field(values, 3);
		// a family created before sessions were listed: its newest token's expiry is
		// unknown, its end bounds it
		Instant lastExpiresAt = (last != null) ? instant(last) : familyExpiresAt;
		if (!now.isBefore(familyExpiresAt) || !now.isBefore(lastExpiresAt)) {
			return Optional.empty();
		}
		String used = field(values, 5);
		String created = field(values, 4);
		Instant createdAt = (created != null) ? instant(created) : loggedInAt(subject, familyId, used);
		Instant lastUsedAt = (used != null) ? instant(used) : createdAt;
		Instant expiresAt = lastExpiresAt.isBefore(familyExpiresAt) ? lastExpiresAt : familyExpiresAt;
		return Optional.of(new LoginSession(familyId, subject, createdAt, lastUsedAt, expiresAt,
				field(values, 6) != null, new ClientDetails(field(values, 7), field(values, 8))));
	}

	/**
	 * When a family created before sessions were listed was created: its login time in
	 * the subject's index; failing that (a crash between the session bound picking it and
	 * ending it), its last use if a later rotation recorded one; failing that, unknown:
	 * the epoch.
	 * @param subject the subject
	 * @param familyId the family
	 * @param used the family's last use, if recorded
	 * @return the creation time
	 */
	private Instant loggedInAt(String subject, String familyId, @Nullable String used) {
		Double login = this.redis.opsForZSet().score(this.keys.sessions(subject), familyId);
		if (login != null) {
			return Instant.ofEpochMilli(login.longValue());
		}
		return (used != null) ? instant(used) : Instant.EPOCH;
	}

	private void forget(String subject, List<String> familyIds) {
		if (!familyIds.isEmpty()) {
			this.scripts.run(this.forget, List.of(this.keys.sessions(subject), this.keys.families(subject)),
					familyIds.toArray(String[]::new));
		}
	}

	private static String millis(Instant instant) {
		return Long.toString(instant.toEpochMilli());
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	private static @Nullable String field(@Nullable List<Object> values, int index) {
		Object value = (values != null && index < values.size()) ? values.get(index) : null;
		String text = (value != null) ? String.valueOf(value) : null;
		return (text == null || text.isEmpty()) ? null : text;
	}

	private static @Nullable String jkt(@Nullable Object value) {
		String jkt = (value != null) ? String.valueOf(value) : "";
		return jkt.isEmpty() ? null : jkt;
	}

	private static Instant instant(Object millis) {
		return Instant.ofEpochMilli(Long.parseLong(String.valueOf(millis)));
	}

}
