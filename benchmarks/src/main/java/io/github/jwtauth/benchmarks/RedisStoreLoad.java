package io.github.jwtauth.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokens;
import io.github.jwtauth.refresh.RotationResult;
import io.github.jwtauth.store.redis.RedisRefreshTokenStore;
import io.github.jwtauth.store.redis.ReplicaAcknowledgement;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis refresh-token store alone, without HTTP: T threads, each rotating its own
 * family in a loop (every rotation uses the token the last one returned), for a fixed
 * time; logins (family creation) measured the same way. Three configurations in
 * interleaved rounds: a single server without waiting, a cluster without waiting, a
 * cluster waiting for one replica ({@code WAIT 1}). Reports operations/s and latency
 * percentiles.
 * <p>
 * Usage: {@code RedisStoreLoad host:port(single) node1,node2,…(cluster) [threads]
 * [seconds] [rounds]}
 */
public final class RedisStoreLoad {

	private static final Duration IDLE = Duration.ofHours(1);

	private RedisStoreLoad() {
	}

	public static void main(String[] args) throws Exception {
		String[] single = args[0].split(":");
		List<String> nodes = Arrays.asList(args[1].split(","));
		int threads = (args.length > 2) ? Integer.parseInt(args[2]) : 8;
		int seconds = (args.length > 3) ? Integer.parseInt(args[3]) : 5;
		int rounds = (args.length > 4) ? Integer.parseInt(args[4]) : 3;
		LettuceConnectionFactory standalone = start(
				new LettuceConnectionFactory(new RedisStandaloneConfiguration(single[0], Integer.parseInt(single[1]))));
		ClusterTopologyRefreshOptions refresh = ClusterTopologyRefreshOptions.builder()
			.enableAllAdaptiveRefreshTriggers()
			.build();
		LettuceConnectionFactory cluster = start(new LettuceConnectionFactory(new RedisClusterConfiguration(nodes),
				LettuceClientConfiguration.builder()
					.clientOptions(ClusterClientOptions.builder().topologyRefreshOptions(refresh).build())
					.build()));
		String prefix = "jwt-auth-cluster-bench-" + UUID.randomUUID();
		Map<String, RedisRefreshTokenStore> stores = new LinkedHashMap<>();
		stores.put("single, no WAIT", new RedisRefreshTokenStore(new StringRedisTemplate(standalone), prefix));
		stores.put("cluster, no WAIT", new RedisRefreshTokenStore(new StringRedisTemplate(cluster), prefix));
		stores.put("cluster, WAIT 1", new RedisRefreshTokenStore(new StringRedisTemplate(cluster), prefix,
				ReplicaAcknowledgement.of(1, Duration.ofSeconds(1))));
		Map<String, List<Result>> rotations = new LinkedHashMap<>();
		Map<String, List<Result>> logins = new LinkedHashMap<>();
		for (String name : stores.keySet()) {
			// warm-up
			run(stores.get(name), threads, 5, true);
			run(stores.get(name), threads, 5, false);
		}
		for (int round = 0; round < rounds; round++) {
			for (Map.Entry<String, RedisRefreshTokenStore> store : stores.entrySet()) {
				rotations.computeIfAbsent(store.getKey(), (k) -> new ArrayList<>())
					.add(run(store.getValue(), threads, seconds, true));
				logins.computeIfAbsent(store.getKey(), (k) -> new ArrayList<>())
					.add(run(store.getValue(), threads, seconds, false));
			}
		}
		System.out.printf("%d threads, %d s per round, %d rounds interleaved; median round by ops/s%n", threads,
				seconds, rounds);
		System.out.printf("%-18s %-9s %10s %9s %9s %9s%n", "store", "op", "ops/s", "p50 µs", "p99 µs", "max µs");
		for (String name : stores.keySet()) {
			print(name, "rotate", rotations.get(name));
			print(name, "login", logins.get(name));
		}
		standalone.destroy();
		cluster.destroy();
		System.exit(0);
	}

	private static void print(String name, String op, List<Result> results) {
		List<Result> sorted = new ArrayList<>(results);
		sorted.sort((a, b) -> Double.compare(a.opsPerSecond, b.opsPerSecond));
		Result median = sorted.get(sorted.size() / 2);
		StringBuilder all = new StringBuilder();
		results.forEach((r) -> all.append(String.format(" %.0f", r.opsPerSecond)));
		System.out.printf("%-18s %-9s %10.0f %9d %9d %9d   rounds:%s%n", name, op, median.opsPerSecond, median.p50,
				median.p99, median.max, all);
	}

	private static Result run(RedisRefreshTokenStore store, int threads, int seconds, boolean rotate) throws Exception {
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<long[]>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					long[] latencies = new long[1 << 20];
					int count = 0;
					RefreshTokenRecord token = create(store, "bench-" + UUID.randomUUID());
					String subject = token.subject();
					while (System.nanoTime() < end && count < latencies.length) {
						long start = System.nanoTime();
						if (rotate) {
							RotationResult result = store.rotate(token.tokenHash(),
									RefreshTokens.hash(RefreshTokens.generate(token.familyId())), Instant.now(), IDLE);
							if (result.status() != RotationResult.Status.ROTATED) {
								throw new IllegalStateException("rotation " + result.status());
							}
							token = result.next();
						}
						else {
							create(store, subject);
						}
						latencies[count++] = System.nanoTime() - start;
					}
					return Arrays.copyOf(latencies, count);
				}));
			}
			List<long[]> all = new ArrayList<>();
			for (Future<long[]> future : futures) {
				all.add(future.get());
			}
			long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
			if (merged.length == 0) {
				return new Result(0, 0, 0, 0);
			}
			return new Result(merged.length / (double) seconds, merged[merged.length / 2] / 1000,
					merged[(int) (merged.length * 0.99)] / 1000, merged[merged.length - 1] / 1000);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static RefreshTokenRecord create(RedisRefreshTokenStore store, String subject) {
		String familyId = UUID.randomUUID().toString();
		Instant now = Instant.now();
		RefreshTokenRecord record = new RefreshTokenRecord(RefreshTokens.hash(RefreshTokens.generate(familyId)),
				familyId, subject, now, now.plus(IDLE), now.plus(Duration.ofMinutes(10)));
		store.create(record, 10);
		return record;
	}

	private static LettuceConnectionFactory start(LettuceConnectionFactory factory) {
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private record Result(double opsPerSecond, long p50, long p99, long max) {
	}

}
