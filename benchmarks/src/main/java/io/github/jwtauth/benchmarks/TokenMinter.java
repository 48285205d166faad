package io.github.jwtauth.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes access tokens, one per line, that the sample (jwt-auth) and the stock resource
 * server both accept. Used by {@code load.sh}:
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
		String algorithm = options.getOrDefault("algorithm", "HS256");
		String keyId = required(options, "key-id");
		String issuer = options.getOrDefault("issuer", "jwt-auth");
		String audience = options.getOrDefault("audience", "jwt-auth");
		String subject = options.getOrDefault("subject", "alice");
		Duration ttl = Duration.parse(options.getOrDefault("ttl", "PT1H"));
		int count = Integer.parseInt(options.getOrDefault("count", "1"));
		TokenFactory factory = switch (algorithm) {
			case "HS256" -> TokenFactory.hs256(TokenFactory.secretBytes(required(options, "secret")), keyId, issuer,
					audience, ttl);
			case "RS256" -> TokenFactory.rs256(TokenFactory.readPrivateKey(Path.of(required(options, "private-key"))),
					keyId, issuer, audience, ttl);
			default -> throw new IllegalArgumentException("Unsupported algorithm " + algorithm);
		};
		String out = options.get("out");
		try (Writer writer = (out != null) ? Files.newBufferedWriter(Path.of(out), StandardCharsets.US_ASCII)
				: new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII))) {
			for (int i = 0; i < count; i++) {
				writer.write(factory.mint(subject, UUID.randomUUID().toString()));
				writer.write('\n');
			}
		}
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException("Missing --" + name + "=...");
		}
		return value;
	}

}
