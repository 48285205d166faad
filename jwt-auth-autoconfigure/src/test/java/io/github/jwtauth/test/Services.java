package io.github.jwtauth.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL and Redis servers the store tests run against. Under {@code CI=true}
 * a missing server fails the test; elsewhere it is skipped.
 */
public final class Services {

	public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	public static final String POSTGRES_USER = "postgres";

	private Services() {
	}

	public static void requirePostgres() {
		require("PostgreSQL", 5432);
	}

	public static void requireRedis() {
		require("Redis", 6379);
	}

	private static void require(String name, int port) {
		boolean up;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			up = true;
		}
		catch (IOException ex) {
			up = false;
		}
		String message = name + " is not reachable on 127.0.0.1:" + port
				+ " (start it as described in DEVELOPERS.md, or run .ci/run)";
		if (!up && "true".equals(System.getenv("CI"))) {
			throw new AssertionError(message);
		}
		Assumptions.assumeTrue(up, message);
	}

}
