package io.github.jwtauth.resourceserver;

import java.net.http.HttpRequest;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.dpop.DPoPProof;
import io.github.jwtauth.dpop.DPoPProofException;
import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.dpop.DPoPProofVerifier;
import io.github.jwtauth.dpop.InMemoryDPoPProofReplayStore;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * DPoP-bound tokens (RFC 9449) of a real jwt-auth issuer at the resource server. The test
 * starts the issuer, an application with the starter and two users (as jwt-auth-sample),
 * on a port of its own, points the resource server's {@code jwt.auth.jwk-set-uri} and
 * revocation feed at it, and logs in there with a DPoP proof: the token is bound to the
 * client's key ({@code cnf.jkt}). The resource server, configured as the sample ships
 * (DPoP {@code optional} by default, its own in-memory replay store), accepts that token
 * only with {@code Authorization: DPoP} and a fresh proof of the same key for its own
 * URL, and refuses it as a bearer token, with a proof for the issuer's URL, with a proof
 * seen before and with another key's proof.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ResourceServerDPoPTests {

	/** The default proof algorithms ({@code jwt.auth.dpop.algorithms}). */
	private static final String ALGS = "algs=\"ES256 ES384 ES512 EdDSA RS256 PS256\"";

	private static ConfigurableApplicationContext issuer;

	private static JwtAuthClient issuerHttp;

	@LocalServerPort
	int port;

	@Autowired
	DPoPProofReplayStore replayStore;

	@Autowired
	DPoPProofVerifier proofs;

	JwtAuthClient http;

	DPoPKey key;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
		this.key = DPoPKey.es256();
	}

	@DynamicPropertySource
	static void issuerUris(DynamicPropertyRegistry registry) {
		startIssuer();
		registry.add("jwt.auth.jwk-set-uri", () -> issuerHttp.baseUrl() + "/.well-known/jwks.json");
		registry.add("jwt.auth.revocation-feed-uri", () -> issuerHttp.baseUrl() + "/auth/revocations");
	}

	@AfterAll
	static void stopIssuer() {
		if (issuer != null) {
			issuer.close();
			issuer = null;
		}
	}

	@Test
	void acceptsTheBoundTokenWithAFreshProofForItsOwnUrl() throws ParseException {
		String token = login(this.key);
		Object cnf = SignedJWT.parse(token).getJWTClaimsSet().getClaim("cnf");
		assertThat(cnf).isEqualTo(Map.of("jkt", this.key.thumbprint()));
		String uri = this.http.baseUrl() + "/api/me";
		String proof = this.key.proof("GET", uri, token);

		JwtAuthClient.Response me = getMe(token, proof);

		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.json()).containsEntry("service", "resource-server-sample").containsEntry("subject", "alice");
		// the proof was recorded in the resource server's own replay store (the
		// configured one: memory, by default), and not at the issuer
		assertThat(this.replayStore).isInstanceOf(InMemoryDPoPProofReplayStore.class)
			.isNotSameAs(issuer.getBean(DPoPProofReplayStore.class));
		DPoPProof seenHere = this.proofs.verifyWithoutReplayCheck(proof, "GET", uri, token, this.key.thumbprint());
		assertThatExceptionOfType(DPoPProofException.class).isThrownBy(() -> this.proofs.checkReplay(seenHere))
			.withMessageContaining("used before");
		DPoPProofVerifier issuerProofs = issuer.getBean(DPoPProofVerifier.class);
		DPoPProof unknownThere = issuerProofs.verifyWithoutReplayCheck(proof, "GET", uri, token, this.key.thumbprint());
		assertThatNoException().isThrownBy(() -> issuerProofs.checkReplay(unknownThere));
	}

	@Test
	void refusesTheBoundTokenAsABearerToken() {
		String token = login(this.key);
		JwtAuthClient.Response response = this.http.get("/api/me", token);
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer ").contains("error=\"invalid_token\"");
		assertThat(response.field("error")).isEqualTo("invalid_token");
	}

	@Test
	void refusesAProofForTheIssuersUrl() {
		String token = login(this.key);
		String forIssuer = this.key.proof("GET", issuerHttp.baseUrl() + "/api/me", token);
		assertRefusedProof(getMe(token, forIssuer));
		// the same key with a proof for this server's URL is fine
		assertThat(getMe(token, this.key.proof("GET", this.http.baseUrl() + "/api/me", token)).status()).isEqualTo(200);
	}

	@Test
	void refusesAReplayedProof() {
		String token = login(this.key);
		String proof = this.key.proof("GET", this.http.baseUrl() + "/api/me", token);
		assertThat(getMe(token, proof).status()).isEqualTo(200);
		assertRefusedProof(getMe(token, proof));
	}

	@Test
	void refusesAProofOfAnotherKey() {
		String token = login(this.key);
		DPoPKey thief = DPoPKey.es256();
		assertRefusedProof(getMe(token, thief.proof("GET", this.http.baseUrl() + "/api/me", token)));
	}

	@Test
	void refusesTheBoundTokenWithoutAProof() {
		String token = login(this.key);
		JwtAuthClient.Response response = this.http
			.send(this.http.request("/api/me").header("Authorization", "DPoP " + token).GET());
		assertRefusedProof(response);
	}

	@Test
	void refusesAProofMadeForAnotherToken() {
		String token = login(this.key);
		String other = login(this.key);
		// a proof of the right key, made for another token of the same key (ath)
		assertRefusedProof(getMe(token, this.key.proof("GET", this.http.baseUrl() + "/api/me", other)));
	}

	@Test
	void challengesWithBothSchemesWithoutCredentials() {
		JwtAuthClient.Response response = this.http.get("/api/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.raw().headers().allValues("WWW-Authenticate")).containsExactly("Bearer", "DPoP " + ALGS);
	}

	@Test
	void stillAcceptsAnUnboundTokenOfTheIssuerAsABearerToken() {
		JwtAuthClient.Response login = issuerHttp.login("alice", "alice-password");
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.field("token_type")).isEqualTo("Bearer");
		assertThat(this.http.get("/api/me", login.accessToken()).status()).isEqualTo(200);
	}

	@Test
	void refusesABoundTokenRevokedAtTheIssuer() {
		String token = login(this.key);
		assertThat(getMe(token, this.key.proof("GET", this.http.baseUrl() + "/api/me", token)).status()).isEqualTo(200);
		JwtAuthClient.Response logout = issuerHttp.send(issuerHttp.request("/auth/logout")
			.header("Authorization", "DPoP " + token)
			.header("DPoP", this.key.proof("POST", issuerHttp.baseUrl() + "/auth/logout", token))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> getMe(token, this.key.proof("GET", this.http.baseUrl() + "/api/me", token)).status() == 401);
		JwtAuthClient.Response revoked = getMe(token, this.key.proof("GET", this.http.baseUrl() + "/api/me", token));
		assertThat(revoked.header("WWW-Authenticate")).startsWith("DPoP ").contains("error=\"invalid_token\"");
		assertThat(revoked.field("error_description")).isEqualTo("Token revoked");
	}

	private JwtAuthClient.Response getMe(String token, String proof) {
		return this.http
			.send(this.http.request("/api/me").header("Authorization", "DPoP " + token).header("DPoP", proof).GET());
	}

	private static void assertRefusedProof(JwtAuthClient.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("DPoP ")
			.contains("error=\"invalid_dpop_proof\"")
			.endsWith(ALGS);
		assertThat(response.field("error")).isEqualTo("invalid_dpop_proof");
	}

	/** Log in at the issuer with a DPoP proof: a token bound to the key. */
	private static String login(DPoPKey key) {
		JwtAuthClient.Response login = issuerHttp.send(issuerHttp.request("/auth/login")
			.header("Content-Type", "application/json")
			.header("DPoP", key.proof("POST", issuerHttp.baseUrl() + "/auth/login"))
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-password\"}")));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.field("token_type")).isEqualTo("DPoP");
		return login.accessToken();
	}

	private static synchronized void startIssuer() {
		if (issuer != null) {
			return;
		}
		// its own configuration only: not the resource server's application.properties,
		// which is on the same class path
		issuer = new SpringApplicationBuilder(Issuer.class).run("--spring.config.name=dpop-test-issuer",
				"--server.port=0", "--spring.main.banner-mode=off", "--spring.application.name=issuer",
				"--jwt.auth.issuer=jwt-auth", "--jwt.auth.audiences=jwt-auth",
				"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"--management.health.redis.enabled=false");
		issuerHttp = JwtAuthClient
			.forPort(Integer.parseInt(issuer.getEnvironment().getRequiredProperty("local.server.port")));
	}

	/**
	 * The issuer: the starter with a generated RSA key, the in-memory store and two
	 * users, as jwt-auth-sample. Not a {@code @Configuration}, so that neither this test
	 * nor the resource server's component scan picks it up.
	 */
	@EnableAutoConfiguration
	static class Issuer {

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}alice-password").roles("USER").build(),
					User.withUsername("admin").password("{noop}admin-password").roles("USER", "ADMIN").build());
		}

	}

}
