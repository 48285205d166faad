package io.github.jwtauth.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.github.jwtauth.keys.PemKeys;
import io.github.jwtauth.test.TestJwts;

import org.springframework.core.io.FileSystemResource;

/**
 * Writes access tokens, one per line, that the sample (jwt-auth) and the stock resource
 * server both accept, signed with jwt-auth-test's {@link TestJwts}. Used by
 * {@code load.sh}:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.jwtauth.benchmarks.TokenMinter \
 *     --algorithm=HS256 --secret=base64:... --key-id=bench-hs256 --count=10000 --out=tokens.txt
 * java -cp benchmarks/target/benchmarks.jar io.github.jwtauth.benchmarks.TokenMinter \
 *     --algorithm=RS256 --private-key=private.pem --key-id=bench-rs256 --count=1
 * </pre>
 *
 * Options: {@code --algorithm} (HS256 or RS256), {@code --secret} ({@code base64:...},
 * HS256), {@code --private-key} (PKCS#8 PEM file, RS256), {@code --key-id},
 * {@code --issuer} (default jwt-auth), {@code --audience} (default jwt-auth),
 * {@code --subject} (default alice), {@code --ttl} (ISO-8601, default PT1H),
 * {@code --count} (default 1), {@code --out} (default standard output). Every token has
 * its own {@code jti}, so the token texts are distinct.
 */
public final class TokenMinter {

	private TokenMinter() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Expected --name=value, got " + arg);
			}
			int eq = arg.indexOf('=');
			options.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		JWSAlgorithm algorithm = JWSAlgorithm.parse(options.getOrDefault("algorithm", "HS256"));
		String keyId = required(options, "key-id");
		String issuer = options.getOrDefault("issuer", TestJwts.DEFAULT_ISSUER);
		String audience = options.getOrDefault("audience", TestJwts.DEFAULT_ISSUER);
		String subject = options.getOrDefault("subject", "alice");
		Duration ttl = Duration.parse(options.getOrDefault("ttl", "PT1H"));
		int count = Integer.parseInt(options.getOrDefault("count", "1"));
		JWK key = key(algorithm, options);
		JWSHeader header = TestJwts.header(algorithm, keyId).build();
		String out = options.get("out");
		try (Writer writer = (out != null) ? Files.newBufferedWriter(Path.of(out), StandardCharsets.US_ASCII)
				: new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII))) {
			for (int i = 0; i < count; i++) {
				Instant now = Instant.now();
				writer.write(TestJwts.sign(key, header,
						TestJwts.claims(subject, now)
							.issuer(issuer)
							.audience(List.of(audience))
							.expirationTime(Date.from(now.plus(ttl)))
							.jwtID(UUID.randomUUID().toString())
							.build()));
				writer.write('\n');
			}
		}
	}

	private static JWK key(JWSAlgorithm algorithm, Map<String, String> options) throws IOException {
		if (JWSAlgorithm.HS256.equals(algorithm)) {
			String secret = required(options, "secret");
			byte[] bytes = secret.startsWith("base64:")
					? Base64.getDecoder().decode(secret.substring("base64:".length()).trim())
					: secret.getBytes(StandardCharsets.UTF_8);
			return new OctetSequenceKey.Builder(bytes).build();
		}
		if (JWSAlgorithm.RS256.equals(algorithm)) {
			RSAPrivateKey privateKey = PemKeys
				.privateKey(new FileSystemResource(Path.of(required(options, "private-key"))));
			return new RSAKey.Builder(PemKeys.publicKeyOf(privateKey)).privateKey(privateKey).build();
		}
		throw new IllegalArgumentException("Unsupported algorithm " + algorithm);
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException("Missing --" + name + "=...");
		}
		return value;
	}

}
