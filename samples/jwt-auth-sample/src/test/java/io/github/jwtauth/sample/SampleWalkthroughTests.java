package io.github.jwtauth.sample;

import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walk-through of the README and the demo page, over real HTTP: login, API calls,
 * refresh-token rotation, reuse detection and logout.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
class SampleWalkthroughTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private TestRestTemplate rest;

	@Test
	void demoPageIsServedWithoutToken() {
		ResponseEntity<String> page = this.rest.getForEntity("/", String.class);
		assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
		assertThat(page.getBody()).contains("jwt-auth live demo").contains("app.js").contains("app.css");
		for (String path : List.of("/index.html", "/app.js", "/app.css")) {
			assertThat(this.rest.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
		}
		assertThat(this.rest.getForEntity("/api/public", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void apiNeedsTokenAndRole() {
		assertThat(get("/api/me", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(get("/api/me", null).getBody()).containsEntry("error", "unauthorized");

		Map<String, Object> alice = login("alice", "alice-password");
		assertThat(alice).containsEntry("token_type", "Bearer").containsKeys("expires_in", "refresh_token",
				"refresh_token_expires_in");
		ResponseEntity<Map<String, Object>> me = get("/api/me", accessToken(alice));
		assertThat(me.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(me.getBody()).containsEntry("subject", "alice").containsKey("expiresAt");
		ResponseEntity<Map<String, Object>> forbidden = get("/api/admin", accessToken(alice));
		assertThat(forbidden.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(forbidden.getBody()).containsEntry("error", "insufficient_scope");

		Map<String, Object> admin = login("admin", "admin-password");
		ResponseEntity<Map<String, Object>> allowed = get("/api/admin", accessToken(admin));
		assertThat(allowed.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(allowed.getBody()).containsEntry("message", "Hello admin admin");

		ResponseEntity<Map<String, Object>> badLogin = post("/auth/login",
				Map.of("username", "alice", "password", "wrong"), null);
		assertThat(badLogin.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(badLogin.getBody()).doesNotContainKey("access_token");
	}

	@Test
	void refreshRotatesAndReuseRevokesTheFamily() {
		Map<String, Object> first = login("alice", "alice-password");
		String oldRefresh = refreshToken(first);

		ResponseEntity<Map<String, Object>> refreshed = refresh(oldRefresh);
		assertThat(refreshed.getStatusCode()).isEqualTo(HttpStatus.OK);
		String newAccess = accessToken(refreshed.getBody());
		String newRefresh = refreshToken(refreshed.getBody());
		assertThat(newRefresh).isNotEqualTo(oldRefresh);
		assertThat(newAccess).isNotEqualTo(accessToken(first));
		assertThat(get("/api/me", newAccess).getStatusCode()).isEqualTo(HttpStatus.OK);

		// The spent refresh token again: refused, and the whole family is revoked.
		ResponseEntity<Map<String, Object>> reuse = refresh(oldRefresh);
		assertThat(reuse.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(reuse.getBody()).containsEntry("error", "invalid_grant");
		ResponseEntity<Map<String, Object>> afterReuse = get("/api/me", newAccess);
		assertThat(afterReuse.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(afterReuse.getBody()).containsEntry("error", "invalid_token");
		assertThat(refresh(newRefresh).getBody()).containsEntry("error", "invalid_grant");
	}

	@Test
	void logoutRevokesBothTokens() {
		Map<String, Object> tokens = login("alice", "alice-password");
		String access = accessToken(tokens);
		String refresh = refreshToken(tokens);
		assertThat(get("/api/me", access).getStatusCode()).isEqualTo(HttpStatus.OK);

		ResponseEntity<Map<String, Object>> logout = post("/auth/logout", Map.of("refresh_token", refresh), access);
		assertThat(logout.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

		ResponseEntity<Map<String, Object>> me = get("/api/me", access);
		assertThat(me.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(me.getBody()).containsEntry("error", "invalid_token");
		ResponseEntity<Map<String, Object>> again = refresh(refresh);
		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(again.getBody()).containsEntry("error", "invalid_grant");
	}

	@Test
	void publishesJwkSetWithoutPrivateParts() {
		ResponseEntity<Map<String, Object>> jwks = get("/.well-known/jwks.json", null);
		assertThat(jwks.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(jwks.getBody().get("keys")).asInstanceOf(InstanceOfAssertFactories.list(Map.class))
			.isNotEmpty()
			.allSatisfy((key) -> assertThat(key).containsEntry("kty", "RSA").doesNotContainKeys("d", "p", "q"));
	}

	private Map<String, Object> login(String username, String password) {
		ResponseEntity<Map<String, Object>> response = post("/auth/login",
				Map.of("username", username, "password", password), null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	private ResponseEntity<Map<String, Object>> refresh(String refreshToken) {
		return post("/auth/refresh", Map.of("refresh_token", refreshToken), null);
	}

	private ResponseEntity<Map<String, Object>> get(String path, String token) {
		return this.rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(token)), JSON);
	}

	private ResponseEntity<Map<String, Object>> post(String path, Map<String, String> body, String token) {
		HttpHeaders headers = headers(token);
		headers.setContentType(MediaType.APPLICATION_JSON);
		return this.rest.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JSON);
	}

	private static HttpHeaders headers(String token) {
		HttpHeaders headers = new HttpHeaders();
		headers.setAccept(List.of(MediaType.APPLICATION_JSON));
		if (token != null) {
			headers.setBearerAuth(token);
		}
		return headers;
	}

	private static String accessToken(Map<String, Object> tokens) {
		return (String) tokens.get("access_token");
	}

	private static String refreshToken(Map<String, Object> tokens) {
		return (String) tokens.get("refresh_token");
	}

}
