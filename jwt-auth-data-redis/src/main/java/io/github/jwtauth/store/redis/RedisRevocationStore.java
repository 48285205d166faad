package io.github.jwtauth.store.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Revocations in Redis: two sorted sets (by Redis server time, for polling, and by
 * expiry, for purging) and a pub/sub channel that pushes each revocation to every
 * instance at once. Adding is one Lua script (store, announce, extend the TTL), so the
 * sets expire with their last entry. Both sets share the hash tag {@code {prefix}}, so on
 * Redis Cluster they live in one slot and the script stays atomic; the cluster broadcasts
 * {@code PUBLISH} to every node, so a subscriber connected to any node hears it.
 */
public final class RedisRevocationStore implements RevocationStore {

	private static final Log logger = LogFactory.getLog(RedisRevocationStore.class);

	/** How far back each poll looks before its position. */
	static final long OVERLAP_MILLIS = 5_000;

	private static final String ADD = """
			local t = redis.call('TIME')
			local now = t[1] * 1000 + math.floor(t[2] / 1000)
			redis.call('ZADD', KEYS[1], now, ARGV[1])
			redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
			local expires = tonumber(ARGV[2])
			for _, key in ipairs(KEYS) do
			  if redis.call('PTTL', key) < expires - now then redis.call('PEXPIREAT', key, expires) end
			end
			redis.call('PUBLISH', ARGV[3], ARGV[1])
			return now
			""";

	private static final String PURGE = """
			local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
			for _, member in ipairs(expired) do
			  redis.call('ZREM', KEYS[1], member)
			  redis.call('ZREM', KEYS[2], member)
			end
			return #expired
			""";

	private final StringRedisTemplate redis;

	private final RedisConnectionFactory connectionFactory;

	private final RedisKeys keys;

	private final RedisScript<Long> add = RedisScript.of(ADD, Long.class);

	private final RedisScript<Long> purge = RedisScript.of(PURGE, Long.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> time = RedisScript.of("return redis.call('TIME')", List.class);

	private final RedisScriptRunner scripts;

	/**
	 * Create a store.
	 * @param redis the Redis template
	 * @param connectionFactory the connection factory, for the subscription
	 * @param keyPrefix the key prefix
	 */
	public RedisRevocationStore(StringRedisTemplate redis, RedisConnectionFactory connectionFactory, String keyPrefix) {
		this(redis, connectionFactory, keyPrefix, ReplicaAcknowledgement.none());
	}

	/**
	 * Create a store.
	 * @param redis the Redis template
	 * @param connectionFactory the connection factory, for the subscription
	 * @param keyPrefix the key prefix (without braces)
	 * @param acknowledgement the replicas that must have a revocation before it is
	 * reported done
	 */
	public RedisRevocationStore(StringRedisTemplate redis, RedisConnectionFactory connectionFactory, String keyPrefix,
			ReplicaAcknowledgement acknowledgement) {
		this.redis = redis;
		this.connectionFactory = connectionFactory;
		this.keys = new RedisKeys(keyPrefix);
		this.scripts = new RedisScriptRunner(redis, acknowledgement);
	}

	@Override
	public void add(RevocationEntry entry) {
		this.scripts.runAcknowledged(this.add, List.of(this.keys.revocationsByTime(), this.keys.revocationsByExpiry()),
				encode(entry), Long.toString(entry.expiresAt().toEpochMilli()), this.keys.channel());
	}

	@Override
	public List<RevocationEntry> findActive(Instant now) {
		return decode(this.redis.opsForZSet()
			.rangeByScore(this.keys.revocationsByExpiry(), now.toEpochMilli() + 1, Double.POSITIVE_INFINITY));
	}

	@Override
	public boolean isShared() {
		return true;
	}

	@Override
	public long position() {
		return serverTime();
	}

	/**
	 * Redis's own clock ({@code TIME}), read on the master that orders the revocations
	 * (on Redis Cluster, the one serving their slot).
	 * @return the server's time
	 */
	@Override
	public Instant currentTime() {
		return Instant.ofEpochMilli(serverTime());
	}

	private long serverTime() {
		List<?> time = this.scripts.run(this.time, List.of(this.keys.revocationsByTime()));
		if (time == null || time.size() != 2) {
			throw new IllegalStateException("Redis answered no TIME");
		}
		return Long.parseLong(String.valueOf(time.get(0))) * 1000 + Long.parseLong(String.valueOf(time.get(1))) / 1000;
	}

	@Override
	public List<RevocationEntry> changesSince(long position) {
		return decode(this.redis.opsForZSet()
			.rangeByScore(this.keys.revocationsByTime(), position - OVERLAP_MILLIS, Double.POSITIVE_INFINITY));
	}

	@Override
	public AutoCloseable subscribe(Consumer<RevocationEntry> listener) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		container.addMessageListener((message, pattern) -> {
			RevocationEntry entry = decodeOne(new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8));
			if (entry != null) {
				listener.accept(entry);
			}
		}, new ChannelTopic(this.keys.channel()));
		container.setRecoveryInterval(1000);
		container.afterPropertiesSet();
		container.start();
		return () -> {
			container.stop();
			container.destroy();
		};
	}

	@Override
	public void purgeExpired(Instant now) {
		this.redis.execute(this.purge, List.of(this.keys.revocationsByTime(), this.keys.revocationsByExpiry()),
				Long.toString(now.toEpochMilli()));
	}

	/**
	 * Members are {@code kind|cutoff|expiresAt|nonce|value}; the value comes last since
	 * it may itself contain the separator, and the nonce keeps two equal revocations
	 * apart.
	 * @param entry the revocation
	 * @return the member
	 */
	static String encode(RevocationEntry entry) {
		return entry.kind().name() + "|" + entry.cutoff().toEpochMilli() + "|" + entry.expiresAt().toEpochMilli() + "|"
				+ UUID.randomUUID().toString().substring(0, 8) + "|" + entry.value();
	}

	private static List<RevocationEntry> decode(@Nullable Set<String> members) {
		List<RevocationEntry> entries = new ArrayList<>();
		if (members != null) {
			for (String member : members) {
				RevocationEntry entry = decodeOne(member);
				if (entry != null) {
					entries.add(entry);
				}
			}
		}
		return entries;
	}

	static @Nullable RevocationEntry decodeOne(String member) {
		String[] parts = member.split("\\|", 5);
		if (parts.length != 5) {
			logger.warn("Ignoring a malformed revocation entry in Redis");
			return null;
		}
		try {
			return new RevocationEntry(RevocationEntry.Kind.valueOf(parts[0]), parts[4],
					Instant.ofEpochMilli(Long.parseLong(parts[1])), Instant.ofEpochMilli(Long.parseLong(parts[2])));
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Ignoring a malformed revocation entry in Redis");
			return null;
		}
	}

}
