package io.github.jwtauth.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.jwtauth.dpop.DPoPProofReplayStore;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * The DPoP proofs seen, in Redis: one key per proof, {@code prefix:dpop:<proof key>} (in
 * any hash slot of a Redis Cluster), set with {@code SET … NX PX <ttl>}, one round trip:
 * of concurrent calls with one key, on one instance or many, Redis lets exactly one set
 * it. The key lives until the proof's expiry, counted from now by the application's clock
 * (the one the proof verifier computes the expiry with), so a skew between the
 * application's and Redis's clocks never shortens it; then Redis removes it by itself,
 * and the proof key may be used again.
 * <p>
 * With a {@link ReplicaAcknowledgement}, a proof is reported first-seen only once
 * replicas have its key ({@code SET} in a script followed by {@code WAIT}, over the
 * connection to the key's master): otherwise a master that crashed before replicating the
 * key would let the proof be replayed on the promoted replica within its lifetime. The
 * wait costs a replica round trip on every DPoP request, and while too few replicas
 * answer every proof is refused as unavailable (503), never accepted.
 * <p>
 * When Redis cannot be reached {@link #markUsed} throws a
 * {@link org.springframework.dao.DataAccessException}: the proof is refused, never
 * accepted.
 */
public final class RedisDPoPProofReplayStore implements DPoPProofReplayStore {

	/**
	 * The longest proof key accepted.
	 */
	public static final int MAX_KEY_LENGTH = 64;

	private static final String MARK = """
			if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 1 end
			return 0
			""";

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Clock clock;

	private final ReplicaAcknowledgement acknowledgement;

	private final RedisScriptRunner scripts;

	private final RedisScript<Long> mark = RedisScript.of(MARK, Long.class);

	/**
	 * Create a store that waits for no replica, on the system clock.
	 * @param redis the Redis template
	 * @param keyPrefix the key prefix
	 */
	public RedisDPoPProofReplayStore(StringRedisTemplate redis, String keyPrefix) {
		this(redis, keyPrefix, Clock.systemUTC(), ReplicaAcknowledgement.none());
	}

	/**
	 * Create a store.
	 * @param redis the Redis template
	 * @param keyPrefix the key prefix
	 * @param clock the clock that the proofs' expiry is counted from (the proof
	 * verifier's)
	 * @param acknowledgement the replicas that must have a key before its proof is
	 * reported first-seen
	 */
	public RedisDPoPProofReplayStore(StringRedisTemplate redis, String keyPrefix, Clock clock,
			ReplicaAcknowledgement acknowledgement) {
		Assert.notNull(redis, "redis must not be null");
		Assert.notNull(clock, "clock must not be null");
		Assert.notNull(acknowledgement, "acknowledgement must not be null");
		this.redis = redis;
		this.keys = new RedisKeys(keyPrefix);
		this.clock = clock;
		this.acknowledgement = acknowledgement;
		this.scripts = new RedisScriptRunner(redis, acknowledgement);
	}

	@Override
	public boolean markUsed(String proofKey, Instant expiresAt) {
		Assert.hasText(proofKey, "proofKey must not be empty");
		Assert.isTrue(proofKey.length() <= MAX_KEY_LENGTH, "proofKey must be a digest of at most 64 characters");
		Assert.notNull(expiresAt, "expiresAt must not be null");
		// an expiry already past: the key may be used again at once (1 ms, the least
		// Redis accepts)
		long ttl = Math.max(1, expiresAt.toEpochMilli() - this.clock.millis());
		String key = this.keys.dpopProof(proofKey);
		if (this.acknowledgement.isEnabled()) {
			Long set = this.scripts.runAcknowledged(this.mark, List.of(key), Long.toString(ttl));
			Assert.state(set != null, "Redis answered nothing");
			return set == 1L;
		}
		Boolean set = this.redis.opsForValue().setIfAbsent(key, "1", Duration.ofMillis(ttl));
		// null only in a pipeline or transaction: never taken as a first use
		Assert.state(set != null, "Redis answered nothing");
		return set;
	}

}
