package io.github.jwtauth.servletsample;

import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.test.web.LocalAddresses;
import io.github.jwtauth.token.LocalJwsVerifierResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain Servlet filter over real HTTP on embedded Tomcat: a valid token reaches the
 * API with its principal and roles; expired, tampered, foreign, revoked and missing
 * tokens are refused with RFC 6750 answers.
 */
class ServletFilterSampleTests {

	private static final TestClock clock = TestClock.now();

	private static RSAKey key;

	private static FilterSampleServer server;

	private static JwtAuthClient http;

	@BeforeAll
	static void start() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("sample-key").generate();
		server = FilterSampleServer.start(0,
				new LocalJwsVerifierResolver(List.of(VerificationKey.rsa("sample-key", JWSAlgorithm.RS256, key))),
				TestJwts.DEFAULT_ISSUER, List.of(TestJwts.DEFAULT_ISSUER), clock);
		http = JwtAuthClient.forPort(server.port());
	}

	@AfterAll
	static void stop() throws Exception {
		server.close();
	}

	private static String token(RSAKey signingKey, String subject, List<String> roles, Duration age) {
		return TestJwts.sign(signingKey, TestJwts.header(JWSAlgorithm.RS256, "sample-key").build(),
				TestJwts.claims(subject, clock.instant().minus(age)).claim("roles", roles).build());
	}

	@Test
	void runsWithoutSpringBootOrSpringSecurityWeb() {
		ClassLoader loader = getClass().getClassLoader();
		assertThat(ClassUtils.isPresent("org.springframework.boot.SpringApplication", loader)).isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.security.web.SecurityFilterChain", loader)).isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.security.config.annotation.web.builders.HttpSecurity",
				loader))
			.isFalse();
	}

	@Test
	void validTokenReachesTheApiWithItsPrincipalAndRoles() {
		String alice = token(key, "alice", List.of("ROLE_USER"), Duration.ZERO);
		JwtAuthClient.Response me = http.get("/api/me", alice);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.body()).contains("\"subject\":\"alice\"").contains("ROLE_USER");
		assertThat(http.get("/api/admin", alice).status()).isEqualTo(403);
		String admin = token(key, "admin", List.of("ROLE_USER", "ROLE_ADMIN"), Duration.ZERO);
		assertThat(http.get("/api/admin", admin).status()).isEqualTo(200);
		assertThat(http.get("/health", null).status()).isEqualTo(200);
	}

	@Test
	void bearerTokenOverPlainHttpFromAnotherAddressIsRefused() {
		JwtAuthClient remote = JwtAuthClient.forBaseUrl(LocalAddresses.nonLoopbackBaseUrl("http", server.port()));
		String alice = token(key, "alice", List.of("ROLE_USER"), Duration.ZERO);
		JwtAuthClient.Response response = remote.get("/api/me", alice);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("WWW-Authenticate")).isEqualTo(
				"Bearer realm=\"servlet-filter-sample\", error=\"invalid_request\", error_description=\"HTTPS is required\"");
		assertThat(response.field("error")).isEqualTo("invalid_request");
		assertThat(response.field("error_description")).isEqualTo("HTTPS is required");
		// a spoofed proxy header is not trusted
		JwtAuthClient.Response spoofed = remote.send(remote.request("/api/me")
			.header("Authorization", "Bearer " + alice)
			.header("X-Forwarded-Proto", "https"));
		assertThat(spoofed.status()).isEqualTo(400);
		// the same token from loopback, and a request without credentials from anywhere
		assertThat(http.get("/api/me", alice).status()).isEqualTo(200);
		assertThat(remote.get("/health", null).status()).isEqualTo(200);
	}

	@Test
	void missingTokenGetsABareChallenge() {
		JwtAuthClient.Response response = http.get("/api/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"servlet-filter-sample\"");
	}

	@Test
	void expiredTamperedAndForeignTokensGet401InvalidToken() throws JOSEException {
		String expired = token(key, "alice", List.of("ROLE_USER"), Duration.ofHours(1));
		String valid = token(key, "alice", List.of("ROLE_USER"), Duration.ZERO);
		String[] parts = valid.split("\\.");
		String tampered = parts[0] + "."
				+ TestJwts
					.sign(key, TestJwts.header(JWSAlgorithm.RS256, "sample-key").build(),
							TestJwts.claims("admin", clock.instant()).claim("roles", List.of("ROLE_ADMIN")).build())
					.split("\\.")[1]
				+ "." + parts[2];
		String foreign = token(new RSAKeyGenerator(2048).keyID("sample-key").generate(), "alice", List.of("ROLE_USER"),
				Duration.ZERO);
		assertRefused(expired, "Token expired");
		assertRefused(tampered, "Invalid signature");
		assertRefused(foreign, "Invalid signature");
	}

	@Test
	void revokedTokenGets401() {
		String token = token(key, "bob", List.of("ROLE_USER"), Duration.ZERO);
		assertThat(http.get("/api/me", token).status()).isEqualTo(200);
		assertThat(http.postJson("/api/logout", "{}", token).status()).isEqualTo(204);
		assertRefused(token, "Token revoked");
	}

	private static void assertRefused(String token, String description) {
		JwtAuthClient.Response response = http.get("/api/me", token);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate"))
			.isEqualTo("Bearer realm=\"servlet-filter-sample\", error=\"invalid_token\", error_description=\""
					+ description + "\"");
		assertThat(response.field("error")).isEqualTo("invalid_token");
	}

}
