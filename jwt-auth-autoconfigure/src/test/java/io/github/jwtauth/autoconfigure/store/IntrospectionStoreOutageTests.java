package io.github.jwtauth.autoconfigure.store;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.Instances.Instance;
import io.github.jwtauth.autoconfigure.testapp.TcpProxy;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the shared store cut off for longer than {@code jwt.auth.store.max-staleness},
 * this instance cannot know whether a token was revoked elsewhere: introspection answers
 * 503 {@code temporarily_unavailable}, never {@code active: true} (which could be wrong)
 * nor {@code active: false} (which would make the gateway drop a good token), and
 * recovers by itself.
 */
class IntrospectionStoreOutageTests {

	private static final String SECRET = "Ty6Ui0Op4As8Df2Gh7Jk1Lz5Xc9Vb3Nm6Q";

	@Test
	@RequiresServer(name = "Redis", port = 6379)
	void aStaleReplicaAnswers503() throws Exception {
		try (TcpProxy proxy = new TcpProxy(6379).start(); Instances instances = new Instances()) {
			Instance app = instances.start("jwt.auth.store.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + proxy.port(), "spring.data.redis.timeout=500ms",
					"spring.data.redis.connect-timeout=500ms",
					"jwt.auth.store.redis.key-prefix=jwt-auth-test-" + UUID.randomUUID(),
					"jwt.auth.store.max-staleness=2s",
					// the throttle would need the store too (503 as well): off, to reach
					// the
					// revocation check
					"jwt.auth.throttle.enabled=false", "jwt.auth.introspection.clients[0].client-id=gateway",
					"jwt.auth.introspection.clients[0].client-secret=" + SECRET);
			String access = app.login("alice").field("access_token");
			assertThat(introspect(app, access).json()).containsEntry("active", true);

			proxy.stop();
			waitUntil(() -> app.me(access) == 503);
			JwtAuthClient.Response stale = introspect(app, access);
			assertThat(stale.status()).as(stale.toString()).isEqualTo(503);
			assertThat(stale.field("error")).isEqualTo("temporarily_unavailable");
			assertThat(stale.field("error_description")).startsWith("Revocation status unavailable");
			assertThat(stale.header("Retry-After")).isNotNull();
			assertThat(stale.body()).doesNotContain("active");
			// a token that is bad anyway is still inactive: no store needed for that
			assertThat(introspect(app, "garbage").json()).containsEntry("active", false);

			proxy.start();
			waitUntil(() -> app.me(access) == 200);
			assertThat(introspect(app, access).json()).containsEntry("active", true);
		}
	}

	private static JwtAuthClient.Response introspect(Instance app, String token) {
		return app.http()
			.send(app.http()
				.request("/auth/introspect")
				.header("Authorization",
						"Basic " + Base64.getEncoder()
							.encodeToString(("gateway:" + SECRET).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
	}

	private static void waitUntil(Callable<Boolean> condition) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(condition);
	}

}
