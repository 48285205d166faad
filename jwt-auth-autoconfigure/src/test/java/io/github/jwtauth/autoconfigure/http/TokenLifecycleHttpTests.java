package io.github.jwtauth.autoconfigure.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestApplication.RecordedEvents;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.KeyIds;
import io.github.jwtauth.refresh.RefreshTokens;
import io.github.jwtauth.revocation.TokenRevokedEvent;
import io.github.jwtauth.session.SessionEndReason;
import io.github.jwtauth.session.SessionEndedEvent;
import io.github.jwtauth.session.SessionRefreshedEvent;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.token.AccessTokenIssuedEvent;
import io.github.jwtauth.web.endpoint.LoginFailedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole life of a token over real HTTP: login, rotation, reuse detection, logout,
 * revocation, JWKS and key rotation.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.signing.previous-keys[0].key-id=previous-key",
				"jwt.auth.signing.previous-keys[0].public-key-location=" + TestKeys.PREVIOUS_PUBLIC,
				// these tests fail logins and refreshes on purpose, many times from
				// 127.0.0.1 in one context: thresholds above what they need
				// (ThrottleHttpTests tests the throttle)
				"jwt.auth.throttle.max-failures=100", "jwt.auth.throttle.address-max-failures=1000" })
class TokenLifecycleHttpTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	RecordedEvents events;

	@Autowired
	InMemoryUserDetailsManager users;

	JwtAuthClient http;

	@Autowired
	TestClock clock;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
		// the tokens made here carry the real time; the application's clock stands still
		// from the (cached, shared) context's start: bring it to now
		this.clock.set(Instant.now());
		this.events.clear();
	}

	private JwtAuthClient.Response login(String user) {
		return this.http.postJson("/auth/login", Map.of("username", user, "password", user + "-password"), null);
	}

	private JwtAuthClient.Response refresh(String refreshToken) {
		return this.http.postJson("/auth/refresh", Map.of("refresh_token", refreshToken), null);
	}

	private int me(String accessToken) {
		return this.http.get("/api/me", accessToken).status();
	}

	private static JsonNode claims(String accessToken) {
		return JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
	}

	@Test
	void loginWithJsonAnswersATokenPair() {
		JwtAuthClient.Response response = login("alice");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Cache-Control")).contains("no-store");
		assertThat(response.field("token_type")).isEqualTo("Bearer");
		assertThat(Long.parseLong(response.field("expires_in"))).isEqualTo(600);
		assertThat(Long.parseLong(response.field("refresh_token_expires_in"))).isEqualTo(86400);
		String refreshToken = response.field("refresh_token");
		// the family's tag, a dot, 256 random bits
		assertThat(refreshToken).hasSize(50).matches("[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{43}");
		String accessToken = response.field("access_token");
		JsonNode claims = claims(accessToken);
		assertThat(refreshToken).startsWith(RefreshTokens.familyTag(claims.get("sid").asString()) + ".");
		assertThat(claims.get("sub").asString()).isEqualTo("alice");
		assertThat(claims.get("sid").asString()).isNotBlank();
		assertThat(claims.get("roles").toString()).contains("ROLE_USER").doesNotContain("FACTOR");
		assertThat(accessToken).doesNotContain(refreshToken);
		assertThat(new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8))
			.doesNotContain("password");
		assertThat(me(accessToken)).isEqualTo(200);
		assertThat(this.events.of(AccessTokenIssuedEvent.class)).hasSize(1);
	}

	@Test
	void loginWithForm() {
		JwtAuthClient.Response response = this.http.postForm("/auth/login", "username=alice&password=alice-password",
				null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(me(response.field("access_token"))).isEqualTo(200);
	}

	@Test
	void badCredentialsDoNotRevealWhetherTheUserExists() {
		JwtAuthClient.Response wrongPassword = this.http.postJson("/auth/login",
				Map.of("username", "alice", "password", "nope"), null);
		JwtAuthClient.Response unknownUser = this.http.postJson("/auth/login",
				Map.of("username", "nobody", "password", "nope"), null);
		assertThat(wrongPassword.status()).isEqualTo(401);
		assertThat(wrongPassword.field("error")).isEqualTo("invalid_credentials");
		assertThat(unknownUser.status()).isEqualTo(wrongPassword.status());
		assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
		assertThat(this.events.of(LoginFailedEvent.class)).hasSize(2);
	}

	@Test
	void malformedLoginRequestsGet400() {
		assertThat(this.http.postJson("/auth/login", Map.of("username", "alice"), null).status()).isEqualTo(400);
		JwtAuthClient.Response malformed = this.http.postJson("/auth/login", "{not json", null);
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.field("error")).isEqualTo("invalid_request");
		assertThat(this.http.postJson("/auth/login", "{\"username\":1,\"password\":[]}", null).status()).isEqualTo(400);
	}

	@Test
	void refreshRotatesBothTokens() {
		JwtAuthClient.Response login = login("alice");
		JwtAuthClient.Response refreshed = refresh(login.field("refresh_token"));
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.header("Cache-Control")).contains("no-store");
		assertThat(refreshed.field("refresh_token")).isNotEqualTo(login.field("refresh_token"));
		assertThat(refreshed.field("access_token")).isNotEqualTo(login.field("access_token"));
		assertThat(claims(refreshed.field("access_token")).get("sid").asString())
			.isEqualTo(claims(login.field("access_token")).get("sid").asString());
		assertThat(me(refreshed.field("access_token"))).isEqualTo(200);
		JwtAuthClient.Response viaForm = this.http.postForm("/auth/refresh",
				"grant_type=refresh_token&refresh_token=" + refreshed.field("refresh_token"), null);
		assertThat(viaForm.status()).isEqualTo(200);
		assertThat(this.events.of(SessionRefreshedEvent.class)).hasSize(2);
	}

	@Test
	void reusingASpentRefreshTokenRevokesTheWholeFamily() {
		JwtAuthClient.Response login = login("alice");
		JwtAuthClient.Response other = login("alice");
		String first = login.field("refresh_token");
		JwtAuthClient.Response refreshed = refresh(first);
		assertThat(refreshed.status()).isEqualTo(200);

		JwtAuthClient.Response reuse = refresh(first);
		assertThat(reuse.status()).isEqualTo(400);
		assertThat(reuse.field("error")).isEqualTo("invalid_grant");
		// the whole family is dead: the newest refresh token and its access tokens
		assertThat(refresh(refreshed.field("refresh_token")).field("error")).isEqualTo("invalid_grant");
		assertThat(me(refreshed.field("access_token"))).isEqualTo(401);
		assertThat(me(login.field("access_token"))).isEqualTo(401);
		assertThat(this.events.of(SessionEndedEvent.class))
			.filteredOn((e) -> e.reason() == SessionEndReason.REUSE_DETECTED)
			.hasSize(1);
		// another session of the same user lives on
		assertThat(me(other.field("access_token"))).isEqualTo(200);
		assertThat(refresh(other.field("refresh_token")).status()).isEqualTo(200);
	}

	@Test
	void badRefreshRequestsGetOAuthErrors() {
		assertThat(refresh("not-a-token").field("error")).isEqualTo("invalid_grant");
		assertThat(refresh("A".repeat(43)).field("error")).isEqualTo("invalid_grant");
		assertThat(refresh("AAAAAA." + "A".repeat(43)).field("error")).isEqualTo("invalid_grant");
		assertThat(refresh("AAAAAA" + "A".repeat(44)).field("error")).isEqualTo("invalid_grant");
		JwtAuthClient.Response missing = this.http.postJson("/auth/refresh", "{}", null);
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.field("error")).isEqualTo("invalid_request");
		JwtAuthClient.Response wrongGrant = this.http.postForm("/auth/refresh", "grant_type=password&refresh_token=x",
				null);
		assertThat(wrongGrant.status()).isEqualTo(400);
		assertThat(wrongGrant.field("error")).isEqualTo("unsupported_grant_type");
		assertThat(this.http.postJson("/auth/refresh", "[1]", null).status()).isEqualTo(400);
	}

	@Test
	void logoutKillsTheAccessAndTheRefreshToken() {
		JwtAuthClient.Response login = login("alice");
		String accessToken = login.field("access_token");
		JwtAuthClient.Response logout = this.http.postJson("/auth/logout", "{}", accessToken);
		assertThat(logout.status()).isEqualTo(204);
		assertThat(me(accessToken)).isEqualTo(401);
		assertThat(this.http.get("/api/me", accessToken).header("WWW-Authenticate")).contains("invalid_token");
		JwtAuthClient.Response refresh = refresh(login.field("refresh_token"));
		assertThat(refresh.status()).isEqualTo(400);
		assertThat(refresh.field("error")).isEqualTo("invalid_grant");
		assertThat(this.events.of(TokenRevokedEvent.class)).isNotEmpty();
	}

	@Test
	void bodylessAndOddRequestsGetClearErrorsNever500() {
		String access = login("alice").field("access_token");
		for (String path : List.of("/auth/login", "/auth/refresh", "/auth/revoke")) {
			JwtAuthClient.Response bodyless = this.http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.http.baseUrl() + path))
					.POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
			assertThat(bodyless.status()).as(path).isEqualTo(400);
			assertThat(bodyless.field("error")).as(path).isEqualTo("invalid_request");
			JwtAuthClient.Response text = this.http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.http.baseUrl() + path))
					.header("Content-Type", "text/plain")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello")));
			assertThat(text.status()).as(path).isBetween(400, 415);
			JwtAuthClient.Response emptyJson = this.http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.http.baseUrl() + path))
					.header("Content-Type", "application/json")
					.POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
			assertThat(emptyJson.status()).as(path).isEqualTo(400);
		}
		JwtAuthClient.Response logout = this.http
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.http.baseUrl() + "/auth/logout"))
				.header("Authorization", "Bearer " + access)
				.POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
		assertThat(logout.status()).isEqualTo(204);
		assertThat(me(access)).isEqualTo(401);
	}

	@Test
	void logoutNeedsAToken() {
		assertThat(this.http.postJson("/auth/logout", "{}", null).status()).isEqualTo(401);
	}

	@Test
	void logoutAllKillsEverySessionOfTheUserOnly() {
		// a user of its own: a revoke-all ends every session of the user (and refuses
		// its tokens without sid issued up to the clock skew later)
		this.users.createUser(User.withUsername("erin").password("{noop}erin-password").roles("USER").build());
		JwtAuthClient.Response first = login("erin");
		JwtAuthClient.Response second = login("erin");
		JwtAuthClient.Response admin = login("admin");
		assertThat(this.http.postJson("/auth/logout-all", "{}", first.field("access_token")).status()).isEqualTo(204);
		assertThat(me(first.field("access_token"))).isEqualTo(401);
		assertThat(me(second.field("access_token"))).isEqualTo(401);
		assertThat(refresh(first.field("refresh_token")).status()).isEqualTo(400);
		assertThat(refresh(second.field("refresh_token")).status()).isEqualTo(400);
		assertThat(me(admin.field("access_token"))).isEqualTo(200);
	}

	@Test
	void springSecurityLogoutRevokesTheSessionToo() {
		JwtAuthClient.Response login = login("alice");
		JwtAuthClient.Response logout = this.http.postForm("/logout", "", login.field("access_token"));
		assertThat(logout.status()).isEqualTo(204);
		assertThat(me(login.field("access_token"))).isEqualTo(401);
		assertThat(refresh(login.field("refresh_token")).status()).isEqualTo(400);
	}

	@Test
	void revocationEndpointFollowsRfc7009() {
		JwtAuthClient.Response login = login("alice");
		// a refresh token: its session dies
		JwtAuthClient.Response revoke = this.http.postForm("/auth/revoke",
				"token=" + login.field("refresh_token") + "&token_type_hint=refresh_token", null);
		assertThat(revoke.status()).isEqualTo(200);
		assertThat(refresh(login.field("refresh_token")).status()).isEqualTo(400);
		assertThat(me(login.field("access_token"))).isEqualTo(401);
		// an unknown token: 200 all the same
		assertThat(this.http.postForm("/auth/revoke", "token=unknown", null).status()).isEqualTo(200);
		// an access token
		JwtAuthClient.Response second = login("alice");
		assertThat(this.http.postForm("/auth/revoke", "token=" + second.field("access_token"), null).status())
			.isEqualTo(200);
		assertThat(me(second.field("access_token"))).isEqualTo(401);
		// missing token parameter
		assertThat(this.http.postForm("/auth/revoke", "", null).field("error")).isEqualTo("invalid_request");
	}

	@Test
	void nobodyCanRevokeAnotherUsersTokens() {
		JwtAuthClient.Response alice = login("alice");
		JwtAuthClient.Response bob = login("bob");
		assertThat(
				this.http.postForm("/auth/revoke", "token=" + bob.field("refresh_token"), alice.field("access_token"))
					.status())
			.isEqualTo(200);
		assertThat(this.http.postForm("/auth/revoke", "token=" + bob.field("access_token"), alice.field("access_token"))
			.status()).isEqualTo(200);
		assertThat(me(bob.field("access_token"))).isEqualTo(200);
		assertThat(refresh(bob.field("refresh_token")).status()).isEqualTo(200);
		// and logout with someone else's refresh token does not touch it
		JwtAuthClient.Response bob2 = login("bob");
		this.http.postJson("/auth/logout", Map.of("refresh_token", bob2.field("refresh_token")),
				alice.field("access_token"));
		assertThat(refresh(bob2.field("refresh_token")).status()).isEqualTo(200);
	}

	@Test
	void refreshLoadsTheUserAgain() {
		this.users.createUser(User.withUsername("carol").password("{noop}carol-password").roles("USER").build());
		try {
			JwtAuthClient.Response login = login("carol");
			this.users
				.updateUser(User.withUsername("carol").password("{noop}carol-password").roles("USER", "ADMIN").build());
			JwtAuthClient.Response promoted = refresh(login.field("refresh_token"));
			assertThat(promoted.status()).isEqualTo(200);
			assertThat(this.http.get("/api/admin", promoted.field("access_token")).status()).isEqualTo(200);

			this.users.updateUser(
					User.withUsername("carol").password("{noop}carol-password").roles("USER").disabled(true).build());
			JwtAuthClient.Response disabled = refresh(promoted.field("refresh_token"));
			assertThat(disabled.status()).isEqualTo(400);
			assertThat(disabled.field("error")).isEqualTo("invalid_grant");
			assertThat(me(promoted.field("access_token"))).isEqualTo(401);

			this.users.updateUser(User.withUsername("carol").password("{noop}carol-password").roles("USER").build());
			JwtAuthClient.Response again = login("carol");
			this.users.updateUser(User.withUsername("carol")
				.password("{noop}carol-password")
				.roles("USER")
				.accountLocked(true)
				.build());
			assertThat(refresh(again.field("refresh_token")).field("error")).isEqualTo("invalid_grant");

			this.users.updateUser(User.withUsername("carol").password("{noop}carol-password").roles("USER").build());
			JwtAuthClient.Response last = login("carol");
			this.users.deleteUser("carol");
			assertThat(refresh(last.field("refresh_token")).field("error")).isEqualTo("invalid_grant");
		}
		finally {
			if (this.users.userExists("carol")) {
				this.users.deleteUser("carol");
			}
		}
	}

	@Test
	void ofManyConcurrentRefreshesOfOneTokenExactlyOneWins() throws Exception {
		String refreshToken = login("alice").field("refresh_token");
		int threads = 24;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return refresh(refreshToken).status();
				}));
			}
			start.countDown();
			int ok = 0;
			int invalidGrant = 0;
			for (Future<Integer> result : results) {
				int status = result.get(30, TimeUnit.SECONDS);
				if (status == 200) {
					ok++;
				}
				else if (status == 400) {
					invalidGrant++;
				}
			}
			assertThat(ok).isEqualTo(1);
			assertThat(invalidGrant).isEqualTo(threads - 1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void jwksPublishesPublicKeysOnly() {
		JwtAuthClient.Response jwks = this.http.get("/.well-known/jwks.json", null);
		assertThat(jwks.status()).isEqualTo(200);
		assertThat(jwks.header("Cache-Control")).contains("max-age=300");
		JsonNode keys = JSON.readTree(jwks.body()).get("keys");
		assertThat(keys.size()).isEqualTo(2);
		List<String> kids = new ArrayList<>();
		for (JsonNode key : keys) {
			kids.add(key.get("kid").asString());
			assertThat(key.get("kty").asString()).isEqualTo("RSA");
			for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k")) {
				assertThat(key.has(privatePart)).as(privatePart).isFalse();
			}
		}
		assertThat(kids).containsExactly(TestKeys.rsaKeyId(), "previous-key");
	}

	@Test
	void tokensOfThePreviousKeyStillVerifyByKid() {
		RSAKey previous = TestKeys.previous();
		String byPrevious = TestJwts.sign(previous, TestJwts.header(JWSAlgorithm.RS256, "previous-key").build(),
				TestJwts.claims("alice", Instant.now()).build());
		assertThat(me(byPrevious)).isEqualTo(200);
		String wrongKid = TestJwts.sign(previous, TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build(),
				TestJwts.claims("alice", Instant.now()).build());
		assertThat(me(wrongKid)).isEqualTo(401);
		// with two keys, a token without kid is refused: no guessing
		String noKid = TestJwts.sign(TestKeys.rsa(),
				new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.RS256)
					.type(new com.nimbusds.jose.JOSEObjectType("at+jwt"))
					.build(),
				TestJwts.claims("alice", Instant.now()).build());
		assertThat(me(noKid)).isEqualTo(401);
		// new tokens are signed with the active key
		assertThat(claims(login("alice").field("access_token"))).isNotNull();
		assertThat(KeyIds.forRsa(TestKeys.rsa())).isEqualTo(TestKeys.rsaKeyId());
	}

}
