package io.github.jwtauth.autoconfigure.http;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Token introspection (RFC 7662) over real HTTP: only configured clients with HTTP Basic
 * credentials (401 {@code invalid_client} otherwise), {@code active: true} with the
 * token's claims for a good access token, only {@code active: false} for anything else,
 * and the endpoint announced in the authorization-server metadata.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
				"jwt.auth.issuer=" + IntrospectionHttpTests.ISSUER, "jwt.auth.audiences=api" })
class IntrospectionHttpTests {

	static final String ISSUER = "https://issuer.example.com";

	static final String PATH = "/auth/introspect";

	/**
	 * A client ID with characters that client_secret_basic form-encodes.
	 */
	static final String GATEWAY = "api gateway:1";

	/**
	 * A secret with characters that client_secret_basic form-encodes.
	 */
	static final String GATEWAY_SECRET = "Gx7+Kp/2=Lm9%Qr4&Tw8Zy3Nb6Vc1Hd5Fj0";

	static final String REPORTING = "reporting";

	static final String REPORTING_SECRET = "r3P0rt1ng-s3cr3t-Xq8Wv2Lk7Mj4Hn9Bc";

	@DynamicPropertySource
	static void clients(DynamicPropertyRegistry registry) {
		registry.add("jwt.auth.introspection.clients[0].client-id", () -> GATEWAY);
		registry.add("jwt.auth.introspection.clients[0].client-secret", () -> GATEWAY_SECRET);
		// a hashed secret
		registry.add("jwt.auth.introspection.clients[1].client-id", () -> REPORTING);
		registry.add("jwt.auth.introspection.clients[1].client-secret",
				() -> "{bcrypt}" + new BCryptPasswordEncoder(4).encode(REPORTING_SECRET));
	}

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
	}

	static String basic(String id, String secret) {
		String credentials = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(secret, StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private JwtAuthClient.Response introspect(@Nullable String authorization, String form) {
		HttpRequest.Builder request = this.http.request(PATH)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request);
	}

	private JwtAuthClient.Response introspect(String token) {
		return introspect(basic(GATEWAY, GATEWAY_SECRET), "token=" + encode(token));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static void assertInactive(JwtAuthClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json()).containsExactly(entry("active", false));
		assertNoStoreJson(response);
	}

	private static void assertNoStoreJson(JwtAuthClient.Response response) {
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
	}

	private static void assertInvalidClient(JwtAuthClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate"))
			.isEqualTo("Basic realm=\"jwt-auth introspection\", charset=\"UTF-8\"");
		assertThat(response.field("error")).isEqualTo("invalid_client");
		assertNoStoreJson(response);
		assertThat(response.body()).doesNotContain("active");
	}

	@Test
	void aFreshAccessTokenIsActiveWithItsClaims() {
		String token = this.http.login("alice", "alice-password").accessToken();
		JwtAuthClient.Response response = introspect(token);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertNoStoreJson(response);
		assertThat(response.header("Pragma")).isEqualTo("no-cache");
		Map<String, Object> body = response.json();
		assertThat(body).containsEntry("active", true)
			.containsEntry("token_type", "Bearer")
			.containsEntry("iss", ISSUER)
			.containsEntry("sub", "alice")
			.containsEntry("aud", "api")
			.containsEntry("roles", List.of("ROLE_USER"))
			.containsOnlyKeys("active", "token_type", "iss", "sub", "aud", "iat", "nbf", "exp", "jti", "roles", "sid");
		long iat = ((Number) body.get("iat")).longValue();
		assertThat(((Number) body.get("exp")).longValue()).isEqualTo(iat + 600);
		assertThat(((Number) body.get("nbf")).longValue()).isEqualTo(iat);
		assertThat(iat).isEqualTo(this.clock.instant().getEpochSecond());
		// the hint changes nothing, and the hashed secret of another client works too
		JwtAuthClient.Response hinted = introspect(basic(REPORTING, REPORTING_SECRET),
				"token=" + token + "&token_type_hint=access_token");
		assertThat(hinted.json()).isEqualTo(body);
	}

	@Test
	void noWrongOrUnknownCredentialsAre401() {
		String token = this.http.login("alice", "alice-password").accessToken();
		String form = "token=" + token;
		assertInvalidClient(introspect(null, form));
		assertInvalidClient(introspect(basic(GATEWAY, GATEWAY_SECRET + "x"), form));
		assertInvalidClient(introspect(basic(GATEWAY, GATEWAY_SECRET.substring(1)), form));
		assertInvalidClient(introspect(basic("unknown", GATEWAY_SECRET), form));
		assertInvalidClient(introspect(basic(REPORTING, GATEWAY_SECRET), form));
		// the bcrypt client with a secret longer than bcrypt reads: refused, not a 500
		assertInvalidClient(introspect(basic(REPORTING, REPORTING_SECRET + "x".repeat(100)), form));
		// the ID and secret without their form-encoding (RFC 6749 §2.3.1)
		String raw = GATEWAY + ":" + GATEWAY_SECRET;
		assertInvalidClient(
				introspect("Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)), form));
		assertInvalidClient(introspect("Basic not base64!", form));
		assertInvalidClient(introspect("Basic", form));
		// a user's password is no client credential, and an access token is none either
		assertInvalidClient(introspect(basic("alice", "alice-password"), form));
		assertInvalidClient(introspect("Bearer " + token, form));
		// two Authorization headers, even good ones
		assertInvalidClient(this.http.send(this.http.request(PATH)
			.header("Authorization", basic(GATEWAY, GATEWAY_SECRET))
			.header("Authorization", basic(GATEWAY, GATEWAY_SECRET))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))));
		// no credentials and no token: still 401, the caller learns nothing
		assertInvalidClient(introspect(null, ""));
	}

	@Test
	void aClientSecretInTheFormBodyIsNotAccepted() {
		String token = this.http.login("alice", "alice-password").accessToken();
		// client_secret_post (RFC 6749 §2.3.1): the right ID and secret, but only
		// client_secret_basic is supported
		assertInvalidClient(introspect(null, "token=" + encode(token) + "&client_id=" + encode(GATEWAY)
				+ "&client_secret=" + encode(GATEWAY_SECRET)));
		assertInvalidClient(introspect(null, "client_id=" + encode(REPORTING) + "&client_secret="
				+ encode(REPORTING_SECRET) + "&token=" + encode(token)));
		// the same client over client_secret_basic is accepted
		assertThat(introspect(token).json()).containsEntry("active", true);
	}

	@Test
	void anExpiredTokenIsInactive() {
		String token = this.http.login("alice", "alice-password").accessToken();
		assertThat(introspect(token).json()).containsEntry("active", true);
		// the ten-minute lifetime and the 30-second skew
		this.clock.advance(Duration.ofMinutes(10).plusSeconds(31));
		try {
			assertInactive(introspect(token));
		}
		finally {
			this.clock.advance(Duration.ofMinutes(10).plusSeconds(31).negated());
		}
	}

	@Test
	void aTokenNotValidYetIsInactive() {
		Instant now = this.clock.instant();
		String later = sign(claims(now.plusSeconds(120)).build());
		assertInactive(introspect(later));
		// the same token now is good: only nbf and iat made the difference
		assertThat(introspect(sign(claims(now).build())).json()).containsEntry("active", true);
	}

	private static JWTClaimsSet.Builder claims(Instant at) {
		return TestJwts.claims("alice", at).issuer(ISSUER).audience("api");
	}

	private static String sign(JWTClaimsSet claims) {
		return TestJwts.sign(TestKeys.rsa(), TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build(), claims);
	}

	@Test
	void aRevokedTokenIsInactive() {
		JwtAuthClient.Response login = this.http.login("alice", "alice-password");
		assertThat(introspect(login.accessToken()).json()).containsEntry("active", true);
		assertThat(this.http.logout(login.accessToken()).status()).isEqualTo(204);
		assertInactive(introspect(login.accessToken()));
		String other = this.http.login("alice", "alice-password").accessToken();
		assertThat(this.http.revoke(other).status()).isEqualTo(200);
		assertInactive(introspect(other));
	}

	@Test
	void garbageAnotherIssuersTamperedTooLongAndEmptyTokensAreInactive() {
		String token = this.http.login("alice", "alice-password").accessToken();
		assertInactive(introspect("not-a-token"));
		assertInactive(introspect(basic(GATEWAY, GATEWAY_SECRET), "token="));
		assertInactive(introspect("a".repeat(9000)));
		// another issuer with the same key, and a key this issuer does not trust
		assertInactive(introspect(sign(claims(this.clock.instant()).issuer("https://other.example.com").build())));
		assertInactive(introspect(
				TestJwts.sign(TestKeys.previous(), TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build(),
						claims(this.clock.instant()).build())));
		// another audience
		assertInactive(introspect(sign(claims(this.clock.instant()).audience("other").build())));
		// a changed signature, and a changed payload
		int lastDot = token.lastIndexOf('.');
		char last = token.charAt(token.length() - 2);
		String tampered = token.substring(0, token.length() - 2) + ((last == 'A') ? 'B' : 'A')
				+ token.charAt(token.length() - 1);
		assertInactive(introspect(tampered));
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replace("\"alice\"", "\"admin\"");
		assertInactive(introspect(parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
				+ token.substring(lastDot)));
		// the revocation feed is signed by the same key, but it is no access token
		String feed = this.http.get("/auth/revocations", null).body();
		assertThat(feed.split("\\.")).hasSize(3);
		assertInactive(introspect(feed));
		// the original is still good
		assertThat(introspect(token).json()).containsEntry("active", true);
	}

	@Test
	void refreshTokensAreInactive() {
		String refreshToken = this.http.login("alice", "alice-password").refreshToken();
		assertInactive(introspect(refreshToken));
		assertInactive(introspect(basic(GATEWAY, GATEWAY_SECRET),
				"token=" + encode(refreshToken) + "&token_type_hint=refresh_token"));
		// and introspection spent nothing
		assertThat(this.http.refresh(refreshToken).status()).isEqualTo(200);
	}

	@Test
	void aDPoPBoundTokenIsActiveAsDPoPWithItsConfirmation() {
		DPoPKey key = DPoPKey.es256().clock(this.clock);
		JwtAuthClient.Response login = this.http.send(this.http.request("/auth/login")
			.header("Content-Type", "application/json")
			.header("DPoP", key.proof("POST", this.http.baseUrl() + "/auth/login"))
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}")));
		assertThat(login.field("token_type")).isEqualTo("DPoP");
		JwtAuthClient.Response response = introspect(login.accessToken());
		assertThat(response.json()).containsEntry("active", true)
			.containsEntry("token_type", "DPoP")
			.containsEntry("cnf", Map.of("jkt", key.thumbprint()));
	}

	@Test
	void malformedRequestsAre400AfterTheClientIsKnown() {
		String credentials = basic(GATEWAY, GATEWAY_SECRET);
		JwtAuthClient.Response missing = introspect(credentials, "token_type_hint=access_token");
		assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
		assertThat(missing.field("error")).isEqualTo("invalid_request");
		assertNoStoreJson(missing);
		assertThat(introspect(credentials, "token=a&token=b").status()).isEqualTo(400);
		JwtAuthClient.Response json = this.http.send(this.http.request(PATH)
			.header("Authorization", credentials)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"abc\"}")));
		assertThat(json.status()).as(json.toString()).isEqualTo(400);
		assertThat(json.field("error")).isEqualTo("invalid_request");
		// the checks of every token endpoint: the token never in the query, POST only,
		// a form or JSON body only
		assertThat(this.http
			.send(this.http.request(PATH + "?token=abc")
				.header("Authorization", credentials)
				.POST(HttpRequest.BodyPublishers.noBody()))
			.status()).isEqualTo(400);
		JwtAuthClient.Response get = this.http.send(this.http.request(PATH).header("Authorization", credentials).GET());
		assertThat(get.status()).isEqualTo(405);
		assertThat(this.http
			.send(this.http.request(PATH)
				.header("Authorization", credentials)
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString("token=abc")))
			.status()).isEqualTo(415);
		assertThat(introspect(credentials, "token=%zz").status()).isEqualTo(400);
	}

	@Test
	void plainHttpFromElsewhereIsRefusedBeforeAnythingIsRead() {
		String token = this.http.login("alice", "alice-password").accessToken();
		// through a proxy whose forwarding headers nobody processes: not local
		for (boolean withCredentials : new boolean[] { true, false }) {
			HttpRequest.Builder request = this.http.request(PATH)
				.header("X-Forwarded-For", "203.0.113.9")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("token=" + token));
			if (withCredentials) {
				request.header("Authorization", basic(GATEWAY, GATEWAY_SECRET));
			}
			JwtAuthClient.Response response = this.http.send(request);
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.field("error_description")).isEqualTo("HTTPS is required");
			assertThat(response.body()).doesNotContain("active");
		}
	}

	@Test
	void theMetadataAnnouncesTheEndpoint() {
		Map<String, Object> metadata = this.http.get("/.well-known/oauth-authorization-server", null).json();
		assertThat(metadata).containsEntry("introspection_endpoint", ISSUER + PATH)
			.containsEntry("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic"));
	}

}
