package io.github.jwtauth.autoconfigure.dpop;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP requests to a running test application over real HTTP: token requests with or
 * without a proof, JSON or form-encoded, and resource requests with any
 * {@code Authorization} and {@code DPoP} headers; and the assertions on their answers.
 */
final class DPoPHttp {

	static final String ALICE = "{\"username\":\"alice\",\"password\":\"alice-password\"}";

	private final JwtAuthClient http;

	private final Clock clock;

	private DPoPHttp(JwtAuthClient http, Clock clock) {
		this.http = http;
		this.clock = clock;
	}

	/**
	 * The client of a running application, whose proofs use its clock.
	 * @param context the application
	 * @return the client
	 */
	static DPoPHttp of(ApplicationContext context) {
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		return new DPoPHttp(JwtAuthClient.forPort(port), context.getBean(Clock.class));
	}

	JwtAuthClient http() {
		return this.http;
	}

	Clock clock() {
		return this.clock;
	}

	/**
	 * A new ES256 key on the application's clock.
	 * @return the key
	 */
	DPoPKey key() {
		return DPoPKey.es256().clock(this.clock);
	}

	String url(String path) {
		return this.http.baseUrl() + path;
	}

	/**
	 * A JSON login of alice.
	 * @param proofs the DPoP headers
	 * @return the answer
	 */
	Response login(String... proofs) {
		return postJson("/auth/login", ALICE, proofs);
	}

	/**
	 * A JSON login of alice with a good proof of a key.
	 * @param key the key
	 * @return the answer
	 */
	Response login(DPoPKey key) {
		return login(key.proof("POST", url("/auth/login")));
	}

	Response loginForm(String... proofs) {
		return postForm("/auth/login", "username=alice&password=alice-password", proofs);
	}

	Response refresh(String refreshToken, String... proofs) {
		return postJson("/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}", proofs);
	}

	Response refresh(String refreshToken, DPoPKey key) {
		return refresh(refreshToken, key.proof("POST", url("/auth/refresh")));
	}

	Response refreshForm(String refreshToken, String... proofs) {
		return postForm("/auth/refresh", "grant_type=refresh_token&refresh_token=" + encode(refreshToken), proofs);
	}

	Response postJson(String path, String json, String... proofs) {
		HttpRequest.Builder request = this.http.request(path)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		return this.http.send(withProofs(request, proofs));
	}

	Response postForm(String path, String form, String... proofs) {
		HttpRequest.Builder request = this.http.request(path)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		return this.http.send(withProofs(request, proofs));
	}

	/**
	 * A GET with an {@code Authorization} header (or none) and DPoP headers.
	 * @param path the path
	 * @param authorization the {@code Authorization} header, or {@code null}
	 * @param proofs the DPoP headers
	 * @return the answer
	 */
	Response get(String path, @Nullable String authorization, String... proofs) {
		HttpRequest.Builder request = this.http.request(path).GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(withProofs(request, proofs));
	}

	/**
	 * {@code GET /api/me} with a bound token and a good proof of a key.
	 * @param token the access token
	 * @param key the key
	 * @return the answer
	 */
	Response me(String token, DPoPKey key) {
		return get("/api/me", "DPoP " + token, key.proof("GET", url("/api/me"), token));
	}

	static HttpRequest.Builder withProofs(HttpRequest.Builder request, String... proofs) {
		for (String proof : proofs) {
			request.header("DPoP", proof);
		}
		return request;
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * The {@code cnf} claim of a token.
	 * @param token the token
	 * @return the claim, or {@code null}
	 */
	static @Nullable Object cnf(String token) {
		try {
			return SignedJWT.parse(token).getJWTClaimsSet().getClaim("cnf");
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Assert a DPoP-bound token answer for a key.
	 * @param response the answer
	 * @param key the key
	 */
	static void assertBound(Response response, DPoPKey key) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.field("token_type")).isEqualTo("DPoP");
		assertThat(cnf(response.accessToken())).isEqualTo(Map.of("jkt", key.thumbprint()));
	}

	/**
	 * Assert a bearer token answer.
	 * @param response the answer
	 */
	static void assertBearer(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.field("token_type")).isEqualTo("Bearer");
		assertThat(cnf(response.accessToken())).isNull();
	}

	/**
	 * Assert a refusal of a resource request with a DPoP challenge.
	 * @param response the answer
	 * @param status the status
	 * @param error the error code
	 */
	static void assertDPoPRefusal(Response response, int status, String error) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.raw().headers().allValues("WWW-Authenticate")).as(response.toString())
			.singleElement()
			.satisfies((challenge) -> assertThat(challenge).startsWith("DPoP ")
				.contains("error=\"" + error + "\"")
				.contains("error_description=\"")
				.contains("algs=\"ES256 "));
		assertThat(response.field("error")).isEqualTo(error);
		assertThat(response.field("error_description")).isNotBlank();
	}

	/**
	 * Assert a refusal of a resource request with a DPoP challenge, for a reason.
	 * @param response the answer
	 * @param status the status
	 * @param error the error code
	 * @param description part of the error description
	 */
	static void assertDPoPRefusal(Response response, int status, String error, String description) {
		assertDPoPRefusal(response, status, error);
		assertThat(response.field("error_description")).contains(description);
	}

	/**
	 * Assert a refusal of a resource request with a Bearer challenge.
	 * @param response the answer
	 * @param status the status
	 * @param error the error code
	 */
	static void assertBearerRefusal(Response response, int status, String error) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.raw().headers().allValues("WWW-Authenticate")).as(response.toString())
			.singleElement()
			.satisfies((challenge) -> assertThat(challenge).startsWith("Bearer ")
				.contains("error=\"" + error + "\"")
				.doesNotContain("algs="));
		assertThat(response.field("error")).isEqualTo(error);
	}

	/**
	 * Assert a refusal of a token request.
	 * @param response the answer
	 * @param error the error code
	 */
	static void assertTokenError(Response response, String error) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.field("error")).as(response.toString()).isEqualTo(error);
		assertThat(response.field("access_token")).isNull();
	}

}
