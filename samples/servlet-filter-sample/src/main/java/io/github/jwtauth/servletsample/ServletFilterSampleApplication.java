package io.github.jwtauth.servletsample;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.github.jwtauth.token.RemoteJwsVerifierResolver;

/**
 * Starts the sample: {@code mvn -f samples/servlet-filter-sample/pom.xml exec:java}. It
 * verifies the tokens of the jwt-auth sample by its JWK Set, configured by the
 * environment:
 * <ul>
 * <li>{@code JWT_AUTH_JWK_SET_URI} (default
 * {@code http://localhost:8080/.well-known/jwks.json});</li>
 * <li>{@code JWT_AUTH_ISSUER} and {@code JWT_AUTH_AUDIENCES} (default {@code jwt-auth},
 * comma-separated);</li>
 * <li>{@code SERVER_PORT} (default 8082).</li>
 * </ul>
 */
public final class ServletFilterSampleApplication {

	private ServletFilterSampleApplication() {
	}

	public static void main(String[] args) throws Exception {
		String jwkSetUri = env("JWT_AUTH_JWK_SET_URI", "http://localhost:8080/.well-known/jwks.json");
		String issuer = env("JWT_AUTH_ISSUER", "jwt-auth");
		List<String> audiences = Arrays.asList(env("JWT_AUTH_AUDIENCES", "jwt-auth").split(","));
		int port = Integer.parseInt(env("SERVER_PORT", "8082"));
		// no algorithm list: each key of the JWK Set verifies the algorithm it declares
		// (RS256, ES256, EdDSA, ...), so the issuer may sign with any of them
		FilterSampleServer server = FilterSampleServer.start(port, new RemoteJwsVerifierResolver(jwkSetUri, Set.of()),
				issuer, audiences, Clock.systemUTC());
		System.out.println(
				"servlet-filter-sample on http://localhost:" + server.port() + " verifying tokens of " + jwkSetUri);
		server.await();
	}

	private static String env(String name, String defaultValue) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : defaultValue;
	}

}
