package io.github.jwtauth.autoconfigure.dpop;

import java.time.Clock;
import java.time.Instant;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.Instances.Instance;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server nonces ({@code jwt.auth.dpop.nonce.enabled}) over real HTTP: a proof without the
 * current nonce is answered with {@code use_dpop_nonce} and a {@code DPoP-Nonce}, at the
 * token endpoints and at resources; instances with the same secret accept each other's
 * nonces, an instance with another secret does not.
 */
class DPoPNonceHttpTests {

	private static final String SECRET = "jwt.auth.dpop.nonce.secret=3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=";

	private static final String OTHER_SECRET = "jwt.auth.dpop.nonce.secret=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	@Test
	void proofsMustCarryANonceOfTheSharedSecret() {
		try (Instances instances = new Instances()) {
			Instance a = instances.start("jwt.auth.dpop.nonce.enabled=true", SECRET);
			Instance b = instances.start("jwt.auth.dpop.nonce.enabled=true", SECRET);
			Instance c = instances.start("jwt.auth.dpop.nonce.enabled=true", OTHER_SECRET);
			Instant now = Instant.now();
			for (Instance instance : new Instance[] { a, b, c }) {
				((TestClock) instance.context().getBean(Clock.class)).set(now);
			}
			DPoPHttp atA = DPoPHttp.of(a.context());
			DPoPHttp atB = DPoPHttp.of(b.context());
			DPoPHttp atC = DPoPHttp.of(c.context());
			DPoPKey key = atA.key();

			// login: no nonce, then the one handed out
			Response first = atA.login(key);
			DPoPHttp.assertTokenError(first, "use_dpop_nonce");
			String nonce = first.header("DPoP-Nonce");
			assertThat(nonce).isNotBlank();
			DPoPHttp.assertTokenError(atA.login(proof(key, "POST", atA.url("/auth/login"), null, "bogus")),
					"use_dpop_nonce");
			Response login = atA.login(proof(key, "POST", atA.url("/auth/login"), null, nonce));
			DPoPHttp.assertBound(login, key);
			assertThat(login.header("DPoP-Nonce")).isNotBlank();
			String token = login.accessToken();

			// a resource: no nonce, then the one handed out
			Response noNonce = atA.me(token, key);
			DPoPHttp.assertDPoPRefusal(noNonce, 401, "use_dpop_nonce");
			String resourceNonce = noNonce.header("DPoP-Nonce");
			assertThat(resourceNonce).isNotBlank();
			Response withNonce = atA.get("/api/me", "DPoP " + token,
					proof(key, "GET", atA.url("/api/me"), token, resourceNonce));
			assertThat(withNonce.status()).as(withNonce.toString()).isEqualTo(200);
			Response badNonce = atA.get("/api/me", "DPoP " + token,
					proof(key, "GET", atA.url("/api/me"), token, resourceNonce + "x"));
			DPoPHttp.assertDPoPRefusal(badNonce, 401, "use_dpop_nonce");

			// instance B, same secret: A's nonces are good, for a resource and a refresh
			Response atBWithANonce = atB.get("/api/me", "DPoP " + token,
					proof(key, "GET", atB.url("/api/me"), token, nonce));
			assertThat(atBWithANonce.status()).as(atBWithANonce.toString()).isEqualTo(200);
			Response loginAtB = atB.login(proof(key, "POST", atB.url("/auth/login"), null, resourceNonce));
			DPoPHttp.assertBound(loginAtB, key);
			Response refreshAtA = atA.refresh(loginAtB.refreshToken(),
					proof(key, "POST", atA.url("/auth/refresh"), null, loginAtB.header("DPoP-Nonce")));
			// the session lives in B's memory store: unknown at A, but the nonce passed
			DPoPHttp.assertTokenError(refreshAtA, "invalid_grant");

			// instance C, another secret: A's nonces are refused, its own are good
			Response atCWithANonce = atC.get("/api/me", "DPoP " + token,
					proof(key, "GET", atC.url("/api/me"), token, nonce));
			DPoPHttp.assertDPoPRefusal(atCWithANonce, 401, "use_dpop_nonce");
			String cNonce = atCWithANonce.header("DPoP-Nonce");
			assertThat(cNonce).isNotEqualTo(nonce);
			Response atCWithItsNonce = atC.get("/api/me", "DPoP " + token,
					proof(key, "GET", atC.url("/api/me"), token, cNonce));
			assertThat(atCWithItsNonce.status()).as(atCWithItsNonce.toString()).isEqualTo(200);
			DPoPHttp.assertTokenError(atC.login(proof(key, "POST", atC.url("/auth/login"), null, nonce)),
					"use_dpop_nonce");
		}
	}

	private static String proof(DPoPKey key, String method, String uri, String token, String nonce) {
		DPoPKey.Proof proof = key.proof().method(method).uri(uri).nonce(nonce);
		return ((token != null) ? proof.accessToken(token) : proof).sign();
	}

}
