package io.github.jwtauth.store.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.github.jwtauth.keys.rotation.SigningKeyStore;
import io.github.jwtauth.keys.rotation.StoredSigningKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * Managed signing keys in Redis: one hash, {@code <prefix>:signing-keys}, shared by every
 * instance of the issuer, whose fields are the generations and whose values are the keys
 * as JSON objects: <pre class="code">
 * {"generation":2,"kid":"…","alg":"ES256","createdAt":1795000000000,
 *  "activatesAt":1795000600000,"publicJwk":"{…}","sealedPrivateKey":"…"}
 * </pre> Times are epoch milliseconds, as in the other stores; the private key is there
 * only sealed, as the rotation hands it over. The hash is a single key (any slot of a
 * Redis Cluster) and has no TTL: the rotation removes keys itself. Redis must not evict
 * it: use a {@code maxmemory-policy} of {@code noeviction} or a {@code volatile-*} one.
 * <p>
 * {@link #add} is {@code HSETNX}, so of several instances that add one generation at once
 * exactly one succeeds; with a {@link ReplicaAcknowledgement} it runs as a script
 * followed by {@code WAIT} on the master, and fails with a
 * {@link org.springframework.dao.DataAccessException} if too few replicas have the key
 * (the key may then be stored or not: the rotation finds out on its next read).
 * {@link #remove} is {@code HDEL}, not acknowledged (a removal lost in a failover is done
 * again at the next check). When Redis cannot be reached every method throws a
 * {@code DataAccessException}, as the other Redis stores do, so the rotation keeps its
 * last good keys; a value that is not a key written by this store is a
 * {@link DataRetrievalFailureException}.
 */
public final class RedisSigningKeyStore implements SigningKeyStore {

	private static final String ADD = "return redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final StringRedisTemplate redis;

	private final String key;

	private final RedisScriptRunner scripts;

	private final RedisScript<Long> add = RedisScript.of(ADD, Long.class);

	/**
	 * Create a store whose writes wait for no replica.
	 * @param redis the Redis template
	 * @param keyPrefix the key prefix (without braces)
	 */
	public RedisSigningKeyStore(StringRedisTemplate redis, String keyPrefix) {
		this(redis, keyPrefix, ReplicaAcknowledgement.none());
	}

	/**
	 * Create a store.
	 * @param redis the Redis template
	 * @param keyPrefix the key prefix (without braces)
	 * @param acknowledgement the replicas that must have a new key before it is reported
	 * stored
	 */
	public RedisSigningKeyStore(StringRedisTemplate redis, String keyPrefix, ReplicaAcknowledgement acknowledgement) {
		Assert.notNull(redis, "redis must not be null");
		Assert.notNull(acknowledgement, "acknowledgement must not be null");
		this.redis = redis;
		this.key = new RedisKeys(keyPrefix).signingKeys();
		this.scripts = new RedisScriptRunner(redis, acknowledgement);
	}

	@Override
	public List<StoredSigningKey> findAll() {
		Map<Object, Object> entries = this.redis.opsForHash().entries(this.key);
		List<StoredSigningKey> keys = new ArrayList<>(entries.size());
		for (Map.Entry<Object, Object> entry : entries.entrySet()) {
			keys.add(decode(String.valueOf(entry.getKey()), String.valueOf(entry.getValue())));
		}
		keys.sort(Comparator.comparingLong(StoredSigningKey::generation));
		return keys;
	}

	@Override
	public boolean add(StoredSigningKey key) {
		Assert.notNull(key, "key must not be null");
		Long added = this.scripts.runAcknowledged(this.add, List.of(this.key), Long.toString(key.generation()),
				encode(key));
		return added != null && added == 1;
	}

	@Override
	public void remove(long generation) {
		this.redis.opsForHash().delete(this.key, Long.toString(generation));
	}

	@Override
	public boolean isShared() {
		return true;
	}

	static String encode(StoredSigningKey key) {
		ObjectNode json = JSON.createObjectNode();
		json.put("generation", key.generation());
		json.put("kid", key.keyId());
		json.put("alg", key.algorithm());
		json.put("createdAt", key.createdAt().toEpochMilli());
		json.put("activatesAt", key.activatesAt().toEpochMilli());
		json.put("publicJwk", key.publicJwk());
		json.put("sealedPrivateKey", key.sealedPrivateKey());
		return JSON.writeValueAsString(json);
	}

	static StoredSigningKey decode(String field, String value) {
		try {
			JsonNode json = JSON.readTree(value);
			long generation = number(json, "generation");
			if (!Long.toString(generation).equals(field)) {
				throw new IllegalArgumentException("the value is the key of generation " + generation);
			}
			return new StoredSigningKey(generation, text(json, "kid"), text(json, "alg"),
					Instant.ofEpochMilli(number(json, "createdAt")), Instant.ofEpochMilli(number(json, "activatesAt")),
					text(json, "publicJwk"), text(json, "sealedPrivateKey"));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new DataRetrievalFailureException(
					"Malformed signing key in Redis (field " + field + " of the signing-key hash): " + ex.getMessage(),
					ex);
		}
	}

	private static long number(JsonNode json, String name) {
		JsonNode node = json.get(name);
		if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
			throw new IllegalArgumentException("'" + name + "' is not a whole number");
		}
		return node.longValue();
	}

	private static String text(JsonNode json, String name) {
		JsonNode node = json.get(name);
		if (node == null || !node.isString()) {
			throw new IllegalArgumentException("'" + name + "' is not a string");
		}
		return node.stringValue();
	}

}
