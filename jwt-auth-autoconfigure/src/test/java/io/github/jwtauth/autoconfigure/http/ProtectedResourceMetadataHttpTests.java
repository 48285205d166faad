package io.github.jwtauth.autoconfigure.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Over real HTTP, the protected resource metadata (RFC 9728) that Spring Security's
 * {@code oauth2ResourceServer()} serves at {@code /.well-known/oauth-protected-resource}
 * in jwt-auth's chain: the resource as the request names it, the issuer as its
 * authorization server when it is a URL, bearer tokens in the header, the DPoP algorithms
 * and whether DPoP is required, and no claim of certificate-bound tokens (Spring's
 * default, which jwt-auth refuses). With
 * {@code jwt.auth.endpoints.resource-metadata-challenge} every challenge names the
 * document whose {@code resource} is exactly the URL requested (RFC 9728 §3.3, §5.1);
 * without it the challenges stay bare.
 */
class ProtectedResourceMetadataHttpTests {

	private static final String PATH = "/.well-known/oauth-protected-resource";

	private static final List<String> ALGS = List.of("ES256", "ES384", "ES512", "EdDSA", "RS256", "PS256");

	private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private String baseUrl;

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void theResourceDescribesItselfWithoutAToken() {
		JwtAuthClient http = start("jwt.auth.issuer=https://issuer.example.com");
		JwtAuthClient.Response response = http.get(PATH, null);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.json()).containsExactly(entry("resource", this.baseUrl),
				entry("bearer_methods_supported", List.of("header")),
				entry("authorization_servers", List.of("https://issuer.example.com")),
				entry("dpop_signing_alg_values_supported", ALGS), entry("dpop_bound_access_tokens_required", false));
		// a resource identifier with a path (RFC 9728 §3.1)
		assertThat(http.get(PATH + "/api/me", null).json()).containsEntry("resource", this.baseUrl + "/api/me");
	}

	@Test
	void dpopRequiredIsAnnounced() {
		JwtAuthClient http = start("jwt.auth.issuer=https://issuer.example.com", "jwt.auth.dpop.mode=required",
				"jwt.auth.dpop.algorithms=ES256");
		assertThat(http.get(PATH, null).json()).containsEntry("dpop_signing_alg_values_supported", List.of("ES256"))
			.containsEntry("dpop_bound_access_tokens_required", true);
	}

	@Test
	void dpopOffAnnouncesNoDPoP() {
		JwtAuthClient http = start("jwt.auth.issuer=https://issuer.example.com", "jwt.auth.dpop.mode=off");
		assertThat(http.get(PATH, null).json()).containsOnlyKeys("resource", "bearer_methods_supported",
				"authorization_servers");
	}

	@Test
	void anIssuerThatIsNotAUrlIsNotAnnounced() {
		JwtAuthClient http = start(TestKeys.ISSUER);
		JwtAuthClient.Response response = http.get(PATH, null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsKey("resource").doesNotContainKey("authorization_servers");
	}

	@Test
	void aResourceServerAnnouncesTheIssuerItTrusts() {
		JwtAuthClient http = start(new String[0], "jwt.auth.jwk-set-uri=http://127.0.0.1:9/.well-known/jwks.json",
				"jwt.auth.issuer=https://issuer.example.com/tenant");
		assertThat(http.get(PATH, null).json()).containsEntry("authorization_servers",
				List.of("https://issuer.example.com/tenant"));
	}

	@Test
	void byDefaultTheChallengesDoNotNameTheMetadata() {
		JwtAuthClient http = start("jwt.auth.issuer=https://issuer.example.com");
		assertThat(http.get("/api/me", null).raw().headers().allValues("WWW-Authenticate")).hasSize(2)
			.noneMatch((challenge) -> challenge.contains("resource_metadata"));
		assertThat(http.get("/api/me", "not-a-token").header("WWW-Authenticate")).doesNotContain("resource_metadata");
	}

	@Test
	void everyChallengeNamesTheMetadataOfTheRequestedUrl() {
		JwtAuthClient http = start("jwt.auth.issuer=https://issuer.example.com",
				"jwt.auth.endpoints.resource-metadata-challenge=true");
		String metadataUrl = this.baseUrl + PATH + "/api/me";

		JwtAuthClient.Response missing = http.get("/api/me?page=2", null);
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.raw().headers().allValues("WWW-Authenticate")).containsExactly(
				"Bearer resource_metadata=\"" + metadataUrl + "\"",
				"DPoP resource_metadata=\"" + metadataUrl + "\", algs=\"" + String.join(" ", ALGS) + "\"");

		JwtAuthClient.Response invalid = http.get("/api/me", "not-a-token");
		assertThat(invalid.status()).isEqualTo(401);
		assertThat(invalid.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\", error_description=")
			.endsWith(", resource_metadata=\"" + metadataUrl + "\"");

		JwtAuthClient.Response dpop = http
			.send(http.request("/api/me").header("Authorization", "DPoP not-a-token").header("DPoP", "x").GET());
		assertThat(dpop.status()).isEqualTo(401);
		assertThat(dpop.header("WWW-Authenticate")).startsWith("DPoP error=")
			.contains(", resource_metadata=\"" + metadataUrl + "\", algs=");

		// the client follows it, and the document describes exactly what it asked for
		// (RFC 9728 §3.3), and names the authorization server
		Map<String, Object> metadata = follow(metadataOf(missing.header("WWW-Authenticate")));
		assertThat(metadata).containsEntry("resource", this.baseUrl + "/api/me")
			.containsEntry("authorization_servers", List.of("https://issuer.example.com"));

		// with a valid token nothing changes
		String accessToken = http.login("alice", "alice-password").accessToken();
		JwtAuthClient.Response me = http.get("/api/me", accessToken);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.header("WWW-Authenticate")).isNull();
	}

	@Test
	void underAContextPathTheMetadataIsUnderItToo() {
		JwtAuthClient http = start("server.servlet.context-path=/ctx", "jwt.auth.issuer=https://issuer.example.com",
				"jwt.auth.endpoints.resource-metadata-challenge=true");
		String challenge = http.get("/api/me", null).header("WWW-Authenticate");
		String metadataUrl = metadataOf(challenge);
		assertThat(metadataUrl).isEqualTo(this.baseUrl + PATH + "/api/me");
		assertThat(this.baseUrl).endsWith("/ctx");
		assertThat(follow(metadataUrl)).containsEntry("resource", this.baseUrl + "/api/me");
		assertThat(http.get(PATH, null).json()).containsEntry("resource", this.baseUrl);
	}

	private static String metadataOf(String challenge) {
		Matcher matcher = RESOURCE_METADATA.matcher(challenge);
		assertThat(matcher.find()).as(challenge).isTrue();
		return matcher.group(1);
	}

	private static Map<String, Object> follow(String url) {
		URI uri = URI.create(url);
		JwtAuthClient.Response response = JwtAuthClient.forBaseUrl(uri.getScheme() + "://" + uri.getRawAuthority())
			.get(uri.getRawPath(), null);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
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
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		this.baseUrl = "http://127.0.0.1:" + port + contextPath;
		return JwtAuthClient.forBaseUrl(this.baseUrl);
	}

}
