package io.github.jwtauth.servletsample;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.token.LocalJwsVerifierResolver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP-bound tokens (RFC 9449) at the plain Servlet filter, over real HTTP on embedded
 * Tomcat: a token with {@code cnf.jkt} reaches the API only with
 * {@code Authorization: DPoP} and a fresh proof of its key for the request's method and
 * URL; as a bearer token, with a replayed proof, another key's proof, a proof for another
 * URL or method, or no proof it is refused with the RFC 9449 challenge. Bearer tokens
 * without {@code cnf} keep working as bearer tokens, and are refused under the
 * {@code DPoP} scheme.
 */
class ServletFilterDPoPTests {

	private static final String REALM = "realm=\"servlet-filter-sample\"";

	/** The default proof algorithms of {@code DPoPProofVerifier}. */
	private static final String ALGS = "algs=\"ES256 ES384 ES512 EdDSA RS256 PS256\"";

	private static final TestClock clock = TestClock.now();

	private static RSAKey signingKey;

	private static FilterSampleServer server;

	private static JwtAuthClient http;

	private DPoPKey key;

	private String meUri;

	@BeforeAll
	static void start() throws Exception {
		signingKey = new RSAKeyGenerator(2048).keyID("sample-key").generate();
		server = FilterSampleServer.start(0,
				new LocalJwsVerifierResolver(
						List.of(VerificationKey.rsa("sample-key", JWSAlgorithm.RS256, signingKey))),
				TestJwts.DEFAULT_ISSUER, List.of(TestJwts.DEFAULT_ISSUER), clock);
		http = JwtAuthClient.forPort(server.port());
	}

	@AfterAll
	static void stop() throws Exception {
		server.close();
	}

	@BeforeEach
	void newKey() {
		// the proofs' iat from the server's clock
		this.key = DPoPKey.es256().clock(clock);
		this.meUri = http.baseUrl() + "/api/me";
	}

	@Test
	void boundTokenWithAFreshProofReachesTheApiWithItsPrincipal() {
		String token = token("alice", List.of("ROLE_USER"), this.key.thumbprint());
		JwtAuthClient.Response me = dpop("/api/me", token, this.key.proof("GET", this.meUri, token));
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.body()).contains("\"subject\":\"alice\"").contains("ROLE_USER");
		String admin = token("admin", List.of("ROLE_USER", "ROLE_ADMIN"), this.key.thumbprint());
		JwtAuthClient.Response adminOnly = dpop("/api/admin", admin,
				this.key.proof("GET", http.baseUrl() + "/api/admin", admin));
		assertThat(adminOnly.status()).as(adminOnly.toString()).isEqualTo(200);
		// each request needs its own proof
		assertThat(dpop("/api/me", token, this.key.proof("GET", this.meUri, token)).status()).isEqualTo(200);
	}

	@Test
	void boundTokenAsABearerTokenIsRefused() {
		String token = token("alice", List.of("ROLE_USER"), this.key.thumbprint());
		JwtAuthClient.Response response = http.get("/api/me", token);
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer " + REALM + ", error=\"invalid_token\"");
		assertThat(response.field("error")).isEqualTo("invalid_token");
		// and with a proof beside it: still a bearer presentation
		JwtAuthClient.Response withProof = http.send(http.request("/api/me")
			.header("Authorization", "Bearer " + token)
			.header("DPoP", this.key.proof("GET", this.meUri, token))
			.GET());
		assertThat(withProof.status()).as(withProof.toString()).isEqualTo(401);
		assertThat(withProof.field("error")).isEqualTo("invalid_token");
	}

	@Test
	void replayedProofIsRefused() {
		String token = token("alice", List.of("ROLE_USER"), this.key.thumbprint());
		String proof = this.key.proof("GET", this.meUri, token);
		assertThat(dpop("/api/me", token, proof).status()).isEqualTo(200);
		assertRefusedProof(dpop("/api/me", token, proof));
	}

	@Test
	void proofOfAnotherKeyIsRefused() {
		String token = token("alice", List.of("ROLE_USER"), this.key.thumbprint());
		DPoPKey thief = DPoPKey.es256().clock(clock);
		assertRefusedProof(dpop("/api/me", token, thief.proof("GET", this.meUri, token)));
	}

	@Test
	void proofForAnotherUrlOrMethodIsRefused() {
		String token = token("alice", List.of("ROLE_USER"), this.key.thumbprint());
		assertRefusedProof(dpop("/api/me", token, this.key.proof("GET", http.baseUrl() + "/api/admin", token)));
		assertRefusedProof(dpop("/api/me", token, this.key.proof("GET", "http://localhost:1/api/me", token)));
		assertRefusedProof(dpop("/api/me", token, this.key.proof("POST", this.meUri, token)));
		// a proof made for another token of the same key (ath)
		String other = token("alice", List.of("ROLE_USER"), this.key.thumbprint());
		assertRefusedProof(dpop("/api/me", token, this.key.proof("GET", this.meUri, other)));
	}

	@Test
	void boundTokenWithoutAProofIsRefused() {
		String token = token("alice", List.of("ROLE_USER"), this.key.thumbprint());
		assertRefusedProof(dpop("/api/me", token, null));
	}

	@Test
	void bearerTokenWithoutCnfStillWorksAsABearerToken() {
		String token = token("alice", List.of("ROLE_USER"), null);
		JwtAuthClient.Response me = http.get("/api/me", token);
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.body()).contains("\"subject\":\"alice\"");
	}

	@Test
	void unboundTokenUnderTheDPoPSchemeIsRefused() {
		String token = token("alice", List.of("ROLE_USER"), null);
		JwtAuthClient.Response response = dpop("/api/me", token, this.key.proof("GET", this.meUri, token));
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("DPoP " + REALM + ", error=\"invalid_token\"")
			.endsWith(ALGS);
		assertThat(response.field("error")).isEqualTo("invalid_token");
	}

	@Test
	void missingCredentialsGetTheChallengesOfBothSchemes() {
		JwtAuthClient.Response response = http.get("/api/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.raw().headers().allValues("WWW-Authenticate")).containsExactly("Bearer " + REALM,
				"DPoP " + REALM + ", " + ALGS);
	}

	@Test
	void boundTokenRevokedThroughLogoutIsRefused() {
		String token = token("bob", List.of("ROLE_USER"), this.key.thumbprint());
		JwtAuthClient.Response logout = http.send(http.request("/api/logout")
			.header("Authorization", "DPoP " + token)
			.header("DPoP", this.key.proof("POST", http.baseUrl() + "/api/logout", token))
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
		JwtAuthClient.Response response = dpop("/api/me", token, this.key.proof("GET", this.meUri, token));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate"))
			.isEqualTo("DPoP " + REALM + ", error=\"invalid_token\", error_description=\"Token revoked\", " + ALGS);
	}

	private static JwtAuthClient.Response dpop(String path, String token, @Nullable String proof) {
		HttpRequest.Builder request = http.request(path).header("Authorization", "DPoP " + token);
		if (proof != null) {
			request.header("DPoP", proof);
		}
		return http.send(request.GET());
	}

	private static void assertRefusedProof(JwtAuthClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate"))
			.startsWith("DPoP " + REALM + ", error=\"invalid_dpop_proof\", error_description=\"")
			.endsWith(", " + ALGS);
		assertThat(response.field("error")).isEqualTo("invalid_dpop_proof");
	}

	/** A token of the stand-in issuer, bound to a key when {@code jkt} is given. */
	private static String token(String subject, List<String> roles, @Nullable String jkt) {
		JWTClaimsSet.Builder claims = TestJwts.claims(subject, clock.instant()).claim("roles", roles);
		if (jkt != null) {
			claims.claim("cnf", Map.of("jkt", jkt));
		}
		return TestJwts.sign(signingKey, TestJwts.header(JWSAlgorithm.RS256, "sample-key").build(), claims.build());
	}

}
