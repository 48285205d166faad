package io.github.jwtauth.autoconfigure.dpop;

import java.util.List;
import java.util.function.Function;

import io.github.jwtauth.autoconfigure.dpop.BadProofs.Request;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of bad proofs over real HTTP: each is refused at a resource (401
 * {@code invalid_dpop_proof} with a DPoP challenge) and at the login endpoint (400
 * {@code invalid_dpop_proof}), never answered with a 500; and the good proof of the same
 * request passes, so each refusal is for the defect.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000" })
class DPoPBadProofHttpTests {

	@Autowired
	ApplicationContext context;

	private DPoPHttp dpop;

	private DPoPKey key;

	private String token;

	@BeforeEach
	void logIn() {
		this.dpop = DPoPHttp.of(this.context);
		this.key = this.dpop.key();
		Response login = this.dpop.login(this.key);
		DPoPHttp.assertBound(login, this.key);
		this.token = login.accessToken();
	}

	static List<Named<Function<Request, String>>> badProofs() {
		return BadProofs.all();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badProofs")
	void isRefusedAtAResource(Function<Request, String> badProof) {
		Request request = new Request(this.key, this.dpop.clock(), "GET", this.dpop.url("/api/me"), this.token);
		Response refused = this.dpop.get("/api/me", "DPoP " + this.token, badProof.apply(request));
		DPoPHttp.assertDPoPRefusal(refused, 401, "invalid_dpop_proof");
		Response good = this.dpop.get("/api/me", "DPoP " + this.token, request.good());
		assertThat(good.status()).as(good.toString()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badProofs")
	void isRefusedAtTheLoginEndpoint(Function<Request, String> badProof) {
		Request request = new Request(this.key, this.dpop.clock(), "POST", this.dpop.url("/auth/login"), null);
		Response refused = this.dpop.login(badProof.apply(request));
		DPoPHttp.assertTokenError(refused, "invalid_dpop_proof");
		assertThat(refused.field("error_description")).isNotBlank();
		DPoPHttp.assertBound(this.dpop.login(request.good()), this.key);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badProofs")
	void isRefusedAtTheRefreshEndpointLeavingTheRefreshTokenUnspent(Function<Request, String> badProof) {
		String refreshToken = this.dpop.login(this.key).refreshToken();
		Request request = new Request(this.key, this.dpop.clock(), "POST", this.dpop.url("/auth/refresh"), null);
		Response refused = this.dpop.refresh(refreshToken, badProof.apply(request));
		DPoPHttp.assertTokenError(refused, "invalid_dpop_proof");
		DPoPHttp.assertBound(this.dpop.refresh(refreshToken, request.good()), this.key);
	}

}
