package io.github.jwtauth.autoconfigure.testapp;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.jwtauth.test.web.JwtAuthClient;

/**
 * Requests that reach the application as if from another client address, through a
 * trusted proxy on loopback ({@code server.forward-headers-strategy=native}, with
 * {@code X-Forwarded-For} and {@code X-Forwarded-Proto: https}).
 *
 * @param http the client
 * @param address the client address the application sees
 */
public record FromAddress(JwtAuthClient http, String address) {

	public JwtAuthClient.Response login(String username, String password) {
		return postJson("/auth/login", Map.of("username", username, "password", password));
	}

	public JwtAuthClient.Response refresh(String refreshToken) {
		return postJson("/auth/refresh", Map.of("refresh_token", refreshToken));
	}

	public JwtAuthClient.Response revoke(String token) {
		return this.http.send(forwarded().header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(Map.of("token", token)))));
	}

	private JwtAuthClient.Response postJson(String path, Map<String, String> body) {
		return this.http.send(forwarded(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(new LinkedHashMap<>(body)))));
	}

	private HttpRequest.Builder forwarded() {
		return forwarded("/auth/revoke");
	}

	private HttpRequest.Builder forwarded(String path) {
		return this.http.request(path).header("X-Forwarded-For", this.address).header("X-Forwarded-Proto", "https");
	}

}
