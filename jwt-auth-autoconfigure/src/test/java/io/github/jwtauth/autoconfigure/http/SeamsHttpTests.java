package io.github.jwtauth.autoconfigure.http;

import java.net.http.HttpRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.token.JwtAuthDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP: an application validator that depends on current state refuses a token
 * that is already in the validated-token cache, and the header fast path keeps Spring's
 * firewall verdicts.
 */
@SpringBootTest(classes = { TestApplication.class, SeamsHttpTests.DisabledUsers.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
				"jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER, TestKeys.AUDIENCES })
class SeamsHttpTests {

	@LocalServerPort
	int port;

	@Autowired
	Set<String> disabledUsers;

	@Autowired
	JwtAuthDecoder decoder;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
		this.disabledUsers.clear();
	}

	@Test
	void aStatefulValidatorRefusesACachedToken() {
		String access = this.http.login("bob", "bob-password").accessToken();
		assertThat(this.http.get("/api/me", access).status()).isEqualTo(200);
		assertThat(this.http.get("/api/me", access).status()).isEqualTo(200);
		Jwt cached = this.decoder.getCache().get(access);
		assertThat(cached).as("the token is in the validated-token cache").isNotNull();
		this.disabledUsers.add("bob");
		JwtAuthClient.Response refused = this.http.get("/api/me", access);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).contains("invalid_token").contains("User disabled");
		this.disabledUsers.remove("bob");
		assertThat(this.http.get("/api/me", access).status()).isEqualTo(200);
	}

	@Test
	void aTabInAHeaderValueIsAcceptedAsSpringsFirewallDoes() {
		String access = this.http.login("alice", "alice-password").accessToken();
		HttpRequest.Builder withTabValue = this.http.request("/api/me")
			.header("Authorization", "Bearer " + access)
			.header("X-Note", "a\tb");
		assertThat(this.http.send(withTabValue).status()).isEqualTo(200);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class DisabledUsers {

		@Bean
		Set<String> disabledUsers() {
			return ConcurrentHashMap.newKeySet();
		}

		@Bean
		OAuth2TokenValidator<Jwt> notDisabled(Set<String> disabledUsers) {
			return (jwt) -> disabledUsers.contains(jwt.getSubject())
					? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "User disabled", null))
					: OAuth2TokenValidatorResult.success();
		}

	}

}
