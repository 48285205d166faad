package io.github.jwtauth.autoconfigure.store;

import java.time.Duration;
import java.util.UUID;
import java.util.function.IntSupplier;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.Instances.Instance;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.redis.RedisCluster;
import io.github.jwtauth.test.redis.RequiresRedisCluster;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application instances on different ports sharing one store: a session started on
 * one continues on the other, and a logout on one is enforced on the other.
 */
class SharedStoreInstancesTests {

	@Test
	@RequiresServer(name = "Redis", port = 6379)
	void twoInstancesSharingRedis() {
		String prefix = "jwt-auth-test-" + UUID.randomUUID();
		try (Instances instances = new Instances()) {
			String[] properties = { "jwt.auth.store.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=6379", "jwt.auth.store.redis.key-prefix=" + prefix };
			verify(instances.start(properties), instances.start(properties));
		}
	}

	@Test
	@RequiresRedisCluster
	void twoInstancesSharingARedisCluster() {
		String prefix = "jwt-auth-cluster-" + UUID.randomUUID();
		try (Instances instances = new Instances()) {
			// writes wait for a replica by default on a cluster; Lettuce follows a
			// failover
			// with topology refresh
			String[] properties = { "jwt.auth.store.type=redis",
					"spring.data.redis.cluster.nodes=" + RedisCluster.shared().nodesProperty(),
					"spring.data.redis.lettuce.cluster.refresh.adaptive=true",
					"spring.data.redis.lettuce.cluster.refresh.period=1s",
					"jwt.auth.store.redis.key-prefix=" + prefix };
			verify(instances.start(properties), instances.start(properties));
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void twoInstancesSharingPostgres() {
		try (Instances instances = new Instances()) {
			String[] properties = { "jwt.auth.store.type=jdbc", "spring.datasource.url=" + Instances.POSTGRES_URL,
					"spring.datasource.username=postgres", "jwt.auth.store.jdbc.initialize-schema=always" };
			verify(instances.start(properties), instances.start(properties));
		}
	}

	private void verify(Instance a, Instance b) {
		// a session started on A continues on B
		JwtAuthClient.Response login = a.login("alice");
		assertThat(login.status()).isEqualTo(200);
		assertThat(b.me(login.field("access_token"))).isEqualTo(200);
		JwtAuthClient.Response refreshed = b.refresh(login.field("refresh_token"));
		assertThat(refreshed.status()).isEqualTo(200);
		// reuse detected on A of a token spent on B: the family dies on both
		assertThat(a.refresh(login.field("refresh_token")).field("error")).isEqualTo("invalid_grant");
		assertThat(b.refresh(refreshed.field("refresh_token")).field("error")).isEqualTo("invalid_grant");
		String refreshedAccess = refreshed.field("access_token");
		awaitStatus(() -> b.me(refreshedAccess), 401);

		// logout on A: the access token is refused on B, the refresh token everywhere
		JwtAuthClient.Response second = a.login("alice");
		String access = second.field("access_token");
		assertThat(b.me(access)).isEqualTo(200);
		assertThat(a.http().postJson("/auth/logout", "{}", access).status()).isEqualTo(204);
		awaitStatus(() -> b.me(access), 401);
		assertThat(b.refresh(second.field("refresh_token")).field("error")).isEqualTo("invalid_grant");
	}

	/**
	 * Revocations reach other instances asynchronously (push or poll): wait a bounded
	 * time for the expected status. This is a correctness bound, not a latency
	 * measurement (see benchmarks/ for that).
	 */
	static void awaitStatus(IntSupplier status, int expected) {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(status.getAsInt()).isEqualTo(expected));
	}

}
