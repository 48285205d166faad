package io.github.jwtauth.discovery;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Fetching an issuer's metadata over real HTTP: where it is looked for, the fallback, the
 * exact-issuer rule and the limits on an answer.
 */
class RemoteIssuerMetadataTests {

	private static final String OAUTH = "/.well-known/oauth-authorization-server";

	private static final String OPENID = "/.well-known/openid-configuration";

	@Test
	void locationsFollowRfc8414AndThenOpenIdDiscovery() {
		assertThat(RemoteIssuerMetadata.locations("https://issuer.example")).containsExactly(
				URI.create("https://issuer.example" + OAUTH), URI.create("https://issuer.example" + OPENID));
		assertThat(RemoteIssuerMetadata.locations("https://issuer.example/")).containsExactly(
				URI.create("https://issuer.example" + OAUTH), URI.create("https://issuer.example" + OPENID));
		assertThat(RemoteIssuerMetadata.locations("https://issuer.example:8443/tenant/one/")).containsExactly(
				URI.create("https://issuer.example:8443" + OAUTH + "/tenant/one"),
				URI.create("https://issuer.example:8443/tenant/one" + OPENID));
		assertThat(RemoteIssuerMetadata.locations("http://127.0.0.1:8080/t%20x")).containsExactly(
				URI.create("http://127.0.0.1:8080" + OAUTH + "/t%20x"),
				URI.create("http://127.0.0.1:8080/t%20x" + OPENID));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://issuer.example", "http://10.0.0.1/x", "ftp://issuer.example", "issuer.example",
			"/path", "https://issuer.example?tenant=1", "https://issuer.example#x", "https://user@issuer.example", "",
			"urn:issuer" })
	void issuersThatCannotBeDiscoveredAreRefused(String issuer) {
		assertThat(RemoteIssuerMetadata.issuerProblem(issuer)).isNotNull();
		assertThatIllegalArgumentException().isThrownBy(() -> RemoteIssuerMetadata.builder(issuer));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://issuer.example", "https://issuer.example/tenant/", "http://localhost:8080",
			"http://127.0.0.1/x", "http://[::1]:9000" })
	void httpsAndLoopbackIssuersAreAccepted(String issuer) {
		assertThat(RemoteIssuerMetadata.issuerProblem(issuer)).isNull();
	}

	@Test
	void rfc8414LocationWithAPathIsUsed() throws IOException {
		try (MetadataServer server = new MetadataServer()) {
			String issuer = server.url() + "/tenant";
			server.serve(OAUTH + "/tenant", document(issuer, server.url() + "/tenant/jwks.json"));
			IssuerMetadata metadata = RemoteIssuerMetadata.builder(issuer).build().fetch();
			assertThat(metadata.issuer()).isEqualTo(issuer);
			assertThat(metadata.jwksUri()).isEqualTo(URI.create(server.url() + "/tenant/jwks.json"));
			assertThat(metadata.revocationFeedUri()).isNull();
			assertThat(metadata.location()).isEqualTo(URI.create(server.url() + OAUTH + "/tenant"));
			assertThat(server.requests()).containsExactly(OAUTH + "/tenant");
		}
	}

	@Test
	void openIdLocationIsTheFallbackAfterA404() throws IOException {
		try (MetadataServer server = new MetadataServer()) {
			String issuer = server.url() + "/tenant";
			server.serve("/tenant" + OPENID, document(issuer, server.url() + "/keys"));
			IssuerMetadata metadata = RemoteIssuerMetadata.builder(issuer).build().fetch();
			assertThat(metadata.location()).isEqualTo(URI.create(server.url() + "/tenant" + OPENID));
			assertThat(server.requests()).containsExactly(OAUTH + "/tenant", "/tenant" + OPENID);
		}
	}

	@Test
	void noMetadataAtEitherLocationIsAFailure() throws IOException {
		try (MetadataServer server = new MetadataServer()) {
			assertThatExceptionOfType(IssuerMetadataException.class)
				.isThrownBy(() -> RemoteIssuerMetadata.builder(server.url()).build().fetch())
				.withMessageContaining("no issuer metadata at")
				.withMessageContaining("HTTP 404")
				.satisfies((ex) -> assertThat(ex.isRefused()).isFalse());
		}
	}

	@Test
	void aRedirectIsNeitherFollowedNorTakenForNotFound() throws IOException {
		try (MetadataServer server = new MetadataServer(); MetadataServer elsewhere = new MetadataServer()) {
			String issuer = server.url();
			// the redirect target and the OpenID location both serve metadata that would
			// pass every check: only refusing the redirect as it is makes the fetch fail
			elsewhere.serve(OAUTH, document(issuer, elsewhere.url() + "/jwks"));
			server.redirect(OAUTH, elsewhere.url() + OAUTH);
			server.serve(OPENID, document(issuer, server.url() + "/jwks"));
			assertThatExceptionOfType(IssuerMetadataException.class)
				.isThrownBy(() -> RemoteIssuerMetadata.builder(issuer).build().fetch())
				.withMessage("issuer metadata at " + server.url() + OAUTH + " answered HTTP 302");
			assertThat(server.requests()).containsExactly(OAUTH);
			assertThat(elsewhere.requests()).isEmpty();
		}
	}

	@Test
	void theRevocationFeedMemberIsRead() throws IOException {
		try (MetadataServer server = new MetadataServer()) {
			server.serve(OAUTH, "{\"issuer\":\"" + server.url() + "\",\"jwks_uri\":\"" + server.url()
					+ "/jwks\",\"jwt_auth_revocation_feed_uri\":\"" + server.url() + "/auth/revocations\"}");
			IssuerMetadata metadata = RemoteIssuerMetadata.builder(server.url()).build().fetch();
			assertThat(metadata.revocationFeedUri()).isEqualTo(URI.create(server.url() + "/auth/revocations"));
		}
	}

	@Test
	void anIssuerThatIsNotTheConfiguredOneIsRefused() throws IOException {
		try (MetadataServer server = new MetadataServer()) {
			// a trailing slash is another issuer (RFC 8414 §3.3: identical)
			server.serve(OAUTH, document(server.url() + "/", server.url() + "/jwks"));
			assertThatExceptionOfType(IssuerMetadataException.class)
				.isThrownBy(() -> RemoteIssuerMetadata.builder(server.url()).build().fetch())
				.withMessageContaining("names the issuer '" + server.url() + "/', not the configured '" + server.url())
				.satisfies((ex) -> assertThat(ex.isRefused()).isTrue());
			// and the OpenID fallback is not tried: the issuer answered
			assertThat(server.requests()).containsExactly(OAUTH);
		}
	}

	@Test
	void aMissingJwksUriIsRefused() throws IOException {
		try (MetadataServer server = new MetadataServer()) {
			server.serve(OAUTH, "{\"issuer\":\"" + server.url() + "\"}");
			assertThatExceptionOfType(IssuerMetadataException.class)
				.isThrownBy(() -> RemoteIssuerMetadata.builder(server.url()).build().fetch())
				.withMessageContaining("has no jwks_uri");
		}
	}

	@Test
	void anOversizedBodyIsRefused() throws IOException {
		try (MetadataServer server = new MetadataServer()) {
			String padding = "x".repeat(RemoteIssuerMetadata.DEFAULT_MAX_BYTES);
			server.serve(OAUTH, "{\"issuer\":\"" + server.url() + "\",\"jwks_uri\":\"" + server.url()
					+ "/jwks\",\"padding\":\"" + padding + "\"}");
			assertThatExceptionOfType(IssuerMetadataException.class)
				.isThrownBy(() -> RemoteIssuerMetadata.builder(server.url()).build().fetch())
				.withMessageContaining("larger than " + RemoteIssuerMetadata.DEFAULT_MAX_BYTES + " bytes");
			server.serve(OAUTH, document(server.url(), server.url() + "/jwks"));
			assertThatExceptionOfType(IssuerMetadataException.class)
				.isThrownBy(() -> RemoteIssuerMetadata.builder(server.url()).maxBytes(20).build().fetch())
				.withMessageContaining("larger than 20 bytes");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "<html><body>Sign in</body></html>", "[\"issuer\"]", "{\"issuer\":", "" })
	void aBodyThatIsNotAJsonObjectIsRefused(String body) throws IOException {
		try (MetadataServer server = new MetadataServer()) {
			server.serve(OAUTH, body);
			assertThatExceptionOfType(IssuerMetadataException.class)
				.isThrownBy(() -> RemoteIssuerMetadata.builder(server.url()).build().fetch())
				.withMessageContaining("is not a JSON object");
		}
	}

	@Test
	void anUnreachableIssuerIsAFailure() {
		assertThatExceptionOfType(IssuerMetadataException.class)
			.isThrownBy(() -> RemoteIssuerMetadata.builder("http://127.0.0.1:1").build().fetch())
			.withMessageContaining("unreachable")
			.satisfies((ex) -> assertThat(ex.isRefused()).isFalse());
	}

	static String document(String issuer, String jwksUri) {
		return "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri + "\",\"grant_types_supported\":"
				+ List.of("\"refresh_token\"") + "}";
	}

}
