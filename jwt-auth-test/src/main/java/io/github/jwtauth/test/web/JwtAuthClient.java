package io.github.jwtauth.test.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A real-HTTP client of an application's jwt-auth endpoints, for tests: log in, refresh,
 * log out, revoke, and call the API with a bearer token. Every call answers a
 * {@link Response} whatever the status, so tests assert refusals as easily as successes.
 * <pre>{@code
 * JwtAuthClient client = JwtAuthClient.forPort(port);
 * String accessToken = client.login("alice", "alice-password").accessToken();
 * assertThat(client.get("/api/me", accessToken).status()).isEqualTo(200);
 * }</pre>
 */
public final class JwtAuthClient {

	private final HttpClient http;

	private final String baseUrl;

	private final Paths paths;

	private JwtAuthClient(HttpClient http, String baseUrl, Paths paths) {
		this.http = http;
		this.baseUrl = baseUrl;
		this.paths = paths;
	}

	/**
	 * A client of {@code http://127.0.0.1:<port>} with the default endpoint paths.
	 * @param port the local port
	 * @return the client
	 */
	public static JwtAuthClient forPort(int port) {
		return forBaseUrl("http://127.0.0.1:" + port);
	}

	/**
	 * A client of a base URL with the default endpoint paths.
	 * @param baseUrl the base URL, without a trailing slash
	 * @return the client
	 */
	public static JwtAuthClient forBaseUrl(String baseUrl) {
		Assert.hasText(baseUrl, "baseUrl must not be empty");
		return new JwtAuthClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), baseUrl,
				Paths.DEFAULT);
	}

	/**
	 * A client of an {@code https} base URL that trusts the given TLS context (for
	 * example one trusting a test's self-signed certificate).
	 * @param baseUrl the base URL, without a trailing slash
	 * @param sslContext the TLS context
	 * @return the client
	 */
	public static JwtAuthClient forBaseUrl(String baseUrl, SSLContext sslContext) {
		Assert.hasText(baseUrl, "baseUrl must not be empty");
		Assert.notNull(sslContext, "sslContext must not be null");
		return new JwtAuthClient(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(sslContext).build(), baseUrl,
				Paths.DEFAULT);
	}

	/**
	 * The same client with other endpoint paths ({@code jwt.auth.endpoints.*}).
	 * @param paths the paths
	 * @return a new client
	 */
	public JwtAuthClient withPaths(Paths paths) {
		return new JwtAuthClient(this.http, this.baseUrl, paths);
	}

	/**
	 * The base URL.
	 * @return the base URL
	 */
	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * {@code POST} the login endpoint with a JSON user name and password.
	 * @param username the user name
	 * @param password the password
	 * @return the answer
	 */
	public Response login(String username, String password) {
		return postJson(this.paths.login(), Map.of("username", username, "password", password), null);
	}

	/**
	 * {@code POST} the refresh endpoint with a JSON refresh token.
	 * @param refreshToken the refresh token
	 * @return the answer
	 */
	public Response refresh(String refreshToken) {
		return postJson(this.paths.refresh(), Map.of("refresh_token", refreshToken), null);
	}

	/**
	 * {@code POST} the logout endpoint with a bearer token.
	 * @param accessToken the access token
	 * @return the answer
	 */
	public Response logout(String accessToken) {
		return postJson(this.paths.logout(), Map.of(), accessToken);
	}

	/**
	 * {@code POST} the RFC 7009 revocation endpoint with a token.
	 * @param token the access or refresh token
	 * @return the answer
	 */
	public Response revoke(String token) {
		return postForm(this.paths.revoke(), Map.of("token", token), null);
	}

	/**
	 * {@code GET} a path, with a bearer token or without.
	 * @param path the path
	 * @param accessToken the access token, or {@code null}
	 * @return the answer
	 */
	public Response get(String path, @Nullable String accessToken) {
		return send(withToken(request(path).GET(), accessToken));
	}

	/**
	 * {@code POST} a JSON object, with a bearer token or without.
	 * @param path the path
	 * @param body the object
	 * @param accessToken the access token, or {@code null}
	 * @return the answer
	 */
	public Response postJson(String path, Map<String, ?> body, @Nullable String accessToken) {
		return postJson(path, JSONObjectUtils.toJSONString(new LinkedHashMap<>(body)), accessToken);
	}

	/**
	 * {@code POST} a JSON text, with a bearer token or without.
	 * @param path the path
	 * @param json the JSON text (need not be valid)
	 * @param accessToken the access token, or {@code null}
	 * @return the answer
	 */
	public Response postJson(String path, String json, @Nullable String accessToken) {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		return send(withToken(request, accessToken));
	}

	/**
	 * {@code POST} a form, with a bearer token or without.
	 * @param path the path
	 * @param form the form fields
	 * @param accessToken the access token, or {@code null}
	 * @return the answer
	 */
	public Response postForm(String path, Map<String, String> form, @Nullable String accessToken) {
		StringJoiner body = new StringJoiner("&");
		form.forEach((name, value) -> body.add(encode(name) + "=" + encode(value)));
		return postForm(path, body.toString(), accessToken);
	}

	/**
	 * {@code POST} an encoded form text, with a bearer token or without.
	 * @param path the path
	 * @param form the encoded form
	 * @param accessToken the access token, or {@code null}
	 * @return the answer
	 */
	public Response postForm(String path, String form, @Nullable String accessToken) {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		return send(withToken(request, accessToken));
	}

	/**
	 * Send any request built on {@link #request(String)}.
	 * @param request the request
	 * @return the answer
	 */
	public Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response, response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * A request builder for a path of the application.
	 * @param path the path
	 * @return the builder
	 */
	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path));
	}

	private static HttpRequest.Builder withToken(HttpRequest.Builder request, @Nullable String token) {
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * The endpoint paths.
	 *
	 * @param login the login path
	 * @param refresh the refresh path
	 * @param logout the logout path
	 * @param revoke the revocation path
	 */
	public record Paths(String login, String refresh, String logout, String revoke) {

		/**
		 * jwt-auth's default paths.
		 */
		public static final Paths DEFAULT = new Paths("/auth/login", "/auth/refresh", "/auth/logout", "/auth/revoke");

	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param raw the response
	 * @param body the body text
	 */
	public record Response(int status, HttpResponse<String> raw, String body) {

		/**
		 * The first value of a header.
		 * @param name the header name
		 * @return the value, or {@code null}
		 */
		public @Nullable String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		/**
		 * The body as a JSON object.
		 * @return the members
		 */
		public Map<String, Object> json() {
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (ParseException ex) {
				throw new IllegalStateException("Not a JSON object: " + this.body, ex);
			}
		}

		/**
		 * A member of the JSON body, as text.
		 * @param name the member
		 * @return its value, or {@code null}
		 */
		public @Nullable String field(String name) {
			Object value = json().get(name);
			return (value != null) ? value.toString() : null;
		}

		/**
		 * The {@code access_token} of a token answer.
		 * @return the access token
		 */
		public String accessToken() {
			return required("access_token");
		}

		/**
		 * The {@code refresh_token} of a token answer.
		 * @return the refresh token
		 */
		public String refreshToken() {
			return required("refresh_token");
		}

		private String required(String name) {
			String value = (this.status == 200) ? field(name) : null;
			if (value == null) {
				throw new AssertionError("Expected a token answer with " + name + " but got " + this);
			}
			return value;
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
