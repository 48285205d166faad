package io.github.jwtauth.autoconfigure.http;

import java.time.Duration;
import java.util.Map;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationSynchronizer;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idle and absolute refresh-token expiry, access-token expiry and the expiry of
 * revocation entries, driven by the injected {@link TestClock}.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET, TestKeys.ISSUER, TestKeys.AUDIENCES,
				"jwt.auth.refresh-token.ttl=1h", "jwt.auth.refresh-token.max-lifetime=3h",
				"jwt.auth.access-token.ttl=5m" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class RefreshExpiryHttpTests {

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	@Autowired
	RevocationRegistry registry;

	@Autowired
	RevocationSynchronizer synchronizer;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
	}

	private JwtAuthClient.Response login() {
		return this.http.postJson("/auth/login", Map.of("username", "alice", "password", "alice-password"), null);
	}

	private JwtAuthClient.Response refresh(String refreshToken) {
		return this.http.postJson("/auth/refresh", Map.of("refresh_token", refreshToken), null);
	}

	@Test
	void refreshTokenExpiresWhenIdle() {
		JwtAuthClient.Response login = login();
		this.clock.advance(Duration.ofMinutes(59));
		JwtAuthClient.Response refreshed = refresh(login.field("refresh_token"));
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(Long.parseLong(refreshed.field("refresh_token_expires_in"))).isEqualTo(3600);
		this.clock.advance(Duration.ofMinutes(61));
		JwtAuthClient.Response idle = refresh(refreshed.field("refresh_token"));
		assertThat(idle.status()).isEqualTo(400);
		assertThat(idle.field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void familyEndsAtItsAbsoluteLifetimeHoweverOftenItIsRefreshed() {
		String refreshToken = login().field("refresh_token");
		for (int i = 0; i < 3; i++) {
			this.clock.advance(Duration.ofMinutes(50));
			JwtAuthClient.Response refreshed = refresh(refreshToken);
			assertThat(refreshed.status()).as("refresh %d", i).isEqualTo(200);
			refreshToken = refreshed.field("refresh_token");
		}
		// 150 minutes in: the last token may live 30 more minutes, not 60
		JwtAuthClient.Response capped = refresh(refreshToken);
		assertThat(capped.status()).isEqualTo(200);
		assertThat(Long.parseLong(capped.field("refresh_token_expires_in"))).isEqualTo(30 * 60);
		this.clock.advance(Duration.ofMinutes(31));
		assertThat(refresh(capped.field("refresh_token")).field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void accessTokenExpiresAfterItsTtlPlusSkew() {
		String accessToken = login().field("access_token");
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.http.get("/api/me", accessToken).status()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(31));
		JwtAuthClient.Response expired = this.http.get("/api/me", accessToken);
		assertThat(expired.status()).isEqualTo(401);
		assertThat(expired.header("WWW-Authenticate")).contains("invalid_token");
	}

	@Test
	void revocationEntriesExpireWithTheTokensTheyCover() {
		JwtAuthClient.Response login = login();
		this.http.postJson("/auth/logout", "{}", login.field("access_token"));
		assertThat(this.registry.size()).isGreaterThan(0);
		this.synchronizer.purge();
		assertThat(this.registry.size()).isGreaterThan(0);
		this.clock.advance(Duration.ofMinutes(6));
		this.synchronizer.purge();
		assertThat(this.registry.size()).isZero();
	}

}
