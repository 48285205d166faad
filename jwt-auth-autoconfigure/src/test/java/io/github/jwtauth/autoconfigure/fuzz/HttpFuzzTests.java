package io.github.jwtauth.autoconfigure.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

import io.github.jwtauth.autoconfigure.fuzz.Generator.Weighted;
import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.Instances.Instance;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws mutated tokens, {@code Authorization} headers and request bodies at the HTTP
 * endpoints of a running application and checks every answer: never a 5xx, never a hang
 * (ten seconds), every refusal a well-formed RFC 6750 challenge or OAuth JSON error.
 * <p>
 * Inputs come from a seeded generator, so a run is repeatable and a failure names the
 * seed and case that reproduce it. {@code -Djwtauth.fuzz.cases=N} (default 1500 per test)
 * and {@code -Djwtauth.fuzz.seed=S} explore further. The cases each test ran are printed
 * at the end.
 */
class HttpFuzzTests {

	private static final int CASES = Integer.getInteger("jwtauth.fuzz.cases", 1500);

	private static final long SEED = Long.getLong("jwtauth.fuzz.seed", 20261128L);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** RFC 6749 §5.2 / RFC 6750 §3: error codes and descriptions use only these. */
	private static final Pattern ERROR_CHARS = Pattern.compile("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*");

	private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]+");

	/**
	 * {@code Bearer} (RFC 6750) or {@code DPoP} (RFC 9449, Spring Security's answer to a
	 * DPoP scheme) alone or followed by auth-params with quoted values.
	 */
	private static final Pattern CHALLENGE = Pattern.compile(
			"(?:Bearer|DPoP)(?: [a-z_]+=\"[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*\"(?:, [a-z_]+=\"[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*\")*)?");

	private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	/**
	 * Visible ASCII, space and tab only: anything else in a header is refused by the
	 * container's HTTP parser before the application sees the request.
	 */
	private static final String HEADER_CHARACTERS = BASE64URL + "=.+/ ~!%\"\\{}\t";

	/**
	 * Under the container's header limit (8 KB): past it Tomcat answers 400 itself,
	 * before the application sees the request.
	 */
	private static final int MAX_HEADER = 7000;

	private static final Map<String, Integer> RUN = new ConcurrentSkipListMap<>();

	private static Instances instances;

	private static RawHttp http;

	private static String token;

	private static String refreshToken;

	private static Instance instance;

	@BeforeAll
	static void start() {
		instances = new Instances();
		instance = instances.start("jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences=api");
		http = new RawHttp(Integer.parseInt(instance.context().getEnvironment().getProperty("local.server.port")));
	}

	/**
	 * A fresh session for each test: the body test revokes the tokens it throws at the
	 * revocation endpoint (possession is the proof), which must not touch the others.
	 */
	@BeforeEach
	void login() {
		JwtAuthClient.Response login = instance.login("alice");
		assertThat(login.status()).isEqualTo(200);
		token = login.accessToken();
		refreshToken = login.refreshToken();
	}

	@AfterAll
	static void stop() {
		if (instances != null) {
			instances.close();
		}
		System.out.println("HTTP fuzz cases run (seed " + SEED + "): " + RUN);
	}

	@Test
	void mutatedBearerTokensAreRefused() throws IOException {
		Generator generator = new Generator(SEED);
		for (int i = 0; i < CASES; i++) {
			String candidate = mutatedToken(generator);
			RawHttp.Response response = http.exchange("GET", "/api/me",
					List.<String[]>of(new String[] { "Authorization", "Bearer " + candidate }), null);
			String what = describe(i, candidate, response);
			if (candidate.equals(token)) {
				assertThat(response.status()).as(what).isEqualTo(200);
			}
			else {
				assertThat(response.status()).as(what).isIn(400, 401);
				assertChallenge(response, what);
			}
			RUN.merge("bearer-tokens", 1, Integer::sum);
		}
	}

	@Test
	void authorizationHeadersAreAnsweredCleanly() throws IOException {
		Generator generator = new Generator(SEED + 1);
		for (int i = 0; i < CASES; i++) {
			List<String> values = authorizationHeaders(generator);
			String query = generator.pick("", "", "", "?access_token=" + token, "?access_token=",
					"?access_token=x&access_token=y", "?a=%zz", "?%", "?x=" + "a".repeat(2000));
			List<String[]> headers = new ArrayList<>();
			values.forEach((value) -> headers.add(new String[] { "Authorization", value }));
			RawHttp.Response response = http.exchange("GET", "/api/me" + query, headers, null);
			String what = describe(i, values + " " + query, response);
			assertThat(response.status()).as(what).isIn(200, 400, 401);
			if (response.status() == 200) {
				assertThat(values).as("a 200 needs the valid token once: %s", what).hasSize(1);
				assertThat(values.get(0)).as(what).endsWith(token);
				assertThat(query).as(what).doesNotContain("access_token");
			}
			else {
				assertChallenge(response, what);
			}
			RUN.merge("authorization-headers", 1, Integer::sum);
		}
	}

	@Test
	void tokenEndpointBodiesAreAnsweredCleanly() throws IOException {
		Generator generator = new Generator(SEED + 2);
		for (int i = 0; i < CASES; i++) {
			String endpoint = generator.pick("/auth/login", "/auth/refresh", "/auth/revoke", "/auth/logout",
					"/auth/logout-all");
			String method = generator.chance(92) ? "POST" : generator.pick("GET", "PUT", "DELETE", "PATCH");
			String contentType = contentType(generator);
			byte[] body = body(generator);
			List<String[]> headers = new ArrayList<>();
			if (!contentType.isEmpty()) {
				headers.add(new String[] { "Content-Type", contentType });
			}
			RawHttp.Response response = http.exchange(method, endpoint, headers, body);
			String what = describe(i, method + " " + endpoint + " [" + contentType + "] " + shown(body), response);
			assertThat(response.status()).as(what).isBetween(200, 499);
			if (response.status() < 300) {
				assertThat(endpoint).as("only revocation answers 200 to an anonymous caller: %s", what)
					.isEqualTo("/auth/revoke");
			}
			else if (response.status() == 401 && endpoint.startsWith("/auth/logout")) {
				assertChallenge(response, what);
			}
			else {
				assertOAuthError(response, what);
			}
			RUN.merge("token-endpoint-bodies", 1, Integer::sum);
		}
	}

	@Test
	void aBearerRequestWithUnreadableParametersIsRefusedAsMalformed() throws IOException {
		RawHttp.Response response = http.exchange("GET", "/api/me?a=%zz",
				List.<String[]>of(new String[] { "Authorization", "Bearer " + token }), null);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
	}

	@Test
	void aSecondAuthorizationHeaderIsRefusedAsMalformed() throws IOException {
		String[] header = { "Authorization", "Bearer " + token };
		RawHttp.Response response = http.exchange("GET", "/api/me", List.of(header, header), null);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
	}

	@Test
	void aMalformedFormSentWithAnotherMethodIsRefusedBeforeSpringParsesIt() throws IOException {
		// Spring's FormContentFilter parses PUT, PATCH and DELETE forms and answered 500
		RawHttp.Response response = http.exchange("PATCH", "/auth/logout-all",
				List.<String[]>of(new String[] { "Content-Type", "application/x-www-form-urlencoded" }),
				utf8("a=%zz&b=\u00ff"));
		assertThat(response.status()).isEqualTo(405);
		assertOAuthError(response, response.toString());
	}

	private static String describe(int index, String input, RawHttp.Response response) {
		String shown = (input.length() > 400) ? input.substring(0, 400) + "... (" + input.length() + " chars)" : input;
		return "case " + index + " (seed " + SEED + "): " + shown + " -> " + response;
	}

	private static void assertChallenge(RawHttp.Response response, String what) {
		String challenge = response.header("WWW-Authenticate");
		assertThat(challenge).as("WWW-Authenticate of %s", what).isNotNull();
		assertThat(challenge).as(what).matches(CHALLENGE);
		if (response.status() == 400) {
			assertThat(challenge).as(what).contains("error=\"invalid_request\"");
		}
		if (response.status() == 401 && challenge.contains("error=")) {
			assertThat(challenge).as(what)
				.containsAnyOf("error=\"invalid_token\"", "error=\"invalid_request\"", "error=\"invalid_dpop_proof\"");
		}
	}

	private static void assertOAuthError(RawHttp.Response response, String what) {
		assertThat(response.header("Content-Type")).as("content type of %s", what).startsWith("application/json");
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.isObject()).as(what).isTrue();
		JsonNode error = body.get("error");
		assertThat(error).as(what).isNotNull();
		assertThat(error.isString()).as(what).isTrue();
		assertThat(error.asString()).as(what).matches(ERROR_CODE);
		JsonNode description = body.get("error_description");
		if (description != null) {
			assertThat(description.asString()).as(what).matches(ERROR_CHARS);
		}
		if (response.status() == 429) {
			assertThat(response.header("Retry-After")).as(what).matches("[0-9]+");
		}
	}

	private static String mutatedToken(Generator generator) {
		String candidate;
		do {
			candidate = generator.weighted(Weighted.of(5, HttpFuzzTests::replaced),
					Weighted.of(3, (g) -> replaced(g, replaced(g))), Weighted.of(2, (g) -> {
						int i = g.between(0, token.length() - 1);
						return token.substring(0, i) + token.substring(i + 1);
					}), Weighted.of(2, (g) -> {
						int i = g.between(0, token.length());
						return token.substring(0, i) + g.pick(HEADER_CHARACTERS) + token.substring(i);
					}), Weighted.of(1, (g) -> token.substring(0, g.between(0, token.length() - 1))),
					Weighted.of(3, (g) -> token.substring(0, token.length() - 1) + g.pick(HEADER_CHARACTERS)),
					Weighted.of(2, (g) -> g.pick(segmentVariants())),
					Weighted.of(3, (g) -> encode(g.pick(headers())) + token.substring(token.indexOf('.'))),
					Weighted.of(3, (g) -> part(0) + "." + encode(g.pick(payloads())) + "." + part(2)),
					Weighted.of(1, (g) -> g.string(400, '!', '~')), Weighted.of(1, (g) -> g.string(60, "aA0-_.=")),
					Weighted.of(1, (g) -> (token + ".").repeat(g.between(2, 5))));
		}
		while (candidate.length() >= MAX_HEADER);
		return candidate;
	}

	private static String replaced(Generator generator) {
		return replaced(generator, token);
	}

	private static String replaced(Generator generator, String value) {
		int i = generator.between(0, value.length() - 1);
		return value.substring(0, i) + generator.pick(HEADER_CHARACTERS) + value.substring(i + 1);
	}

	private static String part(int index) {
		return token.split("\\.")[index];
	}

	private static String[] segmentVariants() {
		String h = part(0);
		String p = part(1);
		String s = part(2);
		return new String[] { p + "." + h + "." + s, h + "." + p, h + "." + p + ".", h + ".." + s, token + "." + s,
				token + "=", h + "=." + p + "." + s, token + token, ".", "..", "...", "", token + "." + s };
	}

	private static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String[] headers() {
		String original = new String(Base64.getUrlDecoder().decode(part(0)), StandardCharsets.UTF_8);
		return new String[] { original, "{\"alg\":\"none\"}", "{\"alg\":\"none\",\"typ\":\"at+jwt\"}",
				"{\"alg\":\"HS256\"}", "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", "{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
				"{}", "[]", "null", "\"alg\"", "{\"alg\":\"RS256\"", "{\"alg\":123}", "{\"alg\":[\"RS256\"]}",
				original.replace("}", ",\"crit\":[\"exp\"]}"), original.replace("}", ",\"jku\":\"https://evil/\"}"),
				original.replace("}", ",\"enc\":\"A128GCM\"}"), original.replace("}", ",\"zip\":\"DEF\"}"),
				original.replace("}", ",\"cty\":\"JWT\"}"), original.replace("}", ",\"b64\":false}"),
				original.replace("}", ",\"kid\":\"../../etc/passwd\"}"), original.replace("}", ",\"kid\":null}"),
				original.replace("{", "{\"alg\":\"none\","), original + original, "{\"alg\":\"RS256\"}\u0000",
				"{" + "\"a\":[".repeat(2000) };
	}

	private static String[] payloads() {
		String original = new String(Base64.getUrlDecoder().decode(part(1)), StandardCharsets.UTF_8);
		return new String[] { original.replace("alice", "admin"),
				original.replaceAll("\"exp\":\\d+", "\"exp\":99999999999"),
				original.replaceAll("\"exp\":\\d+", "\"exp\":\"never\""), original.replaceAll("\"exp\":\\d+,?", ""),
				original.replaceAll("\"jti\":\"[^\"]*\",?", ""), "{}", "[]", "null", "{\"sub\":\"alice\"}",
				original.replace("{", "{\"sub\":\"admin\","), original.replace("}", ",\"exp\":1}"),
				original.substring(1), "{" + "\"a\":[".repeat(1500),
				original.replaceAll("\"iat\":\\d+", "\"iat\":1e400"),
				original.replaceAll("\"exp\":\\d+", "\"exp\":-1") };
	}

	private static List<String> authorizationHeaders(Generator generator) {
		List<String> values;
		do {
			values = generator.list(1, generator.chance(80) ? 1 : 3, (g) -> {
				String scheme = g.pick("Bearer", "bearer", "BEARER", "Basic", "DPoP", "Token", "", "Bearer:",
						"Bearer,");
				String separator = g.pick(" ", "  ", "\t", "", ", ", " =");
				String credential = g.weighted(Weighted.of(3, (h) -> token),
						Weighted.of(3, HttpFuzzTests::mutatedToken), Weighted.of(1, (h) -> h.pick(token + " " + token,
								token + ",", "", "=", "YWxpY2U6cGFzcw==", token + " extra")));
				return scheme + separator + credential;
			});
		}
		while (values.stream().mapToInt(String::length).sum() >= MAX_HEADER);
		return values;
	}

	private static String contentType(Generator generator) {
		return generator.pick("application/json", "application/json", "application/json; charset=UTF-8",
				"application/x-www-form-urlencoded", "application/x-www-form-urlencoded",
				"application/x-www-form-urlencoded; charset=ISO-8859-1", "multipart/form-data; boundary=xyz",
				"multipart/form-data", "multipart/form-data; boundary=", "text/plain", "application/xml", "*/*", "",
				"application/json; charset=EBCDIC", "garbage", "application/", ";;;", "application/jwt",
				"application/json-patch+json", "application/x-www-form-urlencoded; charset=nope");
	}

	private static byte[] body(Generator generator) {
		return generator.weighted(Weighted.of(6, (g) -> utf8(json(g))), Weighted.of(5, (g) -> utf8(form(g))),
				Weighted.of(2, (g) -> utf8(g.pick(
						"--xyz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n--xyz--\r\n",
						"--xyz\r\n\r\n", "--xyz--", "garbage",
						"--xyz\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n",
						"--abc\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n--abc--\r\n"))),
				Weighted.of(2, (g) -> g.bytes(600)), Weighted.of(1,
						(g) -> utf8("{\"username\":\"" + "a".repeat(g.between(64 * 1024, 2 * 1024 * 1024)) + "\"}")));
	}

	private static String key(Generator generator) {
		return generator.pick("username", "password", "refresh_token", "token", "token_type_hint", "grant_type", "x",
				"", "username[]", "password\u0000");
	}

	private static String text(Generator generator) {
		return generator.weighted(Weighted.of(1, (g) -> g.anyText(40)), Weighted.of(1, (g) -> g.string(40, ' ', '~')),
				Weighted.of(1, (g) -> g.pick("alice", "alice-password", token, refreshToken, "refresh_token",
						"access_token", "\u0000", "%", "%zz", "&", "=")));
	}

	private static String json(Generator generator) {
		return generator.weighted(Weighted.of(4, HttpFuzzTests::jsonObject), Weighted.of(1, (g) -> {
			int depth = g.between(100, 100_000);
			return "[".repeat(depth) + "]".repeat(depth);
		}), Weighted.of(1, (g) -> {
			int depth = g.between(100, 20_000);
			return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
		}), Weighted.of(1,
				(g) -> g.pick("", "[]", "\"alice\"", "1", "null", "{", "{\"username\":", "{\"username\":\"alice\"}}",
						"{\"username\":\"a\",\"username\":\"b\",\"password\":\"c\"}", "\u00ef\u00bb\u00bf{}")));
	}

	private static String jsonObject(Generator generator) {
		List<String> members = generator.list(0, 5,
				(g) -> jsonString(key(g)) + ":"
						+ g.weighted(Weighted.of(3, (h) -> jsonString(text(h))),
								Weighted.of(1, (h) -> h.pick("null", "true", "1", "-0", "1e999", "[]", "{}",
										"[\"a\",\"b\"]", "{\"a\":1}", "\"\\ud800\"", "9".repeat(400)))));
		return "{" + String.join(",", members) + "}";
	}

	private static String form(Generator generator) {
		return String.join("&", generator.list(0, 5, (g) -> key(g) + "=" + text(g)));
	}

	private static String jsonString(String value) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String shown(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		return (text.length() > 300) ? text.substring(0, 300) + "... (" + body.length + " bytes)" : text;
	}

}
