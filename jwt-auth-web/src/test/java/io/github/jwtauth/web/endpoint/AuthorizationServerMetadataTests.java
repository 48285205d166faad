package io.github.jwtauth.web.endpoint;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Which issuers can have RFC 8414 metadata, where it lives, and what it says.
 */
class AuthorizationServerMetadataTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://issuer.example.com", "https://issuer.example.com/",
			"https://ISSUER.example.com:8443", "https://issuer.example.com/tenant",
			"https://issuer.example.com/a/b-c_d.e~f/", "HTTPS://issuer.example.com", "http://localhost:8080",
			"http://127.0.0.1", "http://[::1]:8080/app" })
	void issuerUrls(String issuer) {
		assertThat(AuthorizationServerMetadata.issuerProblem(issuer)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "jwt-auth", "urn:example:issuer", "issuer.example.com", "/issuer", "//issuer.example.com",
			"ftp://issuer.example.com", "http://issuer.example.com", "http://10.0.0.7:8080",
			"http://127.0.0.1.example.com", "https://issuer.example.com?tenant=1", "https://issuer.example.com#x",
			"https://user@issuer.example.com", "https://issuer.example.com/a*b", "https://issuer.example.com/a%20b",
			"https://issuer.example.com//a", "https://issuer.example.com/a/../b", "https://issuer.example.com/.",
			"https://issuer.example.com/a;b", "https://issuer example.com", "" })
	void otherIssuers(String issuer) {
		assertThat(AuthorizationServerMetadata.issuerProblem(issuer)).isNotNull();
		assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationServerMetadata.forIssuer(issuer))
			.withMessageStartingWith("Invalid issuer: ");
	}

	@ParameterizedTest
	@CsvSource({ "https://issuer.example.com, /.well-known/oauth-authorization-server",
			"https://issuer.example.com/, /.well-known/oauth-authorization-server",
			"https://issuer.example.com/tenant, /.well-known/oauth-authorization-server/tenant",
			"https://issuer.example.com/tenant/, /.well-known/oauth-authorization-server/tenant",
			"https://issuer.example.com:8443/a/b, /.well-known/oauth-authorization-server/a/b" })
	void theDocumentLivesWhereRfc8414Section31PutsIt(String issuer, String path) {
		assertThat(AuthorizationServerMetadata.forIssuer(issuer).build().getPath()).isEqualTo(path);
	}

	@ParameterizedTest
	@CsvSource({ "https://issuer.example.com, https://issuer.example.com/auth/refresh",
			"https://issuer.example.com/, https://issuer.example.com/auth/refresh",
			"https://issuer.example.com/app/, https://issuer.example.com/app/auth/refresh",
			"https://issuer.example.com:8443/app, https://issuer.example.com:8443/app/auth/refresh" })
	void endpointUrlsAreTheIssuerFollowedByThePath(String issuer, String url) {
		AuthorizationServerMetadata metadata = AuthorizationServerMetadata.forIssuer(issuer)
			.tokenPath("/auth/refresh")
			.build();
		assertThat(metadata.url("/auth/refresh")).isEqualTo(url);
		assertThat(metadata.getMembers()).containsEntry("token_endpoint", url).containsEntry("issuer", issuer);
	}

	@Test
	void everyEndpoint() {
		AuthorizationServerMetadata metadata = AuthorizationServerMetadata.forIssuer("https://issuer.example.com")
			.jwksPath("/.well-known/jwks.json")
			.tokenPath("/auth/refresh")
			.revocationPath("/auth/revoke")
			.revocationFeedPath("/auth/revocations")
			.introspectionPath("/auth/introspect")
			.dpopAlgorithms(List.of("ES256", "EdDSA"))
			.build();
		assertThat(metadata.getIssuer()).isEqualTo("https://issuer.example.com");
		assertThat(metadata.getMembers()).containsExactly(entry("issuer", "https://issuer.example.com"),
				entry("jwks_uri", "https://issuer.example.com/.well-known/jwks.json"),
				entry("token_endpoint", "https://issuer.example.com/auth/refresh"),
				entry("grant_types_supported", List.of("refresh_token")),
				entry("token_endpoint_auth_methods_supported", List.of("none")),
				entry("revocation_endpoint", "https://issuer.example.com/auth/revoke"),
				entry("revocation_endpoint_auth_methods_supported", List.of("none")),
				entry("introspection_endpoint", "https://issuer.example.com/auth/introspect"),
				entry("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic")),
				entry("dpop_signing_alg_values_supported", List.of("ES256", "EdDSA")),
				entry("jwt_auth_revocation_feed_uri", "https://issuer.example.com/auth/revocations"));
	}

	@Test
	void anEndpointNotGivenIsNotAnnounced() {
		AuthorizationServerMetadata metadata = AuthorizationServerMetadata.forIssuer("https://issuer.example.com")
			.jwksPath("/.well-known/jwks.json")
			.build();
		// no token endpoint: nothing about grants or client authentication either; no
		// DPoP algorithms: DPoP is off; response_types_supported never (no authorization
		// endpoint, and RFC 8414 §3.2 omits empty arrays)
		assertThat(metadata.getMembers()).containsOnlyKeys("issuer", "jwks_uri");
	}

	@Test
	void theMembersCannotBeChanged() {
		AuthorizationServerMetadata metadata = AuthorizationServerMetadata.forIssuer("https://issuer.example.com")
			.build();
		assertThat(metadata.getMembers()).isUnmodifiable();
	}

}
