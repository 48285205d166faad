package io.github.jwtauth.discovery;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The checks of a metadata document: the exact issuer, a usable {@code jwks_uri}, and
 * URLs that cannot send this application somewhere dangerous.
 */
class IssuerMetadataTests {

	private static final URI LOCATION = URI.create("https://issuer.example/.well-known/oauth-authorization-server");

	private static final String ISSUER = "https://issuer.example";

	@Test
	void aGoodDocumentIsAccepted() {
		IssuerMetadata metadata = IssuerMetadata.of(
				members(ISSUER, "https://keys.example/jwks.json", "https://issuer.example/auth/revocations"), ISSUER,
				LOCATION);
		assertThat(metadata.jwksUri()).isEqualTo(URI.create("https://keys.example/jwks.json"));
		assertThat(metadata.revocationFeedUri()).isEqualTo(URI.create("https://issuer.example/auth/revocations"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://issuer.example/", "https://ISSUER.example", "https://issuer.example:443",
			"http://issuer.example", "https://evil.example", " https://issuer.example" })
	void anyOtherIssuerIsRefused(String issuer) {
		assertThatExceptionOfType(IssuerMetadataException.class)
			.isThrownBy(() -> IssuerMetadata.of(members(issuer, "https://issuer.example/jwks", null), ISSUER, LOCATION))
			.withMessageContaining("not the configured '" + ISSUER + "'");
	}

	@Test
	void aMissingOrNonStringIssuerIsRefused() {
		Map<String, Object> members = members(ISSUER, "https://issuer.example/jwks", null);
		members.remove("issuer");
		assertThatExceptionOfType(IssuerMetadataException.class)
			.isThrownBy(() -> IssuerMetadata.of(members, ISSUER, LOCATION))
			.withMessageContaining("has no issuer");
		members.put("issuer", 42);
		assertThatExceptionOfType(IssuerMetadataException.class)
			.isThrownBy(() -> IssuerMetadata.of(members, ISSUER, LOCATION))
			.withMessageContaining("has no issuer");
	}

	@Test
	void anIssuerEchoedInTheMessageIsBoundedAndHasNoControlCharacters() {
		String issuer = "https://evil.example/\r\nINFO forged log line" + "x".repeat(500);
		assertThatExceptionOfType(IssuerMetadataException.class)
			.isThrownBy(() -> IssuerMetadata.of(members(issuer, "https://issuer.example/jwks", null), ISSUER, LOCATION))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\r", "\n").hasSizeLessThan(500));
	}

	@Test
	void aMissingJwksUriIsRefused() {
		assertThatExceptionOfType(IssuerMetadataException.class)
			.isThrownBy(() -> IssuerMetadata.of(members(ISSUER, null, null), ISSUER, LOCATION))
			.withMessageContaining("has no jwks_uri");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://issuer.example/jwks", "http://localhost:8080/jwks", "http://127.0.0.1/jwks",
			"ftp://issuer.example/jwks", "/jwks", "jwks.json", "https://user:pw@issuer.example/jwks",
			"https://issuer.example/jwks#x", "file:///etc/passwd", "" })
	void aJwksUriThatIsNotHttpsIsRefused(String jwksUri) {
		assertThatExceptionOfType(IssuerMetadataException.class)
			.isThrownBy(() -> IssuerMetadata.of(members(ISSUER, jwksUri, null), ISSUER, LOCATION))
			.withMessageContaining("jwks_uri")
			.satisfies((ex) -> assertThat(ex.isRefused()).isTrue());
	}

	@Test
	void aLoopbackIssuerMayNameLoopbackUrls() {
		String issuer = "http://localhost:8080";
		IssuerMetadata metadata = IssuerMetadata.of(
				members(issuer, "http://127.0.0.1:8080/jwks", "http://localhost:8080/auth/revocations"), issuer,
				URI.create(issuer + "/.well-known/oauth-authorization-server"));
		assertThat(metadata.jwksUri().getHost()).isEqualTo("127.0.0.1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://issuer.example/auth/revocations", "http://localhost/auth/revocations",
			"https://issuer.example/auth/revocations?cursor=x", "not a url" })
	void aRevocationFeedThatIsNotHttpsRefusesTheDocument(String feed) {
		assertThatExceptionOfType(IssuerMetadataException.class)
			.isThrownBy(() -> IssuerMetadata.of(members(ISSUER, "https://issuer.example/jwks", feed), ISSUER, LOCATION))
			.withMessageContaining(IssuerMetadata.REVOCATION_FEED_URI);
	}

	@Test
	void aJwksUriThatIsNotAStringIsRefused() {
		Map<String, Object> members = members(ISSUER, null, null);
		members.put("jwks_uri", Map.of("url", "https://issuer.example/jwks"));
		assertThatExceptionOfType(IssuerMetadataException.class)
			.isThrownBy(() -> IssuerMetadata.of(members, ISSUER, LOCATION))
			.withMessageContaining("jwks_uri that is not a URL");
	}

	private static Map<String, Object> members(String issuer, String jwksUri, String feed) {
		Map<String, Object> members = new HashMap<>();
		members.put("issuer", issuer);
		if (jwksUri != null) {
			members.put("jwks_uri", jwksUri);
		}
		if (feed != null) {
			members.put(IssuerMetadata.REVOCATION_FEED_URI, feed);
		}
		return members;
	}

}
