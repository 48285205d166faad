package io.github.jwtauth.sample;

import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's health endpoint over real HTTP: its status for anyone (probes), its
 * details only for an authenticated admin.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ActuatorHealthTests {

	@LocalServerPort
	int port;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
	}

	@Test
	void anonymousCallersGetTheStatusOnly() {
		JwtAuthClient.Response health = this.http.get("/actuator/health", null);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json()).containsKey("status").doesNotContainKeys("components", "details");
		assertThat(health.body()).doesNotContain("jwtAuthStore");
		// a component's own path tells nothing either
		assertThat(this.http.get("/actuator/health/jwtAuthStore", null).status()).isEqualTo(404);
	}

	@Test
	void authenticatedUsersWithoutTheAdminRoleGetTheStatusOnly() {
		String alice = this.http.login("alice", "alice-password").accessToken();
		JwtAuthClient.Response health = this.http.get("/actuator/health", alice);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json()).containsKey("status").doesNotContainKeys("components", "details");
		assertThat(health.body()).doesNotContain("jwtAuthStore");
		assertThat(this.http.get("/actuator/health/jwtAuthStore", alice).status()).isEqualTo(404);
	}

	@Test
	void anAdminGetsTheDetails() {
		String admin = this.http.login("admin", "admin-password").accessToken();
		JwtAuthClient.Response health = this.http.get("/actuator/health", admin);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json()).containsKeys("status", "components");
		assertThat(health.body()).contains("jwtAuthStore");
		assertThat(this.http.get("/actuator/health/jwtAuthStore", admin).status()).isEqualTo(200);
	}

	@Test
	void aBadTokenIsRefusedEvenOnTheOpenHealthPath() {
		JwtAuthClient.Response health = this.http.get("/actuator/health", "not-a-token");
		assertThat(health.status()).isEqualTo(401);
		assertThat(health.body()).doesNotContain("components");
	}

	@Test
	void otherActuatorPathsAreNotOpen() {
		assertThat(this.http.get("/actuator", null).status()).isEqualTo(401);
		assertThat(this.http.get("/actuator/env", null).status()).isEqualTo(401);
		String alice = this.http.login("alice", "alice-password").accessToken();
		assertThat(this.http.get("/actuator/env", alice).status()).isEqualTo(404);
	}

}
