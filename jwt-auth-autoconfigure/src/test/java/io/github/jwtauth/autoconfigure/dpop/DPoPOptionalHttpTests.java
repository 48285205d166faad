package io.github.jwtauth.autoconfigure.dpop;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP in its default mode, {@code optional}, over real HTTP: the binding of the tokens
 * of a login and its refreshes to the client's key, every refusal of a resource request
 * with its status, challenge and body, and logout and revocation of a bound token.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000" })
class DPoPOptionalHttpTests {

	private static final String PREFIX = "DPoP ";

	@Autowired
	ApplicationContext context;

	private DPoPHttp dpop;

	private DPoPKey key;

	private String token;

	private String meUrl;

	@BeforeEach
	void logIn() {
		this.dpop = DPoPHttp.of(this.context);
		this.key = this.dpop.key();
		Response login = this.dpop.login(this.key);
		DPoPHttp.assertBound(login, this.key);
		this.token = login.accessToken();
		this.meUrl = this.dpop.url("/api/me");
	}

	// token endpoints

	@Test
	void theBindingOfALoginSurvivesRotationsWithProofsOfTheSameKey() {
		Response login = this.dpop.login(this.key);
		DPoPHttp.assertBound(login, this.key);
		assertThat(this.dpop.me(login.accessToken(), this.key).status()).isEqualTo(200);
		String refreshToken = login.refreshToken();
		for (int i = 0; i < 3; i++) {
			Response refreshed = this.dpop.refresh(refreshToken, this.key);
			DPoPHttp.assertBound(refreshed, this.key);
			assertThat(refreshed.refreshToken()).isNotEqualTo(refreshToken);
			assertThat(this.dpop.me(refreshed.accessToken(), this.key).status()).isEqualTo(200);
			refreshToken = refreshed.refreshToken();
		}
	}

	@Test
	void aBoundRefreshTokenIsRefusedWithAnotherKeyOrWithoutProofAndStaysUnspent() {
		String refreshToken = this.dpop.login(this.key).refreshToken();
		DPoPKey other = this.dpop.key();
		DPoPHttp.assertTokenError(this.dpop.refresh(refreshToken, other), "invalid_grant");
		DPoPHttp.assertTokenError(this.dpop.refresh(refreshToken), "invalid_grant");
		DPoPHttp.assertTokenError(this.dpop.refreshForm(refreshToken), "invalid_grant");
		// none of those spent it (a spent one would kill the family)
		Response refreshed = this.dpop.refresh(refreshToken, this.key);
		DPoPHttp.assertBound(refreshed, this.key);
		DPoPHttp.assertBound(this.dpop.refresh(refreshed.refreshToken(), this.key), this.key);
	}

	@Test
	void aLoginWithoutProofGetsABearerTokenRefusedWithTheDPoPScheme() {
		Response login = this.dpop.login();
		DPoPHttp.assertBearer(login);
		String bearer = login.accessToken();
		assertThat(this.dpop.get("/api/me", "Bearer " + bearer).status()).isEqualTo(200);
		Response asDPoP = this.dpop.get("/api/me", PREFIX + bearer, this.key.proof("GET", this.meUrl, bearer));
		DPoPHttp.assertDPoPRefusal(asDPoP, 401, "invalid_token");
		// the session stays a bearer session: a proof at refresh does not bind it
		Response refreshed = this.dpop.refresh(login.refreshToken(), this.key);
		DPoPHttp.assertBearer(refreshed);
		assertThat(this.dpop.get("/api/me", "Bearer " + refreshed.accessToken()).status()).isEqualTo(200);
	}

	@Test
	void formEncodedLoginAndRefreshAreBoundToo() {
		Response login = this.dpop.loginForm(this.key.proof("POST", this.dpop.url("/auth/login")));
		DPoPHttp.assertBound(login, this.key);
		Response refreshed = this.dpop.refreshForm(login.refreshToken(),
				this.key.proof("POST", this.dpop.url("/auth/refresh")));
		DPoPHttp.assertBound(refreshed, this.key);
		assertThat(this.dpop.me(refreshed.accessToken(), this.key).status()).isEqualTo(200);
		DPoPHttp.assertBearer(this.dpop.loginForm());
	}

	@Test
	void aLoginProofIsForTheLoginEndpointOnly() {
		// a proof made for the refresh endpoint, or for GET, is not one for the login
		DPoPHttp.assertTokenError(this.dpop.login(this.key.proof("POST", this.dpop.url("/auth/refresh"))),
				"invalid_dpop_proof");
		DPoPHttp.assertTokenError(this.dpop.login(this.key.proof("GET", this.dpop.url("/auth/login"))),
				"invalid_dpop_proof");
		String proof = this.key.proof("POST", this.dpop.url("/auth/login"));
		DPoPHttp.assertBound(this.dpop.login(proof), this.key);
		DPoPHttp.assertTokenError(this.dpop.login(proof), "invalid_dpop_proof");
	}

	// resource requests

	@Test
	void aBoundTokenWithAGoodProofIsAccepted() {
		Response me = this.dpop.me(this.token, this.key);
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.field("subject")).isEqualTo("alice");
		// the scheme in any case
		Response lower = this.dpop.get("/api/me", "dpop " + this.token, this.key.proof("GET", this.meUrl, this.token));
		assertThat(lower.status()).as(lower.toString()).isEqualTo(200);
	}

	@Test
	void aBoundTokenAsBearerIsRefused() {
		DPoPHttp.assertBearerRefusal(this.dpop.get("/api/me", "Bearer " + this.token), 401, "invalid_token");
		// a proof alongside does not help
		DPoPHttp.assertBearerRefusal(
				this.dpop.get("/api/me", "Bearer " + this.token, this.key.proof("GET", this.meUrl, this.token)), 401,
				"invalid_token");
	}

	@Test
	void theDPoPSchemeWithoutProofIsRefused() {
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", PREFIX + this.token), 401, "invalid_dpop_proof");
	}

	@Test
	void twoDPoPHeadersAreRefused() {
		Response response = this.dpop.get("/api/me", PREFIX + this.token, this.key.proof("GET", this.meUrl, this.token),
				this.key.proof("GET", this.meUrl, this.token));
		DPoPHttp.assertDPoPRefusal(response, 401, "invalid_dpop_proof");
	}

	@Test
	void aReplayedProofIsRefused() {
		String proof = this.key.proof("GET", this.meUrl, this.token);
		assertThat(this.dpop.get("/api/me", PREFIX + this.token, proof).status()).isEqualTo(200);
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", PREFIX + this.token, proof), 401, "invalid_dpop_proof",
				"used before");
	}

	@Test
	void aProofOfAnotherKeyIsRefused() {
		DPoPKey thief = this.dpop.key();
		DPoPHttp.assertDPoPRefusal(
				this.dpop.get("/api/me", PREFIX + this.token, thief.proof("GET", this.meUrl, this.token)), 401,
				"invalid_dpop_proof");
		// the thief's own login does not make the stolen token theirs
		DPoPHttp.assertDPoPRefusal(this.dpop.me(this.token, DPoPKey.eddsa().clock(this.dpop.clock())), 401,
				"invalid_dpop_proof");
	}

	@Test
	void aProofForAnotherMethodIsRefused() {
		DPoPHttp.assertDPoPRefusal(
				this.dpop.get("/api/me", PREFIX + this.token, this.key.proof("POST", this.meUrl, this.token)), 401,
				"invalid_dpop_proof");
		DPoPHttp.assertDPoPRefusal(
				this.dpop.get("/api/me", PREFIX + this.token, this.key.proof("get", this.meUrl, this.token)), 401,
				"invalid_dpop_proof");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/public", "/api/me/", "/api/me/x", "/api", "/API/me" })
	void aProofForAnotherPathIsRefused(String path) {
		DPoPHttp.assertDPoPRefusal(
				this.dpop.get("/api/me", PREFIX + this.token, this.key.proof("GET", this.dpop.url(path), this.token)),
				401, "invalid_dpop_proof");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://api.example.com:%d/api/me", "http://localhost.evil:%d/api/me",
			"https://127.0.0.1:%d/api/me", "http://127.0.0.1:1%d/api/me", "http://127.0.0.2:%d/api/me", "/api/me" })
	void aProofForAnotherOriginIsRefused(String htu) {
		int port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		String uri = htu.contains("%d") ? htu.formatted(port) : htu;
		DPoPHttp.assertDPoPRefusal(
				this.dpop.get("/api/me", PREFIX + this.token, this.key.proof("GET", uri, this.token)), 401,
				"invalid_dpop_proof");
	}

	@Test
	void theQueryAndFragmentOfHtuAndOfTheRequestAreIgnored() {
		Response withQuery = this.dpop.get("/api/me?page=2", PREFIX + this.token,
				this.key.proof("GET", this.meUrl + "?page=2#top", this.token));
		assertThat(withQuery.status()).as(withQuery.toString()).isEqualTo(200);
		Response requestQueryOnly = this.dpop.get("/api/me?page=2", PREFIX + this.token,
				this.key.proof("GET", this.meUrl, this.token));
		assertThat(requestQueryOnly.status()).as(requestQueryOnly.toString()).isEqualTo(200);
		Response proofQueryOnly = this.dpop.get("/api/me", PREFIX + this.token,
				this.key.proof("GET", this.meUrl + "?other=1", this.token));
		assertThat(proofQueryOnly.status()).as(proofQueryOnly.toString()).isEqualTo(200);
	}

	@Test
	void aProofWithoutAthOrWithTheAthOfAnotherTokenIsRefused() {
		String missing = this.key.proof().method("GET").uri(this.meUrl).sign();
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", PREFIX + this.token, missing), 401, "invalid_dpop_proof");
		String otherToken = this.dpop.login(this.key).accessToken();
		String wrong = this.key.proof("GET", this.meUrl, otherToken);
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", PREFIX + this.token, wrong), 401, "invalid_dpop_proof");
		String garbage = this.key.proof().method("GET").uri(this.meUrl).claim("ath", "not-a-hash").sign();
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", PREFIX + this.token, garbage), 401, "invalid_dpop_proof");
	}

	@Test
	void aProofTooOldOrFromTheFutureIsRefused() {
		Clock clock = this.dpop.clock();
		String old = this.key.proof()
			.method("GET")
			.uri(this.meUrl)
			.accessToken(this.token)
			.issuedAt(clock.instant().minusSeconds(120))
			.sign();
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", PREFIX + this.token, old), 401, "invalid_dpop_proof");
		String future = this.key.proof()
			.method("GET")
			.uri(this.meUrl)
			.accessToken(this.token)
			.issuedAt(clock.instant().plusSeconds(60))
			.sign();
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", PREFIX + this.token, future), 401, "invalid_dpop_proof");
		// within the limits: 50s old, 3s ahead
		for (long seconds : new long[] { -50, 3 }) {
			String fine = this.key.proof()
				.method("GET")
				.uri(this.meUrl)
				.accessToken(this.token)
				.issuedAt(clock.instant().plusSeconds(seconds))
				.sign();
			assertThat(this.dpop.get("/api/me", PREFIX + this.token, fine).status()).as("iat %+d s", seconds)
				.isEqualTo(200);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "DPoP", "DPoP ", "DPoP  ", "DPoP a b", "DPoP a=b", "DPoP \"x\"", "DPoP x,y", "DPoPtoken",
			"dpop\tabc" })
	void aMalformedDPoPAuthorizationIsRefused(String authorization) {
		Response response = this.dpop.get("/api/me", authorization, this.key.proof("GET", this.meUrl, this.token));
		DPoPHttp.assertDPoPRefusal(response, 401, "invalid_token");
	}

	@Test
	void theDPoPSchemeWithAnAccessTokenParameterIsAMalformedRequest() {
		Response response = this.dpop.get("/api/me?access_token=" + this.token, PREFIX + this.token,
				this.key.proof("GET", this.meUrl, this.token));
		DPoPHttp.assertDPoPRefusal(response, 400, "invalid_request");
		// a form body parameter too
		Response form = this.dpop.http()
			.send(DPoPHttp.withProofs(
					this.dpop.http()
						.request("/api/me")
						.header("Authorization", PREFIX + this.token)
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString("access_token=" + this.token)),
					this.key.proof("POST", this.meUrl, this.token)));
		assertThat(form.status()).as(form.toString()).isEqualTo(400);
		assertThat(form.field("error")).isEqualTo("invalid_request");
	}

	@Test
	void twoAuthorizationHeadersAreAMalformedRequest() {
		Response response = this.dpop.http()
			.send(this.dpop.http()
				.request("/api/me")
				.header("Authorization", PREFIX + this.token)
				.header("Authorization", PREFIX + this.token)
				.header("DPoP", this.key.proof("GET", this.meUrl, this.token))
				.GET());
		DPoPHttp.assertDPoPRefusal(response, 400, "invalid_request");
	}

	@Test
	void aBadTokenSpendsNoProof() {
		String proof = this.key.proof("GET", this.meUrl, this.token);
		String tampered = this.token.substring(0, this.token.length() - 8) + "AAAAAAAA";
		DPoPHttp.assertDPoPRefusal(this.dpop.get("/api/me", PREFIX + tampered, proof), 401, "invalid_token");
		Response me = this.dpop.get("/api/me", PREFIX + this.token, proof);
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
	}

	@Test
	void aLoginWithTheWrongPasswordSpendsNoProof() {
		String proof = this.key.proof("POST", this.dpop.url("/auth/login"));
		Response wrong = this.dpop.postJson("/auth/login", "{\"username\":\"bob\",\"password\":\"wrong\"}", proof);
		assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
		assertThat(wrong.field("error")).isEqualTo("invalid_credentials");
		DPoPHttp.assertBound(this.dpop.login(proof), this.key);
		DPoPHttp.assertTokenError(this.dpop.login(proof), "invalid_dpop_proof");
	}

	@Test
	void aRefreshWithAnUnknownRefreshTokenSpendsNoProof() {
		String refreshToken = this.dpop.login(this.key).refreshToken();
		String proof = this.key.proof("POST", this.dpop.url("/auth/refresh"));
		DPoPHttp.assertTokenError(this.dpop.refresh("unknown-refresh-token", proof), "invalid_grant");
		Response refreshed = this.dpop.refresh(refreshToken, proof);
		DPoPHttp.assertBound(refreshed, this.key);
		DPoPHttp.assertTokenError(this.dpop.refresh(refreshed.refreshToken(), proof), "invalid_dpop_proof");
	}

	@Test
	void noCredentialsGetBothChallenges() {
		Response response = this.dpop.get("/api/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.raw().headers().allValues("WWW-Authenticate")).hasSize(2)
			.anySatisfy((challenge) -> assertThat(challenge).startsWith("Bearer").doesNotContain("error="))
			.anySatisfy((challenge) -> assertThat(challenge)
				.isEqualTo("DPoP algs=\"ES256 ES384 ES512 EdDSA RS256 PS256\""));
		assertThat(response.json()).containsEntry("error", "unauthorized");
	}

	@Test
	void aProofAloneIsNoCredential() {
		Response response = this.dpop.get("/api/me", null, this.key.proof("GET", this.meUrl, this.token));
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.raw().headers().allValues("WWW-Authenticate")).hasSize(2);
	}

	// logout and revocation

	@Test
	void logoutWithABoundTokenAndItsProofRevokesTheSession() {
		Response login = this.dpop.login(this.key);
		String access = login.accessToken();
		String logoutUrl = this.dpop.url("/auth/logout");
		Response logout = this.dpop.postJson("/auth/logout", "{}", new String[0]);
		assertThat(logout.status()).as("no credentials").isEqualTo(401);
		Response bearerLogout = this.dpop.http()
			.send(this.dpop.http()
				.request("/auth/logout")
				.header("Authorization", "Bearer " + access)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(bearerLogout.status()).as(bearerLogout.toString()).isEqualTo(401);
		assertThat(this.dpop.me(access, this.key).status()).as("a bound token as bearer logs nothing out")
			.isEqualTo(200);
		Response dpopLogout = this.dpop.http()
			.send(this.dpop.http()
				.request("/auth/logout")
				.header("Authorization", PREFIX + access)
				.header("DPoP", this.key.proof("POST", logoutUrl, access))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(dpopLogout.status()).as(dpopLogout.toString()).isEqualTo(204);
		DPoPHttp.assertDPoPRefusal(this.dpop.me(access, this.key), 401, "invalid_token");
		DPoPHttp.assertTokenError(this.dpop.refresh(login.refreshToken(), this.key), "invalid_grant");
		// the session of the test's own login is another one
		assertThat(this.dpop.me(this.token, this.key).status()).isEqualTo(200);
	}

	@Test
	void theRevocationEndpointRevokesABoundAccessToken() {
		Response revoke = this.dpop.http().revoke(this.token);
		assertThat(revoke.status()).as(revoke.toString()).isEqualTo(200);
		DPoPHttp.assertDPoPRefusal(this.dpop.me(this.token, this.key), 401, "invalid_token");
	}

	@Test
	void theRevocationEndpointRevokesABoundRefreshToken() {
		Response login = this.dpop.login(this.key);
		Response revoke = this.dpop.http()
			.postForm("/auth/revoke", Map.of("token", login.refreshToken(), "token_type_hint", "refresh_token"), null);
		assertThat(revoke.status()).as(revoke.toString()).isEqualTo(200);
		DPoPHttp.assertTokenError(this.dpop.refresh(login.refreshToken(), this.key), "invalid_grant");
	}

}
