package io.github.jwtauth.sample;

import java.util.List;
import java.util.Map;

import io.github.jwtauth.test.web.JwtAuthClient;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walk-through of the samples' README and the demo page, over real HTTP with
 * jwt-auth-test's {@link JwtAuthClient}: login, API calls, refresh-token rotation, reuse
 * detection and logout.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleWalkthroughTests {

	@LocalServerPort
	int port;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
	}

	@Test
	void demoPageIsServedWithoutToken() {
		JwtAuthClient.Response page = this.http.get("/", null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("jwt-auth live demo").contains("app.js").contains("app.css");
		for (String path : List.of("/index.html", "/app.js", "/app.css", "/api/public")) {
			assertThat(this.http.get(path, null).status()).as(path).isEqualTo(200);
		}
	}

	@Test
	void apiNeedsTokenAndRole() {
		JwtAuthClient.Response anonymous = this.http.get("/api/me", null);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.field("error")).isEqualTo("unauthorized");

		JwtAuthClient.Response alice = this.http.login("alice", "alice-password");
		assertThat(alice.json()).containsEntry("token_type", "Bearer")
			.containsKeys("expires_in", "refresh_token", "refresh_token_expires_in");
		JwtAuthClient.Response me = this.http.get("/api/me", alice.accessToken());
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json()).containsEntry("subject", "alice").containsKey("expiresAt");
		JwtAuthClient.Response forbidden = this.http.get("/api/admin", alice.accessToken());
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.field("error")).isEqualTo("insufficient_scope");

		JwtAuthClient.Response admin = this.http.login("admin", "admin-password");
		JwtAuthClient.Response allowed = this.http.get("/api/admin", admin.accessToken());
		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.field("message")).isEqualTo("Hello admin admin");

		JwtAuthClient.Response badLogin = this.http.login("alice", "wrong");
		assertThat(badLogin.status()).isEqualTo(401);
		assertThat(badLogin.json()).doesNotContainKey("access_token");
	}

	@Test
	void refreshRotatesAndReuseRevokesTheFamily() {
		JwtAuthClient.Response first = this.http.login("alice", "alice-password");
		String oldRefresh = first.refreshToken();

		JwtAuthClient.Response refreshed = this.http.refresh(oldRefresh);
		assertThat(refreshed.status()).isEqualTo(200);
		String newAccess = refreshed.accessToken();
		String newRefresh = refreshed.refreshToken();
		assertThat(newRefresh).isNotEqualTo(oldRefresh);
		assertThat(newAccess).isNotEqualTo(first.accessToken());
		assertThat(this.http.get("/api/me", newAccess).status()).isEqualTo(200);

		// The spent refresh token again: refused, and the whole family is revoked.
		JwtAuthClient.Response reuse = this.http.refresh(oldRefresh);
		assertThat(reuse.status()).isEqualTo(400);
		assertThat(reuse.field("error")).isEqualTo("invalid_grant");
		JwtAuthClient.Response afterReuse = this.http.get("/api/me", newAccess);
		assertThat(afterReuse.status()).isEqualTo(401);
		assertThat(afterReuse.field("error")).isEqualTo("invalid_token");
		assertThat(this.http.refresh(newRefresh).field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void logoutRevokesBothTokens() {
		JwtAuthClient.Response tokens = this.http.login("alice", "alice-password");
		String access = tokens.accessToken();
		String refresh = tokens.refreshToken();
		assertThat(this.http.get("/api/me", access).status()).isEqualTo(200);

		JwtAuthClient.Response logout = this.http.postJson("/auth/logout", Map.of("refresh_token", refresh), access);
		assertThat(logout.status()).isEqualTo(204);

		JwtAuthClient.Response me = this.http.get("/api/me", access);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.field("error")).isEqualTo("invalid_token");
		JwtAuthClient.Response again = this.http.refresh(refresh);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void publishesJwkSetWithoutPrivateParts() {
		JwtAuthClient.Response jwks = this.http.get("/.well-known/jwks.json", null);
		assertThat(jwks.status()).isEqualTo(200);
		assertThat(jwks.json().get("keys")).asInstanceOf(InstanceOfAssertFactories.list(Map.class))
			.isNotEmpty()
			.allSatisfy((key) -> assertThat(key).containsEntry("kty", "RSA").doesNotContainKeys("d", "p", "q"));
	}

}
