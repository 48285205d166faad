package io.github.jwtauth.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A script and its {@code WAIT} over one Lettuce connection: {@code WAIT} counts the
 * replicas that have every write made so far over the connection it is sent on, so both
 * go, pipelined, over the connection to the master of the script's slot that Lettuce
 * itself uses for writes there (on a single server or with Sentinel, the shared
 * connection). A redirect ({@code MOVED}, after a failover) is followed to the new
 * master; any other failure, and fewer acknowledgements than required, is a
 * {@link DataAccessException}.
 */
final class LettuceReplicaWrites {

	private static final int MAX_REDIRECTS = 2;

	private final StringRedisTemplate redis;

	private final ReplicaAcknowledgement acknowledgement;

	LettuceReplicaWrites(StringRedisTemplate redis, ReplicaAcknowledgement acknowledgement) {
		this.redis = redis;
		this.acknowledgement = acknowledgement;
	}

	@Nullable Object run(RedisScript<?> script, List<String> keys, String[] args) {
		byte[][] keyBytes = bytes(keys.toArray(String[]::new));
		byte[][] argBytes = bytes(args);
		ScriptOutputType type = outputType(script.getResultType());
		return this.redis.execute((RedisCallback<@Nullable Object>) (connection) -> {
			try {
				return run(connection.getNativeConnection(), script, type, keyBytes, argBytes);
			}
			catch (RedisException ex) {
				// for example no connection to the node Lettuce believes the master
				throw new RedisConnectionFailureException("Redis failed: " + ex.getMessage(), ex);
			}
		});
	}

	@SuppressWarnings("unchecked")
	private @Nullable Object run(Object nativeConnection, RedisScript<?> script, ScriptOutputType type, byte[][] keys,
			byte[][] args) {
		if (nativeConnection instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
			RedisAdvancedClusterAsyncCommands<byte[], byte[]> commands = (RedisAdvancedClusterAsyncCommands<byte[], byte[]>) cluster;
			int slot = SlotHash.getSlot(keys[0]);
			RedisClusterNode master = commands.getStatefulConnection().getPartitions().getMasterBySlot(slot);
			if (master == null) {
				throw new RedisConnectionFailureException("No Redis master serves slot " + slot);
			}
			RedisClusterAsyncCommands<byte[], byte[]> node = commands.getConnection(master.getUri().getHost(),
					master.getUri().getPort());
			for (int redirects = 0;; redirects++) {
				try {
					return evalAndWait(node, script, type, keys, args);
				}
				catch (RedisSystemException ex) {
					String target = movedTo(ex);
					if (target == null || redirects >= MAX_REDIRECTS) {
						throw ex;
					}
					int colon = target.lastIndexOf(':');
					node = commands.getConnection(target.substring(0, colon),
							Integer.parseInt(target.substring(colon + 1)));
				}
			}
		}
		if (nativeConnection instanceof RedisClusterAsyncCommands<?, ?> single) {
			return evalAndWait((RedisClusterAsyncCommands<byte[], byte[]>) single, script, type, keys, args);
		}
		throw new IllegalStateException("Waiting for replica acknowledgements needs Lettuce as Redis client, not "
				+ nativeConnection.getClass().getName());
	}

	private @Nullable Object evalAndWait(RedisClusterAsyncCommands<byte[], byte[]> node, RedisScript<?> script,
			ScriptOutputType type, byte[][] keys, byte[][] args) {
		long timeout = this.acknowledgement.timeout().toMillis();
		RedisFuture<Object> result = node.evalsha(script.getSha1(), type, keys, args);
		RedisFuture<Long> acknowledged = node.waitForReplication(this.acknowledgement.replicas(), timeout);
		Object value;
		try {
			value = await(result, timeout);
		}
		catch (NoScript ex) {
			await(acknowledged, timeout);
			result = node.eval(script.getScriptAsString().getBytes(StandardCharsets.UTF_8), type, keys, args);
			acknowledged = node.waitForReplication(this.acknowledgement.replicas(), timeout);
			value = await(result, timeout);
		}
		Long replicas = await(acknowledged, timeout);
		if (replicas == null || replicas < this.acknowledgement.replicas()) {
			throw new DataAccessResourceFailureException("Redis replicas acknowledged a write: " + replicas + " of "
					+ this.acknowledgement.replicas() + " within " + this.acknowledgement.timeout());
		}
		return value;
	}

	private static <T> @Nullable T await(RedisFuture<T> future, long waitMillis) {
		try {
			// the client's own command timeout normally ends a call first
			return future.get(waitMillis + 10_000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted waiting for Redis", ex);
		}
		catch (TimeoutException ex) {
			throw new QueryTimeoutException("Redis did not answer in time", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof RedisNoScriptException) {
				throw new NoScript();
			}
			if (cause instanceof RedisCommandExecutionException) {
				throw new RedisSystemException(String.valueOf(cause.getMessage()), cause);
			}
			throw new RedisConnectionFailureException("Redis failed: " + cause.getMessage(), cause);
		}
	}

	private static @Nullable String movedTo(RedisSystemException ex) {
		String message = ex.getMessage();
		if (message != null && message.startsWith("MOVED ")) {
			String[] parts = message.split(" ");
			return (parts.length == 3) ? parts[2] : null;
		}
		return null;
	}

	private static ScriptOutputType outputType(@Nullable Class<?> resultType) {
		if (resultType == null) {
			return ScriptOutputType.STATUS;
		}
		if (List.class.isAssignableFrom(resultType)) {
			return ScriptOutputType.MULTI;
		}
		if (Long.class.equals(resultType)) {
			return ScriptOutputType.INTEGER;
		}
		if (Boolean.class.equals(resultType)) {
			return ScriptOutputType.BOOLEAN;
		}
		return ScriptOutputType.VALUE;
	}

	private static byte[][] bytes(String[] values) {
		byte[][] bytes = new byte[values.length][];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = values[i].getBytes(StandardCharsets.UTF_8);
		}
		return bytes;
	}

	/**
	 * The script is not in the node's cache yet ({@code NOSCRIPT}).
	 */
	private static final class NoScript extends RuntimeException {

		NoScript() {
			super(null, null, false, false);
		}

	}

}
