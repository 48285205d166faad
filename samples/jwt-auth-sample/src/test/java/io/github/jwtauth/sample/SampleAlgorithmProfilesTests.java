package io.github.jwtauth.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with each algorithm profile, over real HTTP: it starts, signs with the
 * profile's algorithm, publishes that one key in its JWK Set, and login, the API, refresh
 * and logout work as with the default RS256 key.
 */
class SampleAlgorithmProfilesTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "es256, ES256, EC, P-256", "es384, ES384, EC, P-384", "es512, ES512, EC, P-521",
			"eddsa, EdDSA, OKP, Ed25519", "ps256, PS256, RSA, ''" })
	void signsAndVerifiesWithTheProfilesAlgorithm(String profile, String algorithm, String keyType, String curve)
			throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.profiles(profile)
			.properties("server.port=0", "logging.level.root=WARN")
			.run()) {
			String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
			List<JWK> keys = JWKSet.parse(get(base + "/.well-known/jwks.json", null).body()).getKeys();
			assertThat(keys).hasSize(1);
			JWK key = keys.get(0);
			assertThat(key.getKeyType().getValue()).isEqualTo(keyType);
			assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.parse(algorithm));
			assertThat(key.isPrivate()).isFalse();
			if (!curve.isEmpty()) {
				assertThat(key.toJSONObject()).containsEntry("crv", curve);
			}

			Map<String, Object> login = post(base + "/auth/login",
					"{\"username\":\"alice\",\"password\":\"alice-password\"}", 200);
			String accessToken = (String) login.get("access_token");
			SignedJWT jwt = SignedJWT.parse(accessToken);
			assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(algorithm);
			assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.getKeyID());
			assertThat(get(base + "/api/me", accessToken).statusCode()).isEqualTo(200);
			assertThat(get(base + "/api/me", accessToken.substring(0, accessToken.length() - 4) + "AAAA").statusCode())
				.isEqualTo(401);

			Map<String, Object> refreshed = post(base + "/auth/refresh",
					"{\"refresh_token\":\"" + login.get("refresh_token") + "\"}", 200);
			String refreshedToken = (String) refreshed.get("access_token");
			assertThat(SignedJWT.parse(refreshedToken).getHeader().getAlgorithm().getName()).isEqualTo(algorithm);
			assertThat(get(base + "/api/me", refreshedToken).statusCode()).isEqualTo(200);
			HttpResponse<String> logout = this.http.send(HttpRequest.newBuilder(URI.create(base + "/auth/logout"))
				.header("Authorization", "Bearer " + refreshedToken)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(logout.statusCode()).isEqualTo(204);
			assertThat(get(base + "/api/me", refreshedToken).statusCode()).isEqualTo(401);
		}
	}

	private HttpResponse<String> get(String url, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private Map<String, Object> post(String url, String json, int expectedStatus) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
		return JSONObjectUtils.parse(response.body());
	}

}
