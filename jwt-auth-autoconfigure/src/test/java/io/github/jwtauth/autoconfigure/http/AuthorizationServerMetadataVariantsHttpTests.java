package io.github.jwtauth.autoconfigure.http;

import java.util.ArrayList;
import java.util.List;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.web.endpoint.AuthorizationServerMetadataEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP, the authorization-server metadata (RFC 8414) follows the configuration:
 * an issuer with a path moves the document (RFC 8414 §3.1) and prefixes the endpoint
 * URLs, so does a context path; the configured endpoint paths, DPoP algorithms and
 * max-age are announced; DPoP off, an HMAC key or disabled endpoints leave their members
 * out; an issuer that is not an https URL, {@code metadata-enabled=false} and
 * resource-server mode serve none.
 */
class AuthorizationServerMetadataVariantsHttpTests {

	private static final String PATH = "/.well-known/oauth-authorization-server";

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void anIssuerWithAPathHasItsMetadataAtThePathRfc8414Derives() {
		JwtAuthClient http = start("jwt.auth.issuer=https://issuer.example.com/tenant/",
				"jwt.auth.endpoints.refresh-path=/oauth/token", "jwt.auth.endpoints.revoke-path=/oauth/revoke",
				"jwt.auth.endpoints.jwks-path=/oauth/jwks", "jwt.auth.dpop.algorithms=ES256,EdDSA",
				"jwt.auth.endpoints.metadata-max-age=5m");
		JwtAuthClient.Response response = http.get(PATH + "/tenant", null);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Cache-Control")).isEqualTo("max-age=300, public");
		assertThat(response.json()).containsEntry("issuer", "https://issuer.example.com/tenant/")
			.containsEntry("jwks_uri", "https://issuer.example.com/tenant/oauth/jwks")
			.containsEntry("token_endpoint", "https://issuer.example.com/tenant/oauth/token")
			.containsEntry("revocation_endpoint", "https://issuer.example.com/tenant/oauth/revoke")
			.containsEntry("dpop_signing_alg_values_supported", List.of("ES256", "EdDSA"));
		// not at the issuer-less path: that would describe another issuer
		String accessToken = http.login("alice", "alice-password").accessToken();
		assertThat(http.get(PATH, null).status()).isEqualTo(401);
		assertThat(http.get(PATH, accessToken).status()).isEqualTo(404);
	}

	@Test
	void underAContextPathTheIssuerCarriesIt() {
		JwtAuthClient http = start("server.servlet.context-path=/ctx",
				"jwt.auth.issuer=https://issuer.example.com/ctx");
		JwtAuthClient.Response response = http.get(PATH + "/ctx", null);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json()).containsEntry("issuer", "https://issuer.example.com/ctx")
			.containsEntry("token_endpoint", "https://issuer.example.com/ctx/auth/refresh")
			.containsEntry("jwks_uri", "https://issuer.example.com/ctx/.well-known/jwks.json");
	}

	@Test
	void dpopOffAnnouncesNoProofAlgorithms() {
		JwtAuthClient http = start("jwt.auth.issuer=https://issuer.example.com", "jwt.auth.dpop.mode=off");
		JwtAuthClient.Response response = http.get(PATH, null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsKey("token_endpoint")
			.doesNotContainKey("dpop_signing_alg_values_supported");
	}

	@Test
	void dpopRequiredAnnouncesTheProofAlgorithms() {
		JwtAuthClient http = start("jwt.auth.issuer=https://issuer.example.com", "jwt.auth.dpop.mode=required",
				"jwt.auth.dpop.algorithms=PS256");
		assertThat(http.get(PATH, null).json()).containsEntry("dpop_signing_alg_values_supported", List.of("PS256"));
	}

	@Test
	void anHmacIssuerHasNoFeedAndNoPublicKeysToAnnounce() {
		JwtAuthClient http = start(new String[] { "jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET },
				"jwt.auth.issuer=https://issuer.example.com");
		JwtAuthClient.Response response = http.get(PATH, null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsKeys("token_endpoint", "revocation_endpoint")
			.doesNotContainKey("jwt_auth_revocation_feed_uri");
	}

	@Test
	void withoutTokenEndpointsOnlyTheKeysAreAnnounced() {
		JwtAuthClient http = start("jwt.auth.issuer=https://issuer.example.com", "jwt.auth.endpoints.enabled=false");
		JwtAuthClient.Response response = http.get(PATH, null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsKeys("issuer", "jwks_uri")
			.doesNotContainKeys("token_endpoint", "grant_types_supported", "token_endpoint_auth_methods_supported",
					"revocation_endpoint", "revocation_endpoint_auth_methods_supported");
	}

	@Test
	void anIssuerThatIsNotAnHttpsUrlHasNoMetadata() {
		for (String issuer : List.of(TestKeys.ISSUER, "jwt.auth.issuer=http://issuer.example.com",
				"jwt.auth.issuer=urn:example:issuer")) {
			JwtAuthClient http = start(issuer);
			String accessToken = http.login("alice", "alice-password").accessToken();
			assertThat(http.get(PATH, null).status()).as(issuer).isEqualTo(401);
			assertThat(http.get(PATH, accessToken).status()).as(issuer).isEqualTo(404);
			// the JWK Set is still there
			assertThat(http.get("/.well-known/jwks.json", null).status()).isEqualTo(200);
		}
	}

	@Test
	void metadataCanBeSwitchedOff() {
		JwtAuthClient http = start("jwt.auth.issuer=https://issuer.example.com",
				"jwt.auth.endpoints.metadata-enabled=false");
		String accessToken = http.login("alice", "alice-password").accessToken();
		assertThat(http.get(PATH, null).status()).isEqualTo(401);
		assertThat(http.get(PATH, accessToken).status()).isEqualTo(404);
	}

	@Test
	void aResourceServerHasNone() {
		// it issues nothing; its issuer's metadata is the issuer's
		List<String> properties = List.of("server.port=0", "spring.main.banner-mode=off",
				"jwt.auth.jwk-set-uri=http://127.0.0.1:9/.well-known/jwks.json",
				"jwt.auth.issuer=https://issuer.example.com", "jwt.auth.audiences=api",
				"jwt.auth.endpoints.metadata-enabled=true");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		assertThat(context.getBeansOfType(AuthorizationServerMetadataEndpoint.class)).isEmpty();
		JwtAuthClient http = JwtAuthClient.forPort(port(context));
		assertThat(http.get(PATH, null).status()).isEqualTo(401);
	}

	private JwtAuthClient start(String... properties) {
		return start(new String[] { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE }, properties);
	}

	private JwtAuthClient start(String[] key, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"jwt.auth.audiences=api", "jwt.auth.store.initial-sync-timeout=0"));
		all.addAll(List.of(key));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties(all.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		String contextPath = context.getEnvironment().getProperty("server.servlet.context-path", "");
		return JwtAuthClient.forBaseUrl("http://127.0.0.1:" + port(context) + contextPath)
			.withPaths(JwtAuthClient.Paths.DEFAULT);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
