package io.github.jwtauth.autoconfigure.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, points 2 and 3 over real HTTP: the token endpoints take credentials only from
 * the body, and answer every malformed, oversized, mistyped or misrouted request with a
 * 4xx and an OAuth-style JSON error, never a 500.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokenEndpointRequestHttpTests {

	private static final List<String> ENDPOINTS = List.of("/auth/login", "/auth/refresh", "/auth/logout",
			"/auth/logout-all", "/auth/revoke");

	@LocalServerPort
	int port;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
	}

	private String accessToken() {
		return this.http.login("alice", "alice-password").accessToken();
	}

	private JwtAuthClient.Response post(String path, String contentType, byte[] body) {
		return this.http
			.send(this.http.request(path).header("Content-Type", contentType).POST(BodyPublishers.ofByteArray(body)));
	}

	private JwtAuthClient.Response postJson(String path, String json) {
		return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	private JwtAuthClient.Response postForm(String path, String form) {
		return post(path, "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertError(JwtAuthClient.Response response, int status) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/json");
		assertThat(response.field("error")).as(response.toString()).isEqualTo("invalid_request");
		assertThat(response.field("error_description")).as(response.toString()).isNotBlank();
	}

	// point 2: credentials only in the body

	@Test
	void credentialsInTheQueryStringAreRefusedAtEveryEndpoint() {
		String access = accessToken();
		String login = "{\"username\":\"alice\",\"password\":\"alice-password\"}";
		assertError(postJson("/auth/login?password=alice-password", login), 400);
		assertError(postJson("/auth/login?username=alice", login), 400);
		assertError(postForm("/auth/login?username=alice&password=alice-password", ""), 400);
		assertError(postForm("/auth/refresh?grant_type=refresh_token&refresh_token=abc", "grant_type=refresh_token"),
				400);
		assertError(postForm("/auth/revoke?token=" + access, ""), 400);
		assertError(postForm("/auth/revoke?client_secret=s", "token=abc"), 400);
		assertError(this.http.send(this.http.request("/auth/logout?refresh_token=abc")
			.header("Authorization", "Bearer " + access)
			.POST(BodyPublishers.noBody())), 400);
		assertError(
				this.http
					.send(this.http.request("/auth/logout-all?access_token=" + access).POST(BodyPublishers.noBody())),
				400);
		// spelled otherwise: percent-encoded, other case, no value
		assertError(postJson("/auth/login?pass%77ord=x", login), 400);
		assertError(postJson("/auth/login?PASSWORD=x", login), 400);
		assertError(postJson("/auth/login?x=1&password", login), 400);
		// the path spelled otherwise still reaches the guard
		assertError(postJson("/auth/%6Cogin?password=x", login), 400);
		assertThat(postJson("/auth/login;a=b?password=x", login).status()).isEqualTo(400);
		// the access token the query carried was not revoked (nothing was done)
		assertThat(this.http.get("/api/me", access).status()).isEqualTo(200);
	}

	@Test
	void anInnocentQueryParameterIsAllowedAndCredentialsInTheBodyWork() {
		assertThat(postJson("/auth/login?lang=en", "{\"username\":\"alice\",\"password\":\"alice-password\"}").status())
			.isEqualTo(200);
		assertThat(postForm("/auth/login?lang=en", "username=alice&password=alice-password").status()).isEqualTo(200);
	}

	@Test
	void queryParametersAreNotMergedIntoTheForm() {
		// 'grant_type' is no credential, so the query passes; the form must not see it
		// (merged, it would be a second value and refused as given twice)
		JwtAuthClient.Response login = this.http.login("alice", "alice-password");
		JwtAuthClient.Response refresh = postForm("/auth/refresh?grant_type=password",
				"grant_type=refresh_token&refresh_token=" + login.refreshToken());
		assertThat(refresh.status()).as(refresh.toString()).isEqualTo(200);
	}

	// point 3: no 500 from any body

	@Test
	void otherMethodsThanPostGet405WithAJsonError() {
		for (String path : ENDPOINTS) {
			for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
				JwtAuthClient.Response response = this.http
					.send(this.http.request(path).method(method, BodyPublishers.noBody()));
				assertError(response, 405);
				assertThat(response.header("Allow")).as(path).isEqualTo("POST");
			}
		}
	}

	@Test
	void wrongContentTypesGet415WithAJsonError() {
		for (String path : ENDPOINTS) {
			assertError(post(path, "text/plain", "hello".getBytes(StandardCharsets.UTF_8)), 415);
			assertError(post(path, "application/xml", "<a/>".getBytes(StandardCharsets.UTF_8)), 415);
			assertError(post(path, "application/json; charset=ISO-8859-1", "{}".getBytes(StandardCharsets.UTF_8)), 415);
			assertError(post(path, "not a media type", "x".getBytes(StandardCharsets.UTF_8)), 415);
			assertError(post(path, "multipart/form-data; boundary=xyz",
					"--xyz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n--xyz--\r\n"
						.getBytes(StandardCharsets.UTF_8)),
					415);
			// a broken boundary: never reaches a multipart parser
			assertError(post(path, "multipart/form-data; boundary=", "--\r\ngarbage".getBytes(StandardCharsets.UTF_8)),
					415);
			assertError(post(path, "multipart/form-data", "garbage".getBytes(StandardCharsets.UTF_8)), 415);
		}
	}

	@Test
	void bodiesOverTheLimitGet413BeforeTheyAreRead() {
		byte[] large = ("{\"username\":\"alice\",\"password\":\"" + "x".repeat(17 * 1024) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		for (String path : ENDPOINTS) {
			// declared by Content-Length
			assertError(post(path, "application/json", large), 413);
			// chunked: no length declared
			JwtAuthClient.Response chunked = this.http.send(this.http.request(path)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))));
			assertError(chunked, 413);
		}
		// a body of exactly the limit is read
		String padded = "{\"username\":\"alice\",\"password\":\"alice-password\",\"pad\":\"";
		String exact = padded + "x".repeat(16 * 1024 - padded.length() - 2) + "\"}";
		assertThat(exact.length()).isEqualTo(16 * 1024);
		assertThat(postJson("/auth/login", exact).status()).isEqualTo(200);
	}

	@Test
	void aHugeDeclaredLengthIsRefusedWithoutWaitingForTheBody() throws IOException {
		// only the headers are sent: an answer proves the body was never waited for
		String answer = raw("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 1000000000\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 413");
		assertThat(answer).contains("\"error\":\"invalid_request\"");
	}

	@Test
	void emptyBodiesGet400() {
		for (String path : List.of("/auth/login", "/auth/refresh", "/auth/revoke")) {
			assertError(postJson(path, ""), 400);
			assertError(postForm(path, ""), 400);
			assertError(this.http.send(this.http.request(path).POST(BodyPublishers.noBody())), 400);
			assertError(postJson(path, "{}"), 400);
		}
	}

	@Test
	void jsonThatIsNoObjectGets400() {
		for (String path : List.of("/auth/login", "/auth/refresh", "/auth/revoke")) {
			for (String json : List.of("[]", "[{\"username\":\"alice\"}]", "\"alice\"", "42", "true", "null",
					"{\"username\":\"alice\"} {}", "{\"username\":", "{'username':'alice'}")) {
				assertError(postJson(path, json), 400);
			}
		}
	}

	@Test
	void deeplyNestedJsonGets400() {
		String deep = "{\"username\":" + "[".repeat(5000) + "]".repeat(5000) + ",\"password\":\"x\"}";
		assertError(postJson("/auth/login", deep), 400);
		String nested = "{\"a\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001);
		assertError(postJson("/auth/refresh", nested), 400);
	}

	@Test
	void nonStringValuesGet400() {
		assertError(postJson("/auth/login", "{\"username\":{\"a\":1},\"password\":\"alice-password\"}"), 400);
		assertError(postJson("/auth/login", "{\"username\":\"alice\",\"password\":12345}"), 400);
		assertError(postJson("/auth/refresh", "{\"refresh_token\":[\"a\"]}"), 400);
		assertError(postJson("/auth/revoke", "{\"token\":true}"), 400);
	}

	@Test
	void duplicateParametersGet400() {
		assertError(postForm("/auth/login", "username=alice&username=bob&password=alice-password"), 400);
		assertError(postForm("/auth/refresh", "refresh_token=a&refresh_token=b"), 400);
		assertError(postForm("/auth/revoke", "token=a&token=b"), 400);
		assertError(postJson("/auth/login", "{\"username\":\"bob\",\"username\":\"alice\",\"password\":\"x\"}"), 400);
	}

	@Test
	void invalidUtf8AndMalformedEncodingGet400() {
		byte[] json = { '{', '"', 'u', 's', 'e', 'r', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"',
				'}' };
		assertError(post("/auth/login", "application/json", json), 400);
		byte[] form = { 'u', 's', 'e', 'r', 'n', 'a', 'm', 'e', '=', (byte) 0xFF, '&', 'p', '=', 'x' };
		assertError(post("/auth/login", "application/x-www-form-urlencoded", form), 400);
		assertError(postForm("/auth/login", "username=%C3%28&password=x"), 400);
		assertError(postForm("/auth/login", "username=%ZZ&password=x"), 400);
		assertError(postForm("/auth/login", "username=alice&password=%"), 400);
		// control characters, escaped or not: an OAuth error, not the firewall's bare 400
		assertError(postForm("/auth/login", "username=al%0Aice&password=x"), 400);
		assertError(postForm("/auth/login", "--xyz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice"),
				400);
		// well-formed UTF-8 passes, escaped or not
		assertThat(postForm("/auth/login", "username=al%C3%AFce&password=%F0%9F%94%91").status()).isEqualTo(401);
		assertThat(post("/auth/login", "application/x-www-form-urlencoded; charset=UTF-8",
				"username=alïce&password=🔑".getBytes(StandardCharsets.UTF_8))
			.status()).isEqualTo(401);
	}

	@Test
	void aTruncatedChunkedBodyNeverGets500() throws IOException {
		String answer = raw("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 4");
	}

	@Test
	void validRequestsStillWork() {
		JwtAuthClient.Response login = this.http.postJson("/auth/login",
				Map.of("username", "alice", "password", "alice-password"), null);
		assertThat(login.status()).isEqualTo(200);
		JwtAuthClient.Response refreshed = postForm("/auth/refresh",
				"grant_type=refresh_token&refresh_token=" + login.refreshToken());
		assertThat(refreshed.status()).isEqualTo(200);
		JwtAuthClient.Response logout = this.http.send(this.http.request("/auth/logout")
			.header("Authorization", "Bearer " + refreshed.accessToken())
			.POST(BodyPublishers.noBody()));
		assertThat(logout.status()).isEqualTo(204);
		JwtAuthClient.Response other = this.http.login("alice", "alice-password");
		assertThat(this.http.postForm("/auth/revoke", "token=" + other.refreshToken(), null).status()).isEqualTo(200);
		assertThat(this.http.refresh(other.refreshToken()).status()).isEqualTo(400);
	}

	/**
	 * Send raw bytes and read the answer's head and what follows of it.
	 * @param request the request text
	 * @return the answer text
	 */
	private String raw(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder answer = new StringBuilder();
			byte[] buffer = new byte[4096];
			int n;
			while ((n = in.read(buffer)) != -1) {
				answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
				if (answer.indexOf("}") > 0 || answer.indexOf("\r\n0\r\n") > 0) {
					break;
				}
			}
			return answer.toString();
		}
	}

}
