package io.github.jwtauth.autoconfigure.store;

import java.time.Duration;
import java.util.function.IntSupplier;

import javax.sql.DataSource;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.Instances.Instance;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.store.jdbc.JdbcRevocationStore;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application instances on one PostgreSQL database whose polls are 30 seconds apart:
 * a logout on A is refused on B well before any poll, so only the push
 * ({@code LISTEN/NOTIFY}) can have delivered it; a revocation of all tokens of a user
 * likewise. With {@code jwt.auth.store.jdbc.listen-notify=false} nothing listens.
 */
class PostgresPushInstancesTests {

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void logoutOnAIsRefusedOnBByPush() {
		String tablePrefix = "pgn3_" + Long.toHexString(System.nanoTime()) + "_";
		String[] properties = { "jwt.auth.store.type=jdbc", "spring.datasource.url=" + Instances.POSTGRES_URL,
				"spring.datasource.username=postgres", "jwt.auth.store.jdbc.initialize-schema=always",
				"jwt.auth.store.jdbc.table-prefix=" + tablePrefix, "jwt.auth.store.poll-interval=30s" };
		try (Instances instances = new Instances()) {
			Instance a = instances.start(properties);
			Instance b = instances.start(properties);
			try {
				assertThat(b.context().getBean(RevocationStore.class)).isInstanceOf(JdbcRevocationStore.class);
				// each instance listens on the channel of its prefix
				assertThat(listeningThreads(tablePrefix)).isEqualTo(2);
				JwtAuthClient.Response login = a.login("alice");
				String access = login.field("access_token");
				assertThat(b.me(access)).isEqualTo(200);
				assertThat(a.http().postJson("/auth/logout", "{}", access).status()).isEqualTo(204);
				// bounded well below the 30 s poll interval: no poll has run by then
				awaitStatus(() -> b.me(access), 401);

				String again = a.login("alice").field("access_token");
				assertThat(b.me(again)).isEqualTo(200);
				assertThat(a.http().postJson("/auth/logout-all", "{}", again).status()).isEqualTo(204);
				awaitStatus(() -> b.me(again), 401);
			}
			finally {
				JdbcClient jdbc = JdbcClient.create(a.context().getBean(DataSource.class));
				for (String table : new String[] { "refresh_token", "refresh_family", "revocation", "attempt",
						"signing_key", "dpop_proof" }) {
					jdbc.sql("DROP TABLE IF EXISTS " + tablePrefix + table).update();
				}
			}
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void listenNotifyOffListensNot() {
		String tablePrefix = "pgn4_" + Long.toHexString(System.nanoTime()) + "_";
		try (Instances instances = new Instances()) {
			Instance a = instances.start("jwt.auth.store.type=jdbc", "spring.datasource.url=" + Instances.POSTGRES_URL,
					"spring.datasource.username=postgres", "jwt.auth.store.jdbc.initialize-schema=always",
					"jwt.auth.store.jdbc.table-prefix=" + tablePrefix, "jwt.auth.store.jdbc.listen-notify=false");
			try {
				assertThat(listeningThreads(tablePrefix)).isZero();
				String access = a.login("alice").field("access_token");
				assertThat(a.me(access)).isEqualTo(200);
				assertThat(a.http().postJson("/auth/logout", "{}", access).status()).isEqualTo(204);
				assertThat(a.me(access)).isEqualTo(401);
			}
			finally {
				JdbcClient jdbc = JdbcClient.create(a.context().getBean(DataSource.class));
				for (String table : new String[] { "refresh_token", "refresh_family", "revocation", "attempt",
						"signing_key", "dpop_proof" }) {
					jdbc.sql("DROP TABLE IF EXISTS " + tablePrefix + table).update();
				}
			}
		}
	}

	private static long listeningThreads(String tablePrefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("jwt-auth-revocation-listener-" + tablePrefix + "revocation"))
			.count();
	}

	private static void awaitStatus(IntSupplier status, int expected) {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(status.getAsInt()).isEqualTo(expected));
	}

}
