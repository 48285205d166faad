package io.github.jwtauth.autoconfigure.feed;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.jwtauth.autoconfigure.feed.FeedApplication.Running;
import io.github.jwtauth.autoconfigure.testapp.ReservedPort;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real applications, an issuer whose {@code jwt.auth.issuer} is its own URL and a
 * resource server configured from nothing but the issuer's metadata (RFC 8414): its JWK
 * Set, its revocation feed and its issuer identifier. A client that knows only the
 * resource server's API URL follows the chain a discovering client follows: the refused
 * request names the protected resource metadata (RFC 9728 §5.1), which names the issuer,
 * whose metadata (at the path RFC 8414 §3.1 derives) names the token and revocation
 * endpoints; with them the client refreshes and revokes, and the resource server enforces
 * the revocation.
 */
class DiscoveryMetadataHttpTests {

	private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");

	@Test
	void aClientFindsTheIssuerAndItsEndpointsFromARefusedRequest() {
		ReservedPort issuerPort = ReservedPort.reserve();
		String issuerUrl = "http://localhost:" + issuerPort.port();
		try (issuerPort;
				Running issuer = FeedApplication.issuer("server.port=" + issuerPort.port(),
						"jwt.auth.issuer=" + issuerUrl)) {
			Map<String, Object> published = get(issuerUrl + "/.well-known/oauth-authorization-server");
			assertThat(published).containsEntry("issuer", issuerUrl);
			try (Running resourceServer = FeedApplication.resourceServer(issuerPort.port(),
					"jwt.auth.jwk-set-uri=" + published.get("jwks_uri"),
					"jwt.auth.revocation-feed-uri=" + published.get("jwt_auth_revocation_feed_uri"),
					"jwt.auth.issuer=" + published.get("issuer"), "jwt.auth.store.max-staleness=2s",
					"jwt.auth.endpoints.resource-metadata-challenge=true")) {
				String api = "http://127.0.0.1:" + resourceServer.port() + "/api/me";

				// the refused request names the resource's metadata
				JwtAuthClient.Response refused = resourceServer.http().get("/api/me", null);
				assertThat(refused.status()).isEqualTo(401);
				Matcher matcher = RESOURCE_METADATA.matcher(refused.header("WWW-Authenticate"));
				assertThat(matcher.find()).isTrue();
				Map<String, Object> resource = get(matcher.group(1));
				assertThat(resource).containsEntry("resource", api);
				// which names the issuer, whose metadata RFC 8414 §3.1 locates
				assertThat(resource).containsEntry("authorization_servers", List.of(issuerUrl));
				Map<String, Object> metadata = get(issuerUrl + "/.well-known/oauth-authorization-server");
				assertThat(metadata).isEqualTo(published);

				// login is the starter's own endpoint, not an OAuth grant; refresh and
				// revocation are where the metadata says
				JwtAuthClient.Response login = issuer.login("alice");
				JwtAuthClient.Response refreshed = post((String) metadata.get("token_endpoint"),
						Map.of("grant_type", "refresh_token", "refresh_token", login.refreshToken()));
				assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
				String accessToken = refreshed.accessToken();
				// (a feed answer late by a moment past the 2 s staleness means 503: wait)
				await().atMost(Duration.ofSeconds(10)).until(() -> resourceServer.me(accessToken) == 200);
				assertThat(post((String) metadata.get("revocation_endpoint"), Map.of("token", accessToken)).status())
					.isEqualTo(200);
				await().atMost(Duration.ofSeconds(10)).until(() -> resourceServer.me(accessToken) == 401);
			}
		}
	}

	private static Map<String, Object> get(String url) {
		URI uri = URI.create(url);
		JwtAuthClient.Response response = client(uri).get(uri.getRawPath(), null);
		assertThat(response.status()).as("%s: %s", url, response).isEqualTo(200);
		return response.json();
	}

	private static JwtAuthClient.Response post(String url, Map<String, String> form) {
		URI uri = URI.create(url);
		return client(uri).postForm(uri.getRawPath(), form, null);
	}

	private static JwtAuthClient client(URI uri) {
		return JwtAuthClient.forBaseUrl(uri.getScheme() + "://" + uri.getRawAuthority());
	}

}
