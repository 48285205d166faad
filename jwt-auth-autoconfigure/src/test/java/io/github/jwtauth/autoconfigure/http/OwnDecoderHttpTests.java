package io.github.jwtauth.autoconfigure.http;

import io.github.jwtauth.autoconfigure.testapp.OwnNimbusDecoderConfiguration;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.token.JwtAuthDecoder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that brings its own {@code JwtDecoder} (a stock
 * {@code NimbusJwtDecoder}): logout still revokes, over real HTTP, because the starter
 * keeps its revocation check around that decoder.
 */
@SpringBootTest(classes = { TestApplication.class, OwnNimbusDecoderConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
				"jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER, TestKeys.AUDIENCES })
class OwnDecoderHttpTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void logoutIsEnforcedByTheApplicationsOwnDecoder() {
		assertThat(this.context.getBeansOfType(JwtAuthDecoder.class)).isEmpty();
		JwtAuthClient http = JwtAuthClient.forPort(this.port);
		JwtAuthClient.Response login = http.login("alice", "alice-password");
		String access = login.accessToken();
		assertThat(http.get("/api/me", access).status()).isEqualTo(200);
		assertThat(http.logout(access).status()).isEqualTo(204);
		JwtAuthClient.Response refused = http.get("/api/me", access);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
		assertThat(http.refresh(login.refreshToken()).status()).isEqualTo(400);
	}

}
