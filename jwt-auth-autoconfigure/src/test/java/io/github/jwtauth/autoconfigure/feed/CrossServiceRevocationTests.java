package io.github.jwtauth.autoconfigure.feed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

import com.sun.net.httpserver.HttpServer;
import io.github.jwtauth.autoconfigure.feed.FeedApplication.Running;
import io.github.jwtauth.autoconfigure.testapp.ReservedPort;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.token.AccessToken;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two services: an issuer and a resource server that verifies its tokens by its JWK Set
 * and follows its revocation feed (max staleness 2 s). Every way of revoking at the
 * issuer is enforced at the resource server; an issuer down past the maximum staleness
 * makes the resource server refuse bearer tokens with 503 and say why in its health, and
 * it recovers by itself when the issuer is back on the same port. The alternative, a
 * resource server reading the issuer's shared store, is checked for PostgreSQL and Redis.
 */
class CrossServiceRevocationTests {

	@Test
	void everyRevocationAtTheIssuerIsEnforcedByTheResourceServerThatFollowsItsFeed() {
		try (Running issuer = FeedApplication.issuer();
				Running resourceServer = FeedApplication.resourceServer(issuer.port(),
						"jwt.auth.revocation-feed-uri=http://127.0.0.1:" + issuer.port() + "/auth/revocations",
						"jwt.auth.store.max-staleness=2s")) {
			assertThat(resourceServer.context().getBean(RevocationStore.class)).isInstanceOf(RevocationFeedStore.class);
			// logout
			JwtAuthClient.Response alice = issuer.login("alice");
			assertThat(resourceServer.me(alice.accessToken())).isEqualTo(200);
			assertThat(issuer.http().logout(alice.accessToken()).status()).isEqualTo(204);
			awaitStatus(() -> resourceServer.me(alice.accessToken()), 401);
			// RFC 7009 revocation of the access token
			JwtAuthClient.Response revoked = issuer.login("alice");
			assertThat(resourceServer.me(revoked.accessToken())).isEqualTo(200);
			assertThat(issuer.http().revoke(revoked.accessToken()).status()).isEqualTo(200);
			awaitStatus(() -> resourceServer.me(revoked.accessToken()), 401);
			// refresh-token reuse revokes the family, its newest access token included
			JwtAuthClient.Response family = issuer.login("alice");
			JwtAuthClient.Response rotated = issuer.http().refresh(family.refreshToken());
			assertThat(resourceServer.me(rotated.accessToken())).isEqualTo(200);
			assertThat(issuer.http().refresh(family.refreshToken()).field("error")).isEqualTo("invalid_grant");
			awaitStatus(() -> resourceServer.me(rotated.accessToken()), 401);
			// logout everywhere: every token of the user, sessions and a token of no
			// session (revoked by the subject's cut-off, published hashed)
			JwtAuthClient.Response first = issuer.login("bob");
			JwtAuthClient.Response second = issuer.login("bob");
			AccessToken sessionless = issuer.context()
				.getBean(JwtTokenService.class)
				.issue("bob", List.of(new SimpleGrantedAuthority("ROLE_USER")), null);
			JwtAuthClient.Response otherUser = issuer.login("alice");
			for (String token : List.of(first.accessToken(), second.accessToken(), sessionless.tokenValue())) {
				assertThat(resourceServer.me(token)).isEqualTo(200);
			}
			assertThat(issuer.http().postJson("/auth/logout-all", Map.of(), first.accessToken()).status())
				.isEqualTo(204);
			for (String token : List.of(first.accessToken(), second.accessToken(), sessionless.tokenValue())) {
				awaitStatus(() -> resourceServer.me(token), 401);
			}
			// another user's token is untouched
			assertThat(resourceServer.me(otherUser.accessToken())).isEqualTo(200);
		}
	}

	@Test
	void anIssuerDownPastTheMaximumStalenessMeans503AndHealthSaysWhyThenItRecovers() {
		Running issuer = FeedApplication.issuer();
		int port = issuer.port();
		try (Running resourceServer = FeedApplication.resourceServer(port,
				"jwt.auth.revocation-feed-uri=http://127.0.0.1:" + port + "/auth/revocations",
				"jwt.auth.store.max-staleness=2s")) {
			JwtAuthClient.Response alice = issuer.login("alice");
			JwtAuthClient.Response loggedOut = issuer.login("bob");
			issuer.http().logout(loggedOut.accessToken());
			awaitStatus(() -> resourceServer.me(loggedOut.accessToken()), 401);
			assertThat(resourceServer.me(alice.accessToken())).isEqualTo(200);
			HealthIndicator health = resourceServer.context()
				.getBean("jwtAuthStoreHealthIndicator", HealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);

			issuer.close();
			// the issuer is down: its port held, so that no other socket takes it
			// meanwhile
			ReservedPort reserved = ReservedPort.reserveReleased(port, Duration.ofSeconds(5));
			awaitStatus(() -> resourceServer.me(alice.accessToken()), 503);
			Health down = health.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("type", "feed");
			assertThat((String) down.getDetails().get("reason")).contains("tokens are refused")
				.contains("revocation feed unreachable");

			Running restarted;
			try {
				restarted = FeedApplication.issuer("server.port=" + port);
			}
			finally {
				reserved.close();
			}
			try (restarted) {
				awaitStatus(() -> resourceServer.me(alice.accessToken()), 200);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				// what was revoked before stays revoked, though the new issuer (memory
				// store) has forgotten it
				assertThat(resourceServer.me(loggedOut.accessToken())).isEqualTo(401);
				JwtAuthClient.Response fresh = restarted.login("alice");
				assertThat(resourceServer.me(fresh.accessToken())).isEqualTo(200);
				restarted.http().logout(fresh.accessToken());
				awaitStatus(() -> resourceServer.me(fresh.accessToken()), 401);
			}
		}
		finally {
			issuer.close();
		}
	}

	@Test
	void aFeedTamperedWithInTransitIsRefusedAndMeans503PastTheMaximumStaleness() throws IOException {
		AtomicBoolean tamper = new AtomicBoolean();
		HttpClient client = HttpClient.newHttpClient();
		try (Running issuer = FeedApplication.issuer()) {
			// a relay between the services that can flip one character of the signature
			HttpServer relay = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			relay.setExecutor(Executors.newFixedThreadPool(4));
			relay.createContext("/auth/revocations", (exchange) -> {
				String query = exchange.getRequestURI().getRawQuery();
				byte[] body;
				int status;
				try {
					HttpResponse<String> answer = client.send(
							HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + issuer.port() + "/auth/revocations"
									+ ((query != null) ? "?" + query : "")))
								.build(),
							HttpResponse.BodyHandlers.ofString());
					String document = answer.body();
					if (tamper.get()) {
						char last = document.charAt(document.length() - 3);
						document = document.substring(0, document.length() - 3) + ((last == 'A') ? 'B' : 'A')
								+ document.substring(document.length() - 2);
					}
					body = document.getBytes(StandardCharsets.US_ASCII);
					status = answer.statusCode();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					body = new byte[0];
					status = 502;
				}
				exchange.getResponseHeaders().set("Content-Type", "application/jwt");
				exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			relay.start();
			try (Running resourceServer = FeedApplication.resourceServer(issuer.port(),
					"jwt.auth.revocation-feed-uri=http://127.0.0.1:" + relay.getAddress().getPort()
							+ "/auth/revocations",
					"jwt.auth.store.max-staleness=2s")) {
				JwtAuthClient.Response alice = issuer.login("alice");
				awaitStatus(() -> resourceServer.me(alice.accessToken()), 200);
				tamper.set(true);
				JwtAuthClient.Response bob = issuer.login("bob");
				issuer.http().logout(bob.accessToken());
				awaitStatus(() -> resourceServer.me(alice.accessToken()), 503);
				Health health = resourceServer.context()
					.getBean("jwtAuthStoreHealthIndicator", HealthIndicator.class)
					.health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat((String) health.getDetails().get("feedFailure")).contains("Invalid signature");
				tamper.set(false);
				awaitStatus(() -> resourceServer.me(alice.accessToken()), 200);
				// the logout made while tampered arrives once the feed is intact again
				awaitStatus(() -> resourceServer.me(bob.accessToken()), 401);
			}
			finally {
				relay.stop(0);
			}
		}
	}

	@Test
	void withoutAFeedTheResourceServerKeepsItsLocalStore() {
		try (Running issuer = FeedApplication.issuer();
				Running resourceServer = FeedApplication.resourceServer(issuer.port())) {
			assertThat(resourceServer.context().getBean(RevocationStore.class))
				.isNotInstanceOf(RevocationFeedStore.class);
			JwtAuthClient.Response alice = issuer.login("alice");
			issuer.http().logout(alice.accessToken());
			// documented: not enforced without the feed or a shared store
			assertThat(resourceServer.me(alice.accessToken())).isEqualTo(200);
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void aResourceServerReadingTheIssuersPostgresqlEnforcesItsLogout() {
		String[] store = { "jwt.auth.store.type=jdbc", "spring.datasource.url=" + FeedApplication.POSTGRES_URL,
				"spring.datasource.username=postgres", "jwt.auth.store.jdbc.initialize-schema=always",
				"jwt.auth.store.jdbc.table-prefix=feedt_" };
		try (Running issuer = FeedApplication.issuer(store);
				Running resourceServer = FeedApplication.resourceServer(issuer.port(), store)) {
			sharedStoreLogout(issuer, resourceServer);
		}
	}

	@Test
	@RequiresServer(name = "Redis", port = 6379)
	void aResourceServerReadingTheIssuersRedisEnforcesItsLogout() {
		String[] store = { "jwt.auth.store.type=redis", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=6379",
				"jwt.auth.store.redis.key-prefix=jwt-auth-feed-test-" + UUID.randomUUID() };
		try (Running issuer = FeedApplication.issuer(store);
				Running resourceServer = FeedApplication.resourceServer(issuer.port(), store)) {
			sharedStoreLogout(issuer, resourceServer);
		}
	}

	private static void sharedStoreLogout(Running issuer, Running resourceServer) {
		JwtAuthClient.Response alice = issuer.login("alice");
		assertThat(resourceServer.me(alice.accessToken())).isEqualTo(200);
		assertThat(issuer.http().logout(alice.accessToken()).status()).isEqualTo(204);
		awaitStatus(() -> resourceServer.me(alice.accessToken()), 401);
		// logout everywhere, by subject cut-off and sessions, in clear in the shared
		// store
		JwtAuthClient.Response bob = issuer.login("bob");
		assertThat(resourceServer.me(bob.accessToken())).isEqualTo(200);
		issuer.http().postJson("/auth/logout-all", Map.of(), bob.accessToken());
		awaitStatus(() -> resourceServer.me(bob.accessToken()), 401);
	}

	/**
	 * A bounded wait for the expected status: a correctness bound, not a latency
	 * measurement.
	 */
	static void awaitStatus(IntSupplier status, int expected) {
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(status.getAsInt()).isEqualTo(expected));
	}

}
