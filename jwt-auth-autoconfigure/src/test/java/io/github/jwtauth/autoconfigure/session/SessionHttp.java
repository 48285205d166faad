package io.github.jwtauth.autoconfigure.session;

import java.net.http.HttpRequest;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests to a running test application over real HTTP: the token endpoints as a
 * browser's single-page application calls them in cookie mode (the refresh token in a
 * {@code Cookie} header, the custom header and the {@code Origin} as a test chooses), the
 * sessions API, and users of a test's own.
 */
final class SessionHttp {

	/**
	 * The name of the refresh-token cookie by default ({@code Path=/auth}).
	 */
	static final String COOKIE = "__Secure-jwt-auth-refresh";

	/**
	 * The custom header of a request from the application's own pages.
	 */
	static final String[] SAME_SITE = { "X-Requested-With", "XMLHttpRequest" };

	static final String EVIL_ORIGIN = "https://evil.example";

	private final JwtAuthClient http;

	private final int port;

	private final String cookieName;

	private final InMemoryUserDetailsManager users;

	private SessionHttp(JwtAuthClient http, int port, String cookieName, InMemoryUserDetailsManager users) {
		this.http = http;
		this.port = port;
		this.cookieName = cookieName;
		this.users = users;
	}

	static SessionHttp of(ApplicationContext context) {
		return of(context, COOKIE);
	}

	static SessionHttp of(ApplicationContext context, String cookieName) {
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		return new SessionHttp(JwtAuthClient.forPort(port), port, cookieName,
				context.getBean(InMemoryUserDetailsManager.class));
	}

	JwtAuthClient http() {
		return this.http;
	}

	/**
	 * The application's own origin, as the server sees the requests of this client
	 * ({@code Host: 127.0.0.1:<port>}).
	 * @return the origin
	 */
	String ownOrigin() {
		return "http://127.0.0.1:" + this.port;
	}

	int port() {
		return this.port;
	}

	/**
	 * A new user of this test alone, whose password is its name and {@code -password}.
	 * @param prefix a readable prefix
	 * @return the user name
	 */
	String newUser(String prefix) {
		String name = prefix + "-" + UUID.randomUUID();
		this.users.createUser(User.withUsername(name).password("{noop}" + name + "-password").roles("USER").build());
		return name;
	}

	/**
	 * A JSON login.
	 * @param user the user
	 * @param headers header names and values
	 * @return the answer
	 */
	Response login(String user, String... headers) {
		return postJson("/auth/login", Map.of("username", user, "password", user + "-password"), null, null, headers);
	}

	/**
	 * A refresh with the cookie and no body, as a browser's {@code fetch} sends it.
	 * @param cookie the cookie's value, or {@code null} for none
	 * @param headers header names and values
	 * @return the answer
	 */
	Response refresh(@Nullable String cookie, String... headers) {
		return send(this.http.request("/auth/refresh").POST(HttpRequest.BodyPublishers.noBody()), null, cookie,
				headers);
	}

	/**
	 * A logout with a bearer token and the cookie, no body.
	 * @param accessToken the access token
	 * @param cookie the cookie's value, or {@code null} for none
	 * @param headers header names and values
	 * @return the answer
	 */
	Response logout(String accessToken, @Nullable String cookie, String... headers) {
		return send(this.http.request("/auth/logout").POST(HttpRequest.BodyPublishers.noBody()), accessToken, cookie,
				headers);
	}

	Response logoutAll(String accessToken, @Nullable String cookie, String... headers) {
		return send(this.http.request("/auth/logout-all").POST(HttpRequest.BodyPublishers.noBody()), accessToken,
				cookie, headers);
	}

	/**
	 * A JSON {@code POST}.
	 * @param path the path
	 * @param body the JSON object
	 * @param accessToken a bearer token, or {@code null}
	 * @param cookie the cookie's value, or {@code null} for none
	 * @param headers header names and values
	 * @return the answer
	 */
	Response postJson(String path, Map<String, ?> body, @Nullable String accessToken, @Nullable String cookie,
			String... headers) {
		return postJson(path, JSONObjectUtils.toJSONString(new LinkedHashMap<>(body)), accessToken, cookie, headers);
	}

	Response postJson(String path, String json, @Nullable String accessToken, @Nullable String cookie,
			String... headers) {
		return send(this.http.request(path)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)), accessToken, cookie, headers);
	}

	Response postForm(String path, String form, @Nullable String accessToken, @Nullable String cookie,
			String... headers) {
		return send(this.http.request(path)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)), accessToken, cookie, headers);
	}

	/**
	 * {@code GET /api/me} with a bearer token.
	 * @param accessToken the token
	 * @return the status
	 */
	int me(String accessToken) {
		return this.http.get("/api/me", accessToken).status();
	}

	/**
	 * A JSON refresh with the token in the body.
	 * @param refreshToken the refresh token
	 * @param headers header names and values
	 * @return the answer
	 */
	Response refreshInBody(String refreshToken, String... headers) {
		return postJson("/auth/refresh", Map.of("refresh_token", refreshToken), null, null, headers);
	}

	/**
	 * {@code GET /auth/sessions}.
	 * @param accessToken the caller's access token, or {@code null}
	 * @return the answer
	 */
	Response sessions(@Nullable String accessToken) {
		return send(this.http.request("/auth/sessions").GET(), accessToken, null);
	}

	/**
	 * The caller's sessions as listed.
	 * @param accessToken the caller's access token
	 * @return the sessions, newest first
	 */
	List<Map<String, Object>> listed(String accessToken) {
		Response response = sessions(accessToken);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> sessions = (List<Map<String, Object>>) response.json().get("sessions");
		assertThat(sessions).as(response.toString()).isNotNull();
		return sessions;
	}

	/**
	 * The IDs of the caller's sessions as listed.
	 * @param accessToken the caller's access token
	 * @return the IDs, newest first
	 */
	List<String> listedIds(String accessToken) {
		return listed(accessToken).stream().map((session) -> (String) session.get("id")).toList();
	}

	/**
	 * {@code DELETE /auth/sessions/{id}}.
	 * @param accessToken the caller's access token, or {@code null}
	 * @param id the session ID, as it goes into the path
	 * @return the answer
	 */
	Response end(@Nullable String accessToken, String id) {
		return send(this.http.request("/auth/sessions/" + id).DELETE(), accessToken, null);
	}

	/**
	 * {@code DELETE /auth/sessions/{id}} with a form body, which the endpoint does not
	 * take.
	 * @param accessToken the caller's access token
	 * @param id the session
	 * @param form the body
	 * @return the answer
	 */
	Response endWithBody(String accessToken, String id, String form) {
		return send(this.http.request("/auth/sessions/" + id)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.method("DELETE", HttpRequest.BodyPublishers.ofString(form)), accessToken, null);
	}

	/**
	 * {@code DELETE /auth/sessions/others}.
	 * @param accessToken the caller's access token, or {@code null}
	 * @return the answer
	 */
	Response endOthers(@Nullable String accessToken) {
		return send(this.http.request("/auth/sessions/others").DELETE(), accessToken, null);
	}

	/**
	 * The session ({@code sid}) of an access token.
	 * @param accessToken the token
	 * @return the session ID
	 */
	static String sid(String accessToken) {
		try {
			return SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("sid");
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Response send(HttpRequest.Builder request, @Nullable String accessToken, @Nullable String cookie,
			String... headers) {
		if (accessToken != null) {
			request.header("Authorization", "Bearer " + accessToken);
		}
		if (cookie != null) {
			request.header("Cookie", this.cookieName + "=" + cookie);
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request);
	}

	/**
	 * Headers of a request from the application's own pages, plus others.
	 * @param more more header names and values
	 * @return the headers
	 */
	static String[] sameSite(String... more) {
		String[] all = new String[SAME_SITE.length + more.length];
		System.arraycopy(SAME_SITE, 0, all, 0, SAME_SITE.length);
		System.arraycopy(more, 0, all, SAME_SITE.length, more.length);
		return all;
	}

}
