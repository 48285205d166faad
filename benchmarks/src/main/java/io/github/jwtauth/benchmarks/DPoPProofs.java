package io.github.jwtauth.benchmarks;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.keys.KeyAlgorithms;
import org.jspecify.annotations.Nullable;

/**
 * The client side of {@code benchmarks/dpop.sh}: logs in to the sample with a DPoP proof
 * (RFC 9449) to get a DPoP-bound access token, and writes, for {@code dpop.lua}, files of
 * proofs for {@code GET /api/me} with that token, one per line, each with its own
 * {@code jti} (never reused: the server refuses a replay).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.jwtauth.benchmarks.DPoPProofs \
 *     --base-url=http://127.0.0.1:18098 --algorithm=ES256 --token-out=dpop-token.txt \
 *     --bearer-token-out=bearer-token.txt --proofs=warm.txt:100000,round-1.txt:50000
 * </pre>
 *
 * Options: {@code --base-url} (the sample, plain http on loopback), {@code --username}
 * and {@code --password} (default the sample's demo user alice / alice-password),
 * {@code --algorithm} (the proofs' algorithm, default ES256: RS256, PS256, ES256, ES384,
 * ES512 or EdDSA; a new key per run), {@code --path} (default /api/me: the proofs'
 * {@code htu} is base URL + path, {@code htm} GET), {@code --token-out} (the DPoP-bound
 * access token), {@code --bearer-token-out} (optional: also log in without a proof and
 * write that bearer token), {@code --proofs} (comma-separated {@code file:count}),
 * {@code --sign-with} ({@code jdk} or {@code bc}; default Bouncy Castle for ES256 and
 * EdDSA, which it signs faster than the JDK 17, the JDK otherwise).
 * <p>
 * The login must answer {@code token_type} {@code DPoP} with an access token whose
 * {@code cnf.jkt} is the proof key's thumbprint, and the bearer login {@code token_type}
 * {@code Bearer} without {@code cnf}; anything else stops the run (exit status 1) rather
 * than measure the wrong thing. Every proof carries {@code ath} (the access token's hash)
 * and {@code iat} = when it was signed: the files must be used within the server's
 * {@code jwt.auth.dpop.proof-max-age}. Tokens are written to files only, never printed.
 */
public final class DPoPProofs {

	private static final int CHUNK = 8192;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final DPoPClient client;

	private DPoPProofs(String baseUrl, DPoPClient client) {
		this.baseUrl = baseUrl;
		this.client = client;
	}

	public static void main(String[] args) throws Exception {
		try {
			run(options(args));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			System.err.println("[DPoPProofs] " + ex.getMessage());
			System.exit(1);
		}
	}

	private static void run(Map<String, String> options) throws IOException, InterruptedException {
		String baseUrl = required(options, "base-url").replaceAll("/+$", "");
		JWSAlgorithm algorithm = KeyAlgorithms.parse(options.getOrDefault("algorithm", "ES256"));
		if (algorithm == null || !KeyAlgorithms.isAsymmetric(algorithm)) {
			throw new IllegalArgumentException("--algorithm must be an asymmetric JWS algorithm");
		}
		DPoPClient client = DPoPClient.generate(algorithm);
		Provider provider = signingProvider(options.get("sign-with"), algorithm);
		if (provider != null) {
			client = client.signingWith(provider);
		}
		DPoPProofs proofs = new DPoPProofs(baseUrl, client);
		String username = options.getOrDefault("username", "alice");
		String password = options.getOrDefault("password", "alice-password");
		String token = proofs.login(username, password, true);
		write(Path.of(required(options, "token-out")), token + "\n");
		String bearerOut = options.get("bearer-token-out");
		if (bearerOut != null) {
			write(Path.of(bearerOut), proofs.login(username, password, false) + "\n");
		}
		String htu = baseUrl + options.getOrDefault("path", "/api/me");
		String ath = DPoPClient.ath(token);
		String runId = UUID.randomUUID().toString();
		String files = options.getOrDefault("proofs", "");
		for (String spec : files.split(",")) {
			if (spec.isBlank()) {
				continue;
			}
			int colon = spec.lastIndexOf(':');
			if (colon < 1) {
				throw new IllegalArgumentException("--proofs wants file:count, got " + spec);
			}
			Path file = Path.of(spec.substring(0, colon));
			int count = Integer.parseInt(spec.substring(colon + 1));
			long started = System.nanoTime();
			proofs.writeProofs(file, count, runId + "-" + file.getFileName(), htu, ath);
			System.err.printf("[DPoPProofs] %s: %,d %s proofs for GET %s in %.1f s%n", file, count, algorithm, htu,
					(System.nanoTime() - started) / 1e9);
		}
	}

	/**
	 * Log in, with or without a proof, and check what kind of token came back.
	 * @return the access token
	 */
	private String login(String username, String password, boolean dpop) throws IOException, InterruptedException {
		String url = this.baseUrl + "/auth/login";
		String body = JSONObjectUtils.toJSONString(Map.of("username", username, "password", password));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (dpop) {
			request.header("DPoP",
					this.client.proof(UUID.randomUUID().toString(), "POST", url, Instant.now().getEpochSecond(), null));
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		String kind = dpop ? "DPoP login" : "bearer login";
		if (response.statusCode() != 200) {
			throw new IllegalStateException(kind + " answered " + response.statusCode() + " "
					+ response.headers().firstValue("WWW-Authenticate").orElse("") + " " + response.body());
		}
		Map<String, Object> json;
		try {
			json = JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new IllegalStateException(kind + " answered something that is not JSON", ex);
		}
		if (!(json.get("access_token") instanceof String token) || token.isEmpty()) {
			throw new IllegalStateException(kind + " answered no access_token");
		}
		String expectedType = dpop ? "DPoP" : "Bearer";
		Object type = json.get("token_type");
		if (!(type instanceof String name) || !name.equalsIgnoreCase(expectedType)) {
			throw new IllegalStateException(kind + " answered token_type " + type + ", not " + expectedType + (dpop
					? " (is the DPoP web support in, and the sample started with" + " --jwt.auth.dpop.mode=optional?)"
					: ""));
		}
		String jkt = boundKey(token);
		if (dpop && !this.client.thumbprint().equals(jkt)) {
			throw new IllegalStateException("the DPoP token's cnf.jkt is " + jkt + ", not the proof key's thumbprint");
		}
		if (!dpop && jkt != null) {
			throw new IllegalStateException("the bearer token carries a cnf.jkt");
		}
		return token;
	}

	/**
	 * The token's {@code cnf.jkt}, read without checking the signature (the server does).
	 */
	private static @Nullable String boundKey(String token) {
		try {
			Map<String, Object> cnf = SignedJWT.parse(token).getJWTClaimsSet().getJSONObjectClaim("cnf");
			return (cnf != null && cnf.get("jkt") instanceof String jkt) ? jkt : null;
		}
		catch (ParseException ex) {
			throw new IllegalStateException("the access token is not a signed JWT", ex);
		}
	}

	/**
	 * Write {@code count} proofs, signed in chunks on all cores, one per line.
	 */
	private void writeProofs(Path file, int count, String jtiPrefix, String htu, String ath) throws IOException {
		try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
			for (int from = 0; from < count; from += CHUNK) {
				int start = from;
				long iat = Instant.now().getEpochSecond();
				String[] chunk = IntStream.range(start, Math.min(count, start + CHUNK))
					.parallel()
					.mapToObj((i) -> this.client.proof(jtiPrefix + "-" + i, "GET", htu, iat, ath))
					.toArray(String[]::new);
				for (String proof : chunk) {
					writer.write(proof);
					writer.write('\n');
				}
			}
		}
	}

	private static @Nullable Provider signingProvider(@Nullable String choice, JWSAlgorithm algorithm) {
		boolean bcFaster = JWSAlgorithm.ES256.equals(algorithm) || JWSAlgorithm.EdDSA.equals(algorithm);
		if ("jdk".equals(choice) || (choice == null && !bcFaster)) {
			return null;
		}
		if (choice != null && !"bc".equals(choice)) {
			throw new IllegalArgumentException("--sign-with must be jdk or bc");
		}
		try {
			return (Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider")
				.getDeclaredConstructor()
				.newInstance();
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			if (choice != null) {
				throw new IllegalStateException("Bouncy Castle is not on the class path");
			}
			return null;
		}
	}

	private static void write(Path file, String text) throws IOException {
		Files.writeString(file, text, StandardCharsets.US_ASCII);
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Expected --name=value, got " + arg);
			}
			int eq = arg.indexOf('=');
			options.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException("Missing --" + name + "=...");
		}
		return value;
	}

}
