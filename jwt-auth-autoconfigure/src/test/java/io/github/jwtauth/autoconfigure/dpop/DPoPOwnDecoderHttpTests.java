package io.github.jwtauth.autoconfigure.dpop;

import io.github.jwtauth.autoconfigure.testapp.OwnNimbusDecoderConfiguration;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import io.github.jwtauth.token.JwtAuthDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with its own {@code JwtDecoder} (a stock {@code NimbusJwtDecoder}, which
 * knows nothing of {@code cnf}): a bound token is still refused as a bearer token, and
 * the DPoP scheme still needs a fresh proof of the token's key.
 */
@SpringBootTest(classes = { TestApplication.class, OwnNimbusDecoderConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000" })
class DPoPOwnDecoderHttpTests {

	@Autowired
	ApplicationContext context;

	private DPoPHttp dpop;

	private DPoPKey key;

	private String token;

	@BeforeEach
	void logIn() {
		assertThat(this.context.getBeansOfType(JwtAuthDecoder.class)).isEmpty();
		this.dpop = DPoPHttp.of(this.context);
		this.key = this.dpop.key();
		Response login = this.dpop.login(this.key);
		DPoPHttp.assertBound(login, this.key);
		this.token = login.accessToken();
	}

	@Test
	void aBoundTokenIsRefusedAsBearer() {
		DPoPHttp.assertBearerRefusal(this.dpop.get("/api/me", "Bearer " + this.token), 401, "invalid_token");
	}

	@Test
	void theProofIsStillEnforced() {
		String meUrl = this.dpop.url("/api/me");
		String proof = this.key.proof("GET", meUrl, this.token);
		Response me = this.dpop.get("/api/me", "DPoP " + this.token, proof);
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", "DPoP " + this.token, proof), 401, "invalid_dpop_proof");
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", "DPoP " + this.token), 401, "invalid_dpop_proof");
		DPoPHttp.assertDPoPRefusal(this.dpop.me(this.token, this.dpop.key()), 401, "invalid_dpop_proof");
		DPoPHttp.assertDPoPRefusal(
				this.dpop.get("/api/me", "DPoP " + this.token, this.key.proof("POST", meUrl, this.token)), 401,
				"invalid_dpop_proof");
	}

	@Test
	void anUnboundTokenIsRefusedWithTheDPoPScheme() {
		Response login = this.dpop.login();
		DPoPHttp.assertBearer(login);
		String bearer = login.accessToken();
		assertThat(this.dpop.get("/api/me", "Bearer " + bearer).status()).isEqualTo(200);
		DPoPHttp.assertDPoPRefusal(this.dpop.me(bearer, this.key), 401, "invalid_token");
	}

	@Test
	void aRevokedBoundTokenIsRefused() {
		assertThat(this.dpop.http().revoke(this.token).status()).isEqualTo(200);
		DPoPHttp.assertDPoPRefusal(this.dpop.me(this.token, this.key), 401, "invalid_token");
	}

}
