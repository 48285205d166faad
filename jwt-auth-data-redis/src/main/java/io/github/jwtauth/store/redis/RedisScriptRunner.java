package io.github.jwtauth.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.ClassUtils;

/**
 * Runs the stores' Lua scripts. A script that writes what must survive a failover runs,
 * when replicas must acknowledge, on the master of its first key followed by {@code WAIT}
 * ({@link LettuceReplicaWrites}); every other script through the template.
 */
final class RedisScriptRunner {

	private final StringRedisTemplate redis;

	private final @Nullable LettuceReplicaWrites replicaWrites;

	RedisScriptRunner(StringRedisTemplate redis, ReplicaAcknowledgement acknowledgement) {
		this.redis = redis;
		if (acknowledgement.isEnabled()) {
			if (!ClassUtils.isPresent("io.lettuce.core.RedisClient", RedisScriptRunner.class.getClassLoader())) {
				throw new IllegalStateException("Waiting for replica acknowledgements needs Lettuce as Redis client");
			}
			this.replicaWrites = new LettuceReplicaWrites(redis, acknowledgement);
		}
		else {
			this.replicaWrites = null;
		}
	}

	/**
	 * Run a script that only reads, or whose writes may be lost.
	 * @param <T> the result type
	 * @param script the script
	 * @param keys its keys
	 * @param args its arguments
	 * @return its result
	 */
	<T> @Nullable T run(RedisScript<T> script, List<String> keys, String... args) {
		return this.redis.execute(script, keys, (Object[]) args);
	}

	/**
	 * Run a script whose writes must survive a failover: when replicas must acknowledge,
	 * report it done only once they have.
	 * @param <T> the result type
	 * @param script the script
	 * @param keys its keys, the first one naming the slot
	 * @param args its arguments
	 * @return its result
	 */
	@SuppressWarnings("unchecked")
	<T> @Nullable T runAcknowledged(RedisScript<T> script, List<String> keys, String... args) {
		if (this.replicaWrites == null) {
			return this.redis.execute(script, keys, (Object[]) args);
		}
		return (T) strings(this.replicaWrites.run(script, keys, args));
	}

	private static @Nullable Object strings(@Nullable Object value) {
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> converted = new ArrayList<>(list.size());
			for (Object item : list) {
				converted.add(strings(item));
			}
			return converted;
		}
		return value;
	}

}
