package io.github.jwtauth.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measures how long a logout on instance A takes to be enforced on instance B (both
 * sharing one store): login on A, check the token works on B, log out on A, then poll B
 * until the token is refused. Prints p50/p95/p99/max over N rounds.
 * <p>
 * Usage:
 * {@code RevocationPropagation http://127.0.0.1:18081 http://127.0.0.1:18082 [rounds]}
 */
public final class RevocationPropagation {

	private RevocationPropagation() {
	}

	public static void main(String[] args) throws Exception {
		String a = args[0];
		String b = args[1];
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 200;
		HttpLoad http = new HttpLoad();
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			String access = http.login(a)[0];
			if (http.get(b + "/api/me", access) != 200) {
				throw new IllegalStateException("token not accepted on B before logout");
			}
			int status = http.post(a + "/auth/logout", "{}", access).statusCode();
			long start = System.nanoTime();
			if (status != 204) {
				throw new IllegalStateException("logout failed: " + status);
			}
			long deadline = start + 10_000_000_000L;
			while (http.get(b + "/api/me", access) != 401) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("revocation not enforced on B within 10 s");
				}
				Thread.sleep(1);
			}
			millis.add((System.nanoTime() - start) / 1e6);
		}
		Collections.sort(millis);
		System.out.printf("revocation A->B over %d rounds: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
				rounds, percentile(millis, 50), percentile(millis, 95), percentile(millis, 99),
				millis.get(millis.size() - 1));
	}

	static double percentile(List<Double> sorted, double p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

}
