package io.github.jwtauth.autoconfigure.store;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.Instances.Instance;
import io.github.jwtauth.autoconfigure.testapp.TcpProxy;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the store cut off (a TCP proxy in front of the real server is closed): login and
 * refresh answer 503 and issue nothing, tokens are still accepted while the local copy of
 * the revocations is within its staleness bound and refused (503) after it, the health
 * indicator reports the store down, and everything recovers by itself when the server is
 * back.
 */
class StoreOutageTests {

	@Test
	@RequiresServer(name = "Redis", port = 6379)
	void redisOutage() throws Exception {
		try (TcpProxy proxy = new TcpProxy(6379).start(); Instances instances = new Instances()) {
			Instance app = instances.start("jwt.auth.store.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + proxy.port(), "spring.data.redis.timeout=500ms",
					"spring.data.redis.connect-timeout=500ms",
					"jwt.auth.store.redis.key-prefix=jwt-auth-test-" + UUID.randomUUID(),
					"jwt.auth.store.max-staleness=2s");
			verifyOutage(app, proxy);
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void postgresOutage() throws Exception {
		try (TcpProxy proxy = new TcpProxy(5432).start(); Instances instances = new Instances()) {
			Instance app = instances.start("jwt.auth.store.type=jdbc",
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port()
							+ "/test?connectTimeout=1&socketTimeout=2",
					"spring.datasource.username=postgres", "spring.datasource.hikari.connection-timeout=1000",
					"spring.datasource.hikari.validation-timeout=500", "jwt.auth.store.jdbc.initialize-schema=always",
					"jwt.auth.store.max-staleness=2s");
			verifyOutage(app, proxy);
		}
	}

	private void verifyOutage(Instance app, TcpProxy proxy) throws Exception {
		HealthIndicator health = app.context().getBean("jwtAuthStoreHealthIndicator", HealthIndicator.class);
		JwtAuthClient.Response login = app.login("alice");
		assertThat(login.status()).isEqualTo(200);
		String access = login.field("access_token");
		assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
		JwtAuthClient.Response other = app.login("alice");

		proxy.stop();
		// Spring Security's own logout cannot revoke: 503 like the token endpoints, not
		// 204
		JwtAuthClient.Response logoutDown = app.http().postForm("/logout", "", other.field("access_token"));
		assertThat(logoutDown.status()).isEqualTo(503);
		assertThat(logoutDown.field("error")).isEqualTo("temporarily_unavailable");
		assertThat(logoutDown.header("Retry-After")).isNotNull();
		JwtAuthClient.Response down = app.login("alice");
		assertThat(down.status()).isEqualTo(503);
		assertThat(down.field("error")).isEqualTo("temporarily_unavailable");
		assertThat(down.body()).doesNotContain("access_token");
		assertThat(down.header("Retry-After")).isNotNull();
		JwtAuthClient.Response refreshDown = app.refresh(login.field("refresh_token"));
		assertThat(refreshDown.status()).isEqualTo(503);
		assertThat(refreshDown.body()).doesNotContain("access_token");
		// past the staleness bound, tokens are refused: revocations may be missing (503:
		// the token may be good, this instance cannot tell)
		waitUntil(() -> app.me(access) == 503);
		JwtAuthClient.Response stale = app.http().get("/api/me", access);
		assertThat(stale.field("error")).isEqualTo("temporarily_unavailable");
		assertThat(stale.field("error_description")).isEqualTo("Revocation status unavailable");
		assertThat(stale.header("Retry-After")).isNotNull();
		assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
		// nor can a logout or a revocation be checked now: 503, never a 204/200 that
		// revoked nothing
		JwtAuthClient.Response staleLogout = app.http().postForm("/logout", "", access);
		assertThat(staleLogout.status()).isEqualTo(503);
		assertThat(staleLogout.field("error")).isEqualTo("temporarily_unavailable");
		JwtAuthClient.Response staleRevoke = app.http().revoke(access);
		assertThat(staleRevoke.status()).isEqualTo(503);
		assertThat(staleRevoke.field("error")).isEqualTo("temporarily_unavailable");

		proxy.start();
		waitUntil(() -> app.login("alice").status() == 200);
		waitUntil(() -> app.me(access) == 200);
		JwtAuthClient.Response refreshed = app.refresh(login.field("refresh_token"));
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
	}

	private static void waitUntil(Callable<Boolean> condition) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(condition);
	}

}
