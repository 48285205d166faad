package io.github.jwtauth.autoconfigure.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.Instances.Instance;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws mutated tokens, {@code Authorization} headers and request bodies at the HTTP
 * endpoints of a running application and checks every answer: never a 5xx, never a hang,
 * every refusal a well-formed RFC 6750 challenge or OAuth JSON error. The seeds are fixed
 * so a run is repeatable; the number of tries per property is {@code jqwik.tries.default}
 * in {@code junit-platform.properties}. The number of cases each property ran is printed
 * at the end.
 */
class HttpFuzzTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** RFC 6749 §5.2 / RFC 6750 §3: error codes and descriptions use only these. */
	private static final Pattern ERROR_CHARS = Pattern.compile("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*");

	private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]+");

	/**
	 * {@code Bearer} (RFC 6750) or {@code DPoP} (RFC 9449, Spring Security's answer to a
	 * DPoP scheme) alone or followed by auth-params with quoted values.
	 */
	private static final Pattern BEARER_CHALLENGE = Pattern.compile(
			"(?:Bearer|DPoP)(?: [a-z_]+=\"[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*\"(?:, [a-z_]+=\"[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*\")*)?");

	private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final Map<String, AtomicInteger> CASES = new java.util.concurrent.ConcurrentSkipListMap<>();

	private static Instances instances;

	private static RawHttp http;

	private static String token;

	private static String refreshToken;

	@BeforeContainer
	static void start() {
		instances = new Instances();
		Instance instance = instances.start("jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences=api");
		http = new RawHttp(Integer.parseInt(instance.context().getEnvironment().getProperty("local.server.port")));
		var login = instance.login("alice");
		assertThat(login.status()).isEqualTo(200);
		token = login.accessToken();
		refreshToken = login.refreshToken();
	}

	@AfterContainer
	static void stop() {
		if (instances != null) {
			instances.close();
		}
		StringBuilder report = new StringBuilder("HTTP fuzz cases run:");
		CASES.forEach((name, count) -> report.append(' ').append(name).append('=').append(count.get()));
		System.out.println(report);
	}

	private static void count(String property) {
		CASES.computeIfAbsent(property, (key) -> new AtomicInteger()).incrementAndGet();
	}

	@Property(seed = "20261128", shrinking = ShrinkingMode.BOUNDED)
	void mutatedBearerTokensAreRefused(@ForAll("mutatedTokens") String candidate) throws IOException {
		count("bearer-tokens");
		RawHttp.Response response = http.exchange("GET", "/api/me",
				List.<String[]>of(new String[] { "Authorization", "Bearer " + candidate }), null);
		if (candidate.equals(token)) {
			assertThat(response.status()).isEqualTo(200);
		}
		else {
			assertThat(response.status()).as("%s for %s", response, candidate).isIn(400, 401);
			assertBearerRefusal(response);
		}
	}

	@Property(seed = "20261128", shrinking = ShrinkingMode.BOUNDED)
	void authorizationHeadersAreAnsweredCleanly(@ForAll("authorizationHeaders") List<String> values,
			@ForAll("queries") String query) throws IOException {
		count("authorization-headers");
		List<String[]> headers = new ArrayList<>();
		values.forEach((value) -> headers.add(new String[] { "Authorization", value }));
		RawHttp.Response response = http.exchange("GET", "/api/me" + query, headers, null);
		assertThat(response.status()).as("%s for %s %s", response, values, query).isIn(200, 400, 401);
		if (response.status() == 200) {
			assertThat(values).as("a 200 needs the valid token").hasSize(1);
			assertThat(values.get(0)).endsWith(token);
			assertThat(query).doesNotContain("access_token");
		}
		else {
			assertBearerRefusal(response);
		}
	}

	@Property(seed = "20261128", shrinking = ShrinkingMode.BOUNDED)
	void tokenEndpointBodiesAreAnsweredCleanly(@ForAll("endpoints") String endpoint,
			@ForAll("contentTypes") String contentType, @ForAll("bodies") Body body, @ForAll("methods") String method)
			throws IOException {
		count("token-endpoint-bodies");
		List<String[]> headers = new ArrayList<>();
		if (!contentType.isEmpty()) {
			headers.add(new String[] { "Content-Type", contentType });
		}
		RawHttp.Response response = http.exchange(method, endpoint, headers, body.bytes());
		String what = method + " " + endpoint + " " + contentType + " " + body;
		assertThat(response.status()).as("status for %s", what).isBetween(200, 499);
		if (response.status() < 300) {
			assertThat(endpoint).as("only revocation answers 200 to an anonymous caller: %s", what)
				.isEqualTo("/auth/revoke");
			return;
		}
		if (response.status() == 401 && endpoint.startsWith("/auth/logout")) {
			assertBearerRefusal(response);
			return;
		}
		assertOAuthError(response, what);
	}

	@Example
	void aBearerRequestWithUnreadableParametersIsRefusedAsMalformed() throws IOException {
		RawHttp.Response response = http.exchange("GET", "/api/me?a=%zz",
				List.<String[]>of(new String[] { "Authorization", "Bearer " + token }), null);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
	}

	@Example
	void aSecondAuthorizationHeaderIsRefusedAsMalformed() throws IOException {
		String[] header = { "Authorization", "Bearer " + token };
		RawHttp.Response response = http.exchange("GET", "/api/me", List.of(header, header), null);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
	}

	private static void assertBearerRefusal(RawHttp.Response response) {
		String challenge = response.header("WWW-Authenticate");
		assertThat(challenge).as("WWW-Authenticate of %s", response).isNotNull();
		assertThat(challenge).matches(BEARER_CHALLENGE);
		if (response.status() == 400) {
			assertThat(challenge).contains("error=\"invalid_request\"");
		}
		if (response.status() == 401 && challenge.contains("error=")) {
			assertThat(challenge).containsAnyOf("error=\"invalid_token\"", "error=\"invalid_request\"",
					"error=\"invalid_dpop_proof\"");
		}
	}

	private static void assertOAuthError(RawHttp.Response response, String what) {
		assertThat(response.header("Content-Type")).as("content type of %s for %s", response.status(), what)
			.startsWith("application/json");
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.isObject()).as("body of %s for %s: %s", response.status(), what, response.text()).isTrue();
		JsonNode error = body.get("error");
		assertThat(error).as("error of %s for %s: %s", response.status(), what, response.text()).isNotNull();
		assertThat(error.isString()).isTrue();
		assertThat(error.asString()).matches(ERROR_CODE);
		JsonNode description = body.get("error_description");
		if (description != null) {
			assertThat(description.asString()).as("error_description for %s", what).matches(ERROR_CHARS);
		}
		if (response.status() == 429) {
			assertThat(response.header("Retry-After")).matches("[0-9]+");
		}
	}

	@Provide
	Arbitrary<String> mutatedTokens() {
		Arbitrary<Integer> index = Arbitraries.integers().between(0, token.length() - 1);
		// visible ASCII, space and tab only: anything else in a header is refused by the
		// container's HTTP parser before the application sees the request
		Arbitrary<Character> character = Arbitraries.of(toCharacters(BASE64URL + "=.+/ ~!%\"\\{}\t"));
		Arbitrary<String> replaced = Combinators.combine(index, character)
			.as((i, c) -> token.substring(0, i) + c + token.substring(i + 1));
		Arbitrary<String> twiceReplaced = Combinators.combine(index, character, index, character)
			.as((i, c, j, d) -> replace(replace(token, i, c), j, d));
		Arbitrary<String> deleted = index.map((i) -> token.substring(0, i) + token.substring(i + 1));
		Arbitrary<String> inserted = Combinators.combine(index, character)
			.as((i, c) -> token.substring(0, i) + c + token.substring(i));
		Arbitrary<String> truncated = index.map((i) -> token.substring(0, i));
		Arbitrary<String> lastCharacter = character.map((c) -> token.substring(0, token.length() - 1) + c);
		String[] parts = token.split("\\.");
		Arbitrary<String> segments = Arbitraries.of(parts[1] + "." + parts[0] + "." + parts[2],
				parts[0] + "." + parts[1], parts[0] + "." + parts[1] + ".", parts[0] + ".." + parts[2],
				token + "." + parts[2], token + "=", parts[0] + "=." + parts[1] + "." + parts[2], token + token, ".",
				"..", "...", "", parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2]);
		Arbitrary<String> header = Arbitraries.of(headers()).map((h) -> encode(h) + "." + parts[1] + "." + parts[2]);
		Arbitrary<String> payload = Arbitraries.of(payloads()).map((p) -> parts[0] + "." + encode(p) + "." + parts[2]);
		Arbitrary<String> random = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(400);
		Arbitrary<String> dotted = Arbitraries.strings().withChars("aA0-_.=").ofMaxLength(60);
		Arbitrary<String> long_ = Arbitraries.integers().between(2, 5).map((n) -> (token + ".").repeat(n));
		return Arbitraries.frequencyOf(Tuple.of(5, replaced), Tuple.of(3, twiceReplaced), Tuple.of(2, deleted),
				Tuple.of(2, inserted), Tuple.of(1, truncated), Tuple.of(3, lastCharacter), Tuple.of(2, segments),
				Tuple.of(3, header), Tuple.of(3, payload), Tuple.of(1, random), Tuple.of(1, dotted),
				Tuple.of(1, long_));
	}

	private static String replace(String value, int index, char c) {
		return value.substring(0, index) + c + value.substring(index + 1);
	}

	private static Character[] toCharacters(String chars) {
		return chars.chars().mapToObj((c) -> (char) c).toArray(Character[]::new);
	}

	private static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static List<String> headers() {
		String original = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
		return List.of(original, "{\"alg\":\"none\"}", "{\"alg\":\"none\",\"typ\":\"at+jwt\"}", "{\"alg\":\"HS256\"}",
				"{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", "{\"alg\":\"RS256\",\"typ\":\"JWT\"}", "{}", "[]", "null",
				"\"alg\"", "{\"alg\":\"RS256\"", "{\"alg\":123}", "{\"alg\":[\"RS256\"]}",
				original.replace("}", ",\"crit\":[\"exp\"]}"), original.replace("}", ",\"jku\":\"https://evil/\"}"),
				original.replace("}", ",\"enc\":\"A128GCM\"}"), original.replace("}", ",\"zip\":\"DEF\"}"),
				original.replace("}", ",\"cty\":\"JWT\"}"), original.replace("}", ",\"b64\":false}"),
				original.replace("}", ",\"kid\":\"../../etc/passwd\"}"), original.replace("}", ",\"kid\":null}"),
				original.replace("{", "{\"alg\":\"none\","), original + original, "{\"alg\":\"RS256\"}\u0000");
	}

	private static List<String> payloads() {
		String original = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
		return List.of(original.replace("alice", "admin"), original.replaceAll("\"exp\":\\d+", "\"exp\":99999999999"),
				original.replaceAll("\"exp\":\\d+", "\"exp\":\"never\""), original.replaceAll("\"exp\":\\d+,?", ""),
				"{}", "[]", "null", "{\"sub\":\"alice\"}", original.replace("{", "{\"sub\":\"admin\","),
				original.replace("}", ",\"exp\":1}"), original.substring(1), "{" + "\"a\":[".repeat(3000),
				original.replaceAll("\"iat\":\\d+", "\"iat\":1e400"),
				original.replaceAll("\"exp\":\\d+", "\"exp\":-1"));
	}

	@Provide
	Arbitrary<List<String>> authorizationHeaders() {
		Arbitrary<String> scheme = Arbitraries.of("Bearer", "bearer", "BEARER", "Basic", "DPoP", "Token", "", "Bearer:",
				"Bearer,");
		Arbitrary<String> separator = Arbitraries.of(" ", "  ", "\t", "", ", ", " =");
		Arbitrary<String> credential = Arbitraries.oneOf(Arbitraries.just(token), mutatedTokens(),
				Arbitraries.of(token + " " + token, token + ",", "", "=", "YWxpY2U6cGFzcw==", token + " extra"));
		Arbitrary<String> value = Combinators.combine(scheme, separator, credential).as((s, sep, c) -> s + sep + c);
		// under the container's header limit (8 KB): past it Tomcat answers 400 itself,
		// before the application sees the request
		return Arbitraries.oneOf(value.list().ofSize(1), value.list().ofMinSize(2).ofMaxSize(3))
			.filter((values) -> values.stream().mapToInt(String::length).sum() < 7000);
	}

	@Provide
	Arbitrary<String> queries() {
		return Arbitraries.of("", "", "", "?access_token=" + token, "?access_token=", "?access_token=x&access_token=y",
				"?a=%zz", "?%", "?x=" + "a".repeat(2000));
	}

	@Provide
	Arbitrary<String> endpoints() {
		return Arbitraries.of("/auth/login", "/auth/refresh", "/auth/revoke", "/auth/logout", "/auth/logout-all");
	}

	@Provide
	Arbitrary<String> methods() {
		return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("POST")),
				Tuple.of(1, Arbitraries.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS")));
	}

	@Provide
	Arbitrary<String> contentTypes() {
		return Arbitraries.of("application/json", "application/json", "application/json; charset=UTF-8",
				"application/x-www-form-urlencoded", "application/x-www-form-urlencoded",
				"application/x-www-form-urlencoded; charset=ISO-8859-1", "multipart/form-data; boundary=xyz",
				"multipart/form-data", "multipart/form-data; boundary=", "text/plain", "application/xml", "*/*", "",
				"application/json; charset=EBCDIC", "garbage", "application/", ";;;", "application/jwt",
				"application/json-patch+json", "application/x-www-form-urlencoded; charset=nope");
	}

	@Provide
	Arbitrary<Body> bodies() {
		Arbitrary<String> key = Arbitraries.of("username", "password", "refresh_token", "token", "token_type_hint",
				"grant_type", "x", "", "username[]", "password\u0000");
		Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
				Arbitraries.of("alice", "alice-password", token, refreshToken, "refresh_token", "access_token",
						"\u0000", "%", "%zz", "&", "="));
		Arbitrary<String> jsonValue = Arbitraries.oneOf(text.map(HttpFuzzTests::jsonString), Arbitraries.of("null",
				"true", "1", "-0", "1e999", "[]", "{}", "[\"a\",\"b\"]", "{\"a\":1}", "\"\\ud800\"", "9".repeat(400)));
		Arbitrary<String> jsonObject = Combinators.combine(key, jsonValue)
			.as((k, v) -> jsonString(k) + ":" + v)
			.list()
			.ofMaxSize(5)
			.map((members) -> "{" + String.join(",", members) + "}");
		Arbitrary<String> deep = Arbitraries.integers()
			.between(100, 100_000)
			.map((depth) -> "[".repeat(depth) + "]".repeat(depth));
		Arbitrary<String> deepObject = Arbitraries.integers()
			.between(100, 20_000)
			.map((depth) -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
		Arbitrary<String> json = Arbitraries.oneOf(jsonObject, jsonObject, deep, deepObject,
				Arbitraries.of("", "[]", "\"alice\"", "1", "null", "{", "{\"username\":", "{\"username\":\"alice\"}}",
						"{\"username\":\"a\",\"username\":\"b\",\"password\":\"c\"}", "\u00ef\u00bb\u00bf{}"));
		Arbitrary<String> form = Combinators.combine(key, text)
			.as((k, v) -> k + "=" + v)
			.list()
			.ofMaxSize(5)
			.map((pairs) -> String.join("&", pairs));
		Arbitrary<String> multipart = Arbitraries.of(
				"--xyz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n--xyz--\r\n",
				"--xyz\r\n\r\n", "--xyz--", "garbage",
				"--xyz\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n",
				"--abc\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n--abc--\r\n");
		Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
		Arbitrary<byte[]> huge = Arbitraries.integers()
			.between(64 * 1024, 2 * 1024 * 1024)
			.map((size) -> ("{\"username\":\"" + "a".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8));
		return Arbitraries
			.<byte[]>frequencyOf(Tuple.of(6, json.map((s) -> s.getBytes(StandardCharsets.UTF_8))),
					Tuple.of(5, form.map((s) -> s.getBytes(StandardCharsets.UTF_8))),
					Tuple.of(2, multipart.map((s) -> s.getBytes(StandardCharsets.UTF_8))), Tuple.of(2, bytes),
					Tuple.of(1, huge))
			.map(Body::new);
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

	/**
	 * A request body, shown as text (cut short) when a case fails.
	 */
	record Body(byte[] bytes) {

		@Override
		public String toString() {
			String text = new String(this.bytes, StandardCharsets.UTF_8);
			return (text.length() > 300) ? text.substring(0, 300) + "... (" + this.bytes.length + " bytes)" : text;
		}

	}

}
