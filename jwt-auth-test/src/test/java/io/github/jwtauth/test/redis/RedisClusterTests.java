package io.github.jwtauth.test.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixture itself: a cluster of three masters with a replica each, a killed master
 * fails over to its replica, and the killed node rejoins.
 */
@RequiresRedisCluster
class RedisClusterTests {

	@Test
	void killedMasterFailsOverAndRejoinsAsReplica() {
		try (RedisCluster cluster = RedisCluster.start()) {
			assertThat(cluster.nodes()).hasSize(6);
			int slot = cluster.slot("{jwt-auth-cluster-fixture}:key");
			int master = cluster.masterOf(slot).orElseThrow();
			assertThat(Resp.text(master, "SET", "{jwt-auth-cluster-fixture}:key", "v")).isEqualTo("OK");
			assertThat(Resp.command(master, "WAIT", "1", "5000")).isEqualTo(1L);
			cluster.kill(master);
			int successor = cluster.awaitFailover(slot, master, Duration.ofSeconds(30));
			assertThat(successor).isNotEqualTo(master);
			assertThat(Resp.text(successor, "GET", "{jwt-auth-cluster-fixture}:key")).isEqualTo("v");
			cluster.restart(master);
			cluster.awaitHealthy(Duration.ofSeconds(60));
			assertThat(cluster.masterOf(slot)).contains(successor);
		}
	}

}
