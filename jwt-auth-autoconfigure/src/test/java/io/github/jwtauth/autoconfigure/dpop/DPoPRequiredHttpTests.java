package io.github.jwtauth.autoconfigure.dpop;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.refresh.RefreshTokenService;
import io.github.jwtauth.refresh.TokenResponse;
import io.github.jwtauth.test.AccessTokens;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jwt.auth.dpop.mode=required} over real HTTP: only DPoP-bound tokens are issued
 * and accepted.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000", "jwt.auth.dpop.mode=required" })
class DPoPRequiredHttpTests {

	@Autowired
	ApplicationContext context;

	private DPoPHttp dpop;

	@BeforeEach
	void client() {
		this.dpop = DPoPHttp.of(this.context);
	}

	@Test
	void aLoginWithoutProofIsRefused() {
		DPoPHttp.assertTokenError(this.dpop.login(), "invalid_dpop_proof");
		DPoPHttp.assertTokenError(this.dpop.loginForm(), "invalid_dpop_proof");
	}

	@Test
	void aLoginWithAProofGetsBoundTokens() {
		DPoPKey key = this.dpop.key();
		Response login = this.dpop.login(key);
		DPoPHttp.assertBound(login, key);
		assertThat(this.dpop.me(login.accessToken(), key).status()).isEqualTo(200);
		Response refreshed = this.dpop.refresh(login.refreshToken(), key);
		DPoPHttp.assertBound(refreshed, key);
		DPoPHttp.assertTokenError(this.dpop.refresh(refreshed.refreshToken()), "invalid_dpop_proof");
		DPoPHttp.assertBound(this.dpop.refresh(refreshed.refreshToken(), key), key);
	}

	@Test
	void aBearerTokenIsRefusedWithADPoPChallenge() {
		String bearer = new AccessTokens(this.context.getBean(JwtTokenService.class)).issue("alice", "ROLE_USER");
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", "Bearer " + bearer), 401, "invalid_token");
		// with the DPoP scheme it is not bound
		DPoPKey key = this.dpop.key();
		DPoPHttp.assertDPoPRefusal(this.dpop.me(bearer, key), 401, "invalid_token");
	}

	@Test
	void noCredentialsGetTheDPoPChallengeOnly() {
		Response response = this.dpop.get("/api/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.raw().headers().allValues("WWW-Authenticate"))
			.containsExactly("DPoP algs=\"ES256 ES384 ES512 EdDSA RS256 PS256\"");
		assertThat(response.field("error")).isEqualTo("unauthorized");
	}

	@Test
	void anUnboundSessionIsRefusedAtRefresh() {
		// a session started before DPoP was required (a bearer login in optional mode)
		TokenResponse session = this.context.getBean(RefreshTokenService.class)
			.startSession(UsernamePasswordAuthenticationToken.authenticated("alice", null,
					AuthorityUtils.createAuthorityList("ROLE_USER")), null);
		String refreshToken = session.refreshToken();
		assertThat(refreshToken).isNotNull();
		DPoPKey key = this.dpop.key();
		DPoPHttp.assertTokenError(this.dpop.refresh(refreshToken, key), "invalid_grant");
		DPoPHttp.assertTokenError(this.dpop.refresh(refreshToken), "invalid_dpop_proof");
		// and its access token is refused as a bearer token
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", "Bearer " + session.accessToken().tokenValue()), 401,
				"invalid_token");
	}

}
