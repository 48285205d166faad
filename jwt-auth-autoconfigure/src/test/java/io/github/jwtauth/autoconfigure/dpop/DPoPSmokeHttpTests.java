package io.github.jwtauth.autoconfigure.dpop;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DPoP life of a token over real HTTP, in one pass: a login with a proof gets a
 * DPoP-bound token, which opens the API only with a fresh proof of the same key, never as
 * a bearer token, and never with a proof seen before.
 */
class DPoPSmokeHttpTests {

	@Test
	void aBoundTokenWorksOnlyWithAFreshProofOfItsKey() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", TestKeys.ISSUER, TestKeys.AUDIENCES)
			.run()) {
			JwtAuthClient http = JwtAuthClient
				.forPort(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
			Clock clock = context.getBean(Clock.class);
			DPoPKey key = DPoPKey.es256().clock(clock);
			String loginUri = http.baseUrl() + "/auth/login";
			JwtAuthClient.Response login = http.send(http.request("/auth/login")
				.header("Content-Type", "application/json")
				.header("DPoP", key.proof("POST", loginUri))
				.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}")));
			assertThat(login.status()).as(login.toString()).isEqualTo(200);
			assertThat(login.field("token_type")).isEqualTo("DPoP");
			String token = login.accessToken();
			Object cnf = SignedJWT.parse(token).getJWTClaimsSet().getClaim("cnf");
			assertThat(cnf).isEqualTo(Map.of("jkt", key.thumbprint()));

			String meUri = http.baseUrl() + "/api/me";
			String proof = key.proof("GET", meUri, token);
			JwtAuthClient.Response me = http
				.send(http.request("/api/me").header("Authorization", "DPoP " + token).header("DPoP", proof).GET());
			assertThat(me.status()).as(me.toString()).isEqualTo(200);

			JwtAuthClient.Response replay = http
				.send(http.request("/api/me").header("Authorization", "DPoP " + token).header("DPoP", proof).GET());
			assertThat(replay.status()).as(replay.toString()).isEqualTo(401);
			assertThat(replay.header("WWW-Authenticate")).startsWith("DPoP ").contains("error=\"invalid_dpop_proof\"");

			JwtAuthClient.Response bearer = http.get("/api/me", token);
			assertThat(bearer.status()).as(bearer.toString()).isEqualTo(401);
			assertThat(bearer.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");

			DPoPKey other = DPoPKey.es256().clock(clock);
			JwtAuthClient.Response stolen = http.send(http.request("/api/me")
				.header("Authorization", "DPoP " + token)
				.header("DPoP", other.proof("GET", meUri, token))
				.GET());
			assertThat(stolen.status()).as(stolen.toString()).isEqualTo(401);

			JwtAuthClient.Response refreshed = http.send(http.request("/auth/refresh")
				.header("Content-Type", "application/json")
				.header("DPoP", key.proof("POST", http.baseUrl() + "/auth/refresh"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"" + login.refreshToken() + "\"}")));
			assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
			assertThat(refreshed.field("token_type")).isEqualTo("DPoP");
		}
	}

}
