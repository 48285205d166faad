package io.github.jwtauth.autoconfigure.dpop;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jwt.auth.dpop.mode=off} over real HTTP: a server that does not know DPoP.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000", "jwt.auth.dpop.mode=off" })
class DPoPOffHttpTests {

	@Autowired
	ApplicationContext context;

	private DPoPHttp dpop;

	@BeforeEach
	void client() {
		this.dpop = DPoPHttp.of(this.context);
	}

	@Test
	void aDPoPHeaderAtLoginAndRefreshIsIgnored() {
		DPoPKey key = this.dpop.key();
		Response login = this.dpop.login(key);
		DPoPHttp.assertBearer(login);
		// even a bad one
		DPoPHttp.assertBearer(this.dpop.login("not-a-proof"));
		DPoPHttp.assertBearer(this.dpop.login(key.proof("POST", this.dpop.url("/auth/login")), "second"));
		Response refreshed = this.dpop.refresh(login.refreshToken(), key);
		DPoPHttp.assertBearer(refreshed);
		assertThat(this.dpop.get("/api/me", "Bearer " + refreshed.accessToken()).status()).isEqualTo(200);
	}

	@Test
	void theDPoPSchemeIsRefusedWithABearerChallenge() {
		DPoPKey key = this.dpop.key();
		String token = this.dpop.login(key).accessToken();
		Response response = this.dpop.me(token, key);
		DPoPHttp.assertBearerRefusal(response, 401, "invalid_token");
		DPoPHttp.assertBearerRefusal(this.dpop.get("/api/me", "DPoP a b"), 401, "invalid_token");
		assertThat(this.dpop.get("/api/me", "Bearer " + token).status()).isEqualTo(200);
	}

	@Test
	void noCredentialsGetTheBearerChallengeOnly() {
		Response response = this.dpop.get("/api/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.raw().headers().allValues("WWW-Authenticate")).singleElement()
			.satisfies((challenge) -> assertThat(challenge).startsWith("Bearer").doesNotContain("DPoP"));
	}

}
