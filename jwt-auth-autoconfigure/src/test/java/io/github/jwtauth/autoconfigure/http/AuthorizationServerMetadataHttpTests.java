package io.github.jwtauth.autoconfigure.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Over real HTTP, an issuer whose {@code jwt.auth.issuer} is an https URL serves its
 * authorization-server metadata (RFC 8414) at
 * {@code /.well-known/oauth-authorization-server} without a token: JSON, publicly
 * cacheable, built from the issuer and not from the request (the test server runs on
 * {@code 127.0.0.1}, the metadata names {@code https://issuer.example.com}), and every
 * endpoint it announces answers at its path.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
				"jwt.auth.issuer=https://issuer.example.com", "jwt.auth.audiences=api" })
class AuthorizationServerMetadataHttpTests {

	private static final String PATH = "/.well-known/oauth-authorization-server";

	@LocalServerPort
	int port;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
	}

	@Test
	void theMetadataDescribesTheIssuerWithoutAToken() {
		JwtAuthClient.Response response = this.http.get(PATH, null);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.header("Cache-Control")).isEqualTo("max-age=3600, public");
		assertThat(response.json()).containsExactly(entry("issuer", "https://issuer.example.com"),
				entry("jwks_uri", "https://issuer.example.com/.well-known/jwks.json"),
				entry("token_endpoint", "https://issuer.example.com/auth/refresh"),
				entry("grant_types_supported", List.of("refresh_token")),
				entry("token_endpoint_auth_methods_supported", List.of("none")),
				entry("revocation_endpoint", "https://issuer.example.com/auth/revoke"),
				entry("revocation_endpoint_auth_methods_supported", List.of("none")),
				entry("dpop_signing_alg_values_supported",
						List.of("ES256", "ES384", "ES512", "EdDSA", "RS256", "PS256")),
				entry("jwt_auth_revocation_feed_uri", "https://issuer.example.com/auth/revocations"));
		// no authorization endpoint, so no response types (RFC 8414 §3.2 omits empty
		// arrays); no introspection endpoint without introspection clients
		assertThat(response.json()).doesNotContainKeys("response_types_supported", "authorization_endpoint",
				"introspection_endpoint");
	}

	@Test
	void everyAnnouncedEndpointAnswersAtItsPath() {
		Map<String, Object> metadata = this.http.get(PATH, null).json();
		JwtAuthClient.Response login = this.http.login("alice", "alice-password");
		// the token endpoint takes an RFC 6749 §6 refresh request
		JwtAuthClient.Response refreshed = this.http.postForm(path(metadata, "token_endpoint"),
				Map.of("grant_type", "refresh_token", "refresh_token", login.refreshToken()), null);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		assertThat(refreshed.field("token_type")).isEqualTo("Bearer");
		JwtAuthClient.Response otherGrant = this.http.postForm(path(metadata, "token_endpoint"),
				Map.of("grant_type", "password", "username", "alice", "password", "alice-password"), null);
		assertThat(otherGrant.status()).isEqualTo(400);
		assertThat(otherGrant.field("error")).isEqualTo("unsupported_grant_type");
		// the JWK Set and the feed
		assertThat(this.http.get(path(metadata, "jwks_uri"), null).json()).containsKey("keys");
		assertThat(this.http.get(path(metadata, "jwt_auth_revocation_feed_uri"), null).status()).isEqualTo(200);
		// RFC 7009 revocation, without client authentication
		String accessToken = refreshed.accessToken();
		assertThat(this.http.get("/api/me", accessToken).status()).isEqualTo(200);
		JwtAuthClient.Response revoked = this.http.postForm(path(metadata, "revocation_endpoint"),
				Map.of("token", accessToken), null);
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(this.http.get("/api/me", accessToken).status()).isEqualTo(401);
	}

	@Test
	void onlyThePathOfTheIssuerServesIt() {
		String accessToken = this.http.login("alice", "alice-password").accessToken();
		// not open without a token
		assertThat(this.http.get(PATH + "/other", null).status()).isEqualTo(401);
		assertThat(this.http.get(PATH + "/", null).status()).isEqualTo(401);
		// and nothing there with one
		assertThat(this.http.get(PATH + "/other", accessToken).status()).isEqualTo(404);
		// other methods are not open either
		assertThat(this.http.postJson(PATH, Map.of(), null).status()).isEqualTo(401);
	}

	@Test
	void theRequestsHostChangesNothing() throws IOException {
		String direct = this.http.get(PATH, null).body();
		String forged = rawGet(PATH, "Host: attacker.example", "X-Forwarded-Host: attacker.example",
				"X-Forwarded-Proto: http", "Forwarded: host=attacker.example;proto=http");
		assertThat(forged).startsWith("HTTP/1.1 200").doesNotContain("attacker.example").endsWith(direct);
	}

	private static String path(Map<String, Object> metadata, String member) {
		String url = (String) metadata.get(member);
		assertThat(url).as(member).startsWith("https://issuer.example.com/");
		return URI.create(url).getRawPath();
	}

	private String rawGet(String path, String... headers) throws IOException {
		StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.0\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		// HTTP/1.0: the body is not chunked, the connection closes after it
		request.append("\r\n");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			in.transferTo(answer);
			return answer.toString(StandardCharsets.UTF_8);
		}
	}

}
