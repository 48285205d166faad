package io.github.jwtauth.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.feed.RevocationLog;

/**
 * Measures the heap a resource server's revocation replica ({@link RevocationRegistry})
 * takes per entry, and an issuer's (the replica plus the feed's {@link RevocationLog}),
 * for the "scale on paper" section of the README: fills a registry with N revocations of
 * one kind, as a logout makes them (a session ID, a random UUID), and prints the retained
 * heap per entry after a full collection. Run with a fixed heap and a non-concurrent
 * collector so the figures repeat.
 * <p>
 * Usage: {@code java -Xmx1g -XX:+UseSerialGC -cp benchmarks.jar
 * io.github.jwtauth.benchmarks.ReplicaFootprint [entries]}
 */
public final class ReplicaFootprint {

	private ReplicaFootprint() {
	}

	public static void main(String[] args) {
		int entries = (args.length > 0) ? Integer.parseInt(args[0]) : 200_000;
		for (boolean issuer : new boolean[] { false, true }) {
			for (RevocationEntry.Kind kind : RevocationEntry.Kind.values()) {
				// twice: the first run also loads and warms the classes
				measure(kind, entries / 10, issuer);
				System.out.printf("%-16s %-8s %,d entries: %.0f bytes per entry%n",
						issuer ? "issuer (+ feed)" : "replica", kind, entries, measure(kind, entries, issuer));
			}
		}
	}

	private static double measure(RevocationEntry.Kind kind, int entries, boolean issuer) {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		Instant now = Instant.now();
		Instant expiresAt = now.plus(Duration.ofMinutes(10).plusSeconds(30));
		long before = usedAfterGc(memory);
		RevocationRegistry registry = new RevocationRegistry(Clock.systemUTC(), Duration.ofSeconds(30), false);
		// an issuer serving the revocation feed also keeps the log of changes
		RevocationLog log = issuer
				? new RevocationLog(registry, Clock.systemUTC(), Duration.ofSeconds(31), Duration.ofSeconds(30)) : null;
		for (int i = 0; i < entries; i++) {
			// a logout revokes a session (a UUID); a revoked token is a jti (a UUID); a
			// subject is a user name, here of 12 characters; each entry has its own
			// times, as
			// entries decoded from a store or the feed do
			String value = (kind == RevocationEntry.Kind.SUBJECT) ? String.format("user%08d", i)
					: UUID.randomUUID().toString();
			registry.apply(new RevocationEntry(kind, value, now.plusMillis(i), expiresAt.plusMillis(i)));
		}
		long after = usedAfterGc(memory);
		if (registry.size() != entries || (log != null && log.size() != entries)) {
			throw new IllegalStateException("registry holds " + registry.size());
		}
		return (after - before) / (double) entries;
	}

	private static long usedAfterGc(MemoryMXBean memory) {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
