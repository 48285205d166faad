package io.github.jwtauth.autoconfigure.feed;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.autoconfigure.JwtAuthEndpoint;
import io.github.jwtauth.autoconfigure.feed.FeedApplication.Running;
import io.github.jwtauth.autoconfigure.testapp.ReservedPort;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.discovery.IssuerDiscovery;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real applications on free ports: resource servers configured with nothing but
 * {@code jwt.auth.issuer-uri} (and the audiences), which discover the issuer's JWK Set
 * and revocation feed from its metadata on first need, and refuse tokens (401, never 500)
 * while the metadata cannot be discovered or is refused. An issuer application publishes
 * real metadata; a {@link MetadataServer} publishes what an issuer application would not
 * (another issuer, a path issuer, only the OpenID Connect location).
 */
@ExtendWith(OutputCaptureExtension.class)
class IssuerUriHttpTests {

	private static final String OAUTH = "/.well-known/oauth-authorization-server";

	private static final String OPENID = "/.well-known/openid-configuration";

	@Test
	void theIssuerUriAloneVerifiesTheIssuersTokensAndFollowsItsRevocationFeed() {
		ReservedPort issuerPort = ReservedPort.reserve();
		String issuerUrl = "http://localhost:" + issuerPort.port();
		try (issuerPort;
				Running issuer = FeedApplication.issuer("server.port=" + issuerPort.port(),
						"jwt.auth.issuer=" + issuerUrl);
				Running resourceServer = FeedApplication.discoveringResourceServer(issuerUrl,
						"jwt.auth.store.max-staleness=2s", "management.endpoints.web.exposure.include=jwtauth")) {
			assertThat(resourceServer.context().getBeansOfType(JwtKeySource.class)).isEmpty();
			JwtAuthClient.Response alice = issuer.login("alice");
			JwtAuthClient.Response bob = issuer.login("bob");
			awaitStatus(() -> resourceServer.me(alice.accessToken()), 200);
			awaitStatus(() -> resourceServer.me(bob.accessToken()), 200);

			// discovered: the JWK Set and the feed the issuer's metadata names
			IssuerDiscovery discovery = resourceServer.context().getBean(IssuerDiscovery.class);
			assertThat(discovery.current()).isNotNull();
			assertThat(discovery.current().jwksUri()).hasToString(issuerUrl + "/.well-known/jwks.json");
			RevocationFeedStore feed = (RevocationFeedStore) resourceServer.context().getBean(RevocationStore.class);
			assertThat(feed.getUri()).hasToString(issuerUrl + "/auth/revocations");
			JwtAuthEndpoint.JwtAuthDescriptor described = resourceServer.context()
				.getBean(JwtAuthEndpoint.class)
				.jwtAuth();
			assertThat(described.keys().source()).isEqualTo("issuer-uri");
			assertThat(described.keys().jwkSet().uri()).isEqualTo(issuerUrl + "/.well-known/jwks.json");
			assertThat(described.store().feed().uri()).isEqualTo(issuerUrl + "/auth/revocations");
			assertThat(described.policy().issuer()).isEqualTo(issuerUrl);
			assertThat(described.policy().mode()).isEqualTo("resource-server");

			// a logout at the issuer is enforced here through the discovered feed
			assertThat(issuer.http().logout(bob.accessToken()).status()).isLessThan(300);
			awaitStatus(() -> resourceServer.me(bob.accessToken()), 401);
			awaitStatus(() -> resourceServer.me(alice.accessToken()), 200);

			// another issuer's token, though signed with the same key, is refused
			String other = token("http://localhost:" + resourceServer.port());
			JwtAuthClient.Response refused = resourceServer.http().get("/api/me", other);
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.field("error")).isEqualTo("invalid_token");
		}
	}

	@Test
	void metadataNamingAnotherIssuerIsRefusedTokensGet401AndNoJwkSetIsFetched(CapturedOutput output) {
		try (MetadataServer server = new MetadataServer()) {
			String issuerUrl = server.url();
			// a trailing slash is another issuer (RFC 8414 §3.3: identical)
			server.serve(OAUTH, "{\"issuer\":\"" + issuerUrl + "/\",\"jwks_uri\":\"" + issuerUrl + "/jwks.json\","
					+ "\"jwt_auth_revocation_feed_uri\":\"" + issuerUrl + "/auth/revocations\"}");
			try (Running resourceServer = FeedApplication.discoveringResourceServer(issuerUrl,
					"jwt.auth.jwk-set-refresh-min-interval=1s")) {
				String token = token(issuerUrl);
				for (int i = 0; i < 3; i++) {
					JwtAuthClient.Response refused = resourceServer.http().get("/api/me", token);
					assertThat(refused.status()).isEqualTo(401);
					assertThat(refused.field("error")).isEqualTo("invalid_token");
				}
				// the discovery keeps trying (with its back-off), and keeps refusing
				await().atMost(Duration.ofSeconds(20))
					.until(() -> server.requests().stream().filter(OAUTH::equals).count() >= 3);
				assertThat(resourceServer.me(token)).isEqualTo(401);
				assertThat(server.requests()).doesNotContain("/jwks.json", "/auth/revocations").allMatch(OAUTH::equals);
				IssuerDiscovery discovery = resourceServer.context().getBean(IssuerDiscovery.class);
				assertThat(discovery.current()).isNull();
				assertThat(discovery.getFailure()).contains("not the configured '" + issuerUrl + "'");
				// logged once, clearly, at ERROR
				String logged = "Issuer " + issuerUrl + ": the metadata at " + issuerUrl + OAUTH + " names the issuer '"
						+ issuerUrl + "/', not the configured '" + issuerUrl + "'";
				assertThat(output.getOut().lines().filter((line) -> line.contains(logged))).singleElement()
					.asString()
					.contains("ERROR");
				// and health says why the replica is not loaded
				HealthIndicator health = resourceServer.context()
					.getBean("jwtAuthStoreHealthIndicator", HealthIndicator.class);
				Health status = health.health();
				assertThat(status.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
				assertThat(status.getDetails()).containsEntry("feed",
						"not known yet: the issuer's metadata is not discovered");
				assertThat((String) status.getDetails().get("reason")).contains("not the configured");
			}
		}
	}

	@Test
	void anIssuerDownAtStartUpIsDiscoveredWhenItComesUp() {
		// down until it starts: the port is kept (connections refused) until then
		ReservedPort issuerPort = ReservedPort.reserve();
		String issuerUrl = "http://localhost:" + issuerPort.port();
		try (issuerPort;
				Running resourceServer = FeedApplication.discoveringResourceServer(issuerUrl,
						"jwt.auth.jwk-set-refresh-min-interval=1s", "jwt.auth.store.max-staleness=2s")) {
			// signed with the key the issuer will have
			String token = token(issuerUrl);
			JwtAuthClient.Response refused = resourceServer.http().get("/api/me", token);
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.field("error")).isEqualTo("invalid_token");
			assertThat(resourceServer.context().getBean(IssuerDiscovery.class).getFailure()).contains("unreachable");
			try (Running issuer = FeedApplication.issuer("server.port=" + issuerPort.port(),
					"jwt.auth.issuer=" + issuerUrl)) {
				awaitStatus(() -> resourceServer.me(token), 200);
				String another = issuer.login("alice").accessToken();
				awaitStatus(() -> resourceServer.me(another), 200);
			}
		}
	}

	@Test
	void aPathIssuersMetadataIsFoundWhereRfc8414PutsIt() {
		try (MetadataServer server = new MetadataServer(); Running keys = FeedApplication.issuer()) {
			String issuerUrl = server.url() + "/tenant";
			server.serve(OAUTH + "/tenant", "{\"issuer\":\"" + issuerUrl + "\",\"jwks_uri\":\"http://127.0.0.1:"
					+ keys.port() + "/.well-known/jwks.json\"}");
			try (Running resourceServer = FeedApplication.discoveringResourceServer(issuerUrl)) {
				assertThat(resourceServer.me(token(issuerUrl))).isEqualTo(200);
				assertThat(server.requests()).containsExactly(OAUTH + "/tenant");
				// no feed in the metadata: nothing to follow, as without a feed
				RevocationFeedStore feed = (RevocationFeedStore) resourceServer.context()
					.getBean(RevocationStore.class);
				awaitStatus(() -> feed.isFollowing() ? 1 : 0, 0);
				assertThat(feed.getUri()).isNull();
				assertThat(resourceServer.me(token(server.url()))).isEqualTo(401);
			}
		}
	}

	@Test
	void theOpenIdLocationIsTheFallback() {
		try (MetadataServer server = new MetadataServer(); Running keys = FeedApplication.issuer()) {
			String issuerUrl = server.url() + "/tenant";
			server.serve("/tenant" + OPENID, "{\"issuer\":\"" + issuerUrl + "\",\"jwks_uri\":\"http://127.0.0.1:"
					+ keys.port() + "/.well-known/jwks.json\",\"response_types_supported\":[\"code\"]}");
			try (Running resourceServer = FeedApplication.discoveringResourceServer(issuerUrl)) {
				assertThat(resourceServer.me(token(issuerUrl))).isEqualTo(200);
				assertThat(server.requests()).startsWith(OAUTH + "/tenant", "/tenant" + OPENID);
				assertThat(resourceServer.context().getBean(IssuerDiscovery.class).current().location())
					.isEqualTo(URI.create(server.url() + "/tenant" + OPENID));
			}
		}
	}

	/**
	 * A token of an issuer, signed with the test RSA key (which the issuer applications
	 * of these tests sign with, and publish).
	 */
	private static String token(String issuer) {
		return TestJwts.sign(TestKeys.rsa(), TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build(),
				TestJwts.claims("alice", Instant.now()).issuer(issuer).build());
	}

	private static void awaitStatus(Callable<Integer> status, int expected) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(status, (s) -> s == expected);
	}

}
