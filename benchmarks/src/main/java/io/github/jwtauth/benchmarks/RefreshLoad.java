package io.github.jwtauth.benchmarks;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Refresh requests per second: each of T threads keeps its own session and refreshes it
 * in a loop (every refresh rotates the token, so each request uses the token the last one
 * returned), for a fixed time after a warm-up.
 * <p>
 * Usage: {@code RefreshLoad http://127.0.0.1:18081 [threads] [seconds]}
 */
public final class RefreshLoad {

	private RefreshLoad() {
	}

	public static void main(String[] args) throws Exception {
		String base = args[0];
		int threads = (args.length > 1) ? Integer.parseInt(args[1]) : 8;
		int seconds = (args.length > 2) ? Integer.parseInt(args[2]) : 10;
		HttpLoad http = new HttpLoad();
		run(http, base, threads, 3);
		LongAdder done = run(http, base, threads, seconds);
		System.out.printf("refresh: %.0f req/s (%d threads, %d s)%n", done.sum() / (double) seconds, threads, seconds);
	}

	private static LongAdder run(HttpLoad http, String base, int threads, int seconds) throws Exception {
		LongAdder done = new LongAdder();
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					String refresh = http.login(base)[1];
					while (System.nanoTime() < end) {
						HttpResponse<String> response = http.post(base + "/auth/refresh",
								"{\"refresh_token\":\"" + refresh + "\"}", null);
						if (response.statusCode() != 200) {
							throw new IllegalStateException("refresh failed: " + response.statusCode());
						}
						refresh = HttpLoad.tokens(response.body())[1];
						done.increment();
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		return done;
	}

}
