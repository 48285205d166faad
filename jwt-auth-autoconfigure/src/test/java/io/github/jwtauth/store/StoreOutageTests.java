package io.github.jwtauth.store;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.jwtauth.store.StoreHealthIndicator;
import io.github.jwtauth.test.Http;
import io.github.jwtauth.test.Instances;
import io.github.jwtauth.test.Instances.Instance;
import io.github.jwtauth.test.Services;
import io.github.jwtauth.test.TcpProxy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the store cut off (a TCP proxy in front of the real server is closed): login and
 * refresh answer 503 and issue nothing, tokens are still accepted while the local copy of
 * the revocations is within its staleness bound and refused after it, the health
 * indicator reports the store down, and everything recovers by itself when the server is
 * back.
 */
class StoreOutageTests {

	@Test
	void redisOutage() throws Exception {
		Services.requireRedis();
		try (TcpProxy proxy = new TcpProxy(6379).start(); Instances instances = new Instances()) {
			Instance app = instances.start("jwt.auth.store.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + proxy.port(), "spring.data.redis.timeout=500ms",
					"spring.data.redis.connect-timeout=500ms",
					"jwt.auth.store.redis.key-prefix=" + StoreFixtures.prefix(), "jwt.auth.store.max-staleness=2s");
			verifyOutage(app, proxy);
		}
	}

	@Test
	void postgresOutage() throws Exception {
		Services.requirePostgres();
		try (TcpProxy proxy = new TcpProxy(5432).start(); Instances instances = new Instances()) {
			Instance app = instances.start("jwt.auth.store.type=jdbc",
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?connectTimeout=1&socketTimeout=2",
					"spring.datasource.username=" + Services.POSTGRES_USER,
					"spring.datasource.hikari.connection-timeout=1000",
					"spring.datasource.hikari.validation-timeout=500",
					"jwt.auth.store.jdbc.initialize-schema=always", "jwt.auth.store.max-staleness=2s");
			verifyOutage(app, proxy);
		}
	}

	private void verifyOutage(Instance app, TcpProxy proxy) throws Exception {
		StoreHealthIndicator health = app.context().getBean(StoreHealthIndicator.class);
		Http.Response login = app.login("alice");
		assertThat(login.status()).isEqualTo(200);
		String access = login.field("access_token");
		assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

		proxy.stop();
		Http.Response down = app.login("alice");
		assertThat(down.status()).isEqualTo(503);
		assertThat(down.field("error")).isEqualTo("temporarily_unavailable");
		assertThat(down.body()).doesNotContain("access_token");
		assertThat(down.header("Retry-After")).isNotNull();
		Http.Response refreshDown = app.refresh(login.field("refresh_token"));
		assertThat(refreshDown.status()).isEqualTo(503);
		assertThat(refreshDown.body()).doesNotContain("access_token");
		// past the staleness bound, tokens are refused: revocations may be missing
		await(() -> app.me(access) == 401);
		assertThat(app.http().get("/api/me", access).header("WWW-Authenticate"))
			.contains("Revocation status unavailable");
		assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);

		proxy.start();
		await(() -> app.login("alice").status() == 200);
		await(() -> app.me(access) == 200);
		Http.Response refreshed = app.refresh(login.field("refresh_token"));
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
	}

	private static void await(Supplier<Boolean> condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.get()) {
			assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

}
