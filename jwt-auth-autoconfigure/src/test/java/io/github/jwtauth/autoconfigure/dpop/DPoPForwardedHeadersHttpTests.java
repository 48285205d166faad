package io.github.jwtauth.autoconfigure.dpop;

import java.net.http.HttpRequest;

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
 * Behind a reverse proxy ({@code server.forward-headers-strategy=framework}): a proof
 * names the URL the client called, the proxy's, which the application sees through the
 * forwarded headers; a proof of the internal URL is refused.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000",
				"server.forward-headers-strategy=framework" })
class DPoPForwardedHeadersHttpTests {

	private static final String EXTERNAL = "https://api.example.com";

	@Autowired
	ApplicationContext context;

	private DPoPHttp dpop;

	private DPoPKey key;

	@BeforeEach
	void client() {
		this.dpop = DPoPHttp.of(this.context);
		this.key = this.dpop.key();
	}

	@Test
	void proofsOfTheExternalUrlAreAccepted() {
		Response login = send(
				proxied("/auth/login", null).header("DPoP", this.key.proof("POST", EXTERNAL + "/auth/login"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(DPoPHttp.ALICE)));
		DPoPHttp.assertBound(login, this.key);
		String token = login.accessToken();
		Response me = send(proxied("/api/me", null).header("Authorization", "DPoP " + token)
			.header("DPoP", this.key.proof("GET", EXTERNAL + "/api/me", token))
			.GET());
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		// with a path prefix added by the proxy
		Response prefixed = send(proxied("/api/me", "/gateway").header("Authorization", "DPoP " + token)
			.header("DPoP", this.key.proof("GET", EXTERNAL + "/gateway/api/me", token))
			.GET());
		assertThat(prefixed.status()).as(prefixed.toString()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://api.example.com/api/me", "https://API.Example.COM/api/me",
			"HTTPS://api.example.com/api/me", "https://api.example.com:443/api/me", "https://api.example.com/api/%6De",
			"https://api.example.com/api/./me", "https://api.example.com/x/../api/me",
			"https://api.example.com/api/me?q=1#f" })
	void htuIsComparedNormalised(String htu) {
		String token = this.dpop.login(this.key).accessToken();
		Response me = send(proxied("/api/me", null).header("Authorization", "DPoP " + token)
			.header("DPoP", this.key.proof("GET", htu, token))
			.GET());
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://api.example.com/api/me", "https://api.example.com:8443/api/me",
			"https://api.example.org/api/me", "https://api.example.com/api/ME", "https://api.example.com/api/me/",
			"https://api.example.com/api/%2Fme", "https://user@api.example.com/api/me" })
	void htuOfAnotherTargetIsRefused(String htu) {
		String token = this.dpop.login(this.key).accessToken();
		Response me = send(proxied("/api/me", null).header("Authorization", "DPoP " + token)
			.header("DPoP", this.key.proof("GET", htu, token))
			.GET());
		DPoPHttp.assertDPoPRefusal(me, 401, "invalid_dpop_proof", "htu");
	}

	@Test
	void theForwardedPortIsPartOfTheUrl() {
		String token = this.dpop.login(this.key).accessToken();
		HttpRequest.Builder request = this.dpop.http()
			.request("/api/me")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "api.example.com:8443")
			.header("Authorization", "DPoP " + token);
		Response withPort = send(
				request.copy().header("DPoP", this.key.proof("GET", EXTERNAL + ":8443/api/me", token)).GET());
		assertThat(withPort.status()).as(withPort.toString()).isEqualTo(200);
		Response withoutPort = send(request.header("DPoP", this.key.proof("GET", EXTERNAL + "/api/me", token)).GET());
		DPoPHttp.assertDPoPRefusal(withoutPort, 401, "invalid_dpop_proof", "htu");
	}

	@Test
	void proofsOfTheInternalUrlAreRefusedBehindTheProxy() {
		String internalLogin = this.dpop.url("/auth/login");
		Response login = send(proxied("/auth/login", null).header("DPoP", this.key.proof("POST", internalLogin))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(DPoPHttp.ALICE)));
		DPoPHttp.assertTokenError(login, "invalid_dpop_proof");
		String token = this.dpop.login(this.key).accessToken();
		Response me = send(proxied("/api/me", null).header("Authorization", "DPoP " + token)
			.header("DPoP", this.key.proof("GET", this.dpop.url("/api/me"), token))
			.GET());
		DPoPHttp.assertDPoPRefusal(me, 401, "invalid_dpop_proof");
		Response unprefixed = send(proxied("/api/me", "/gateway").header("Authorization", "DPoP " + token)
			.header("DPoP", this.key.proof("GET", EXTERNAL + "/api/me", token))
			.GET());
		DPoPHttp.assertDPoPRefusal(unprefixed, 401, "invalid_dpop_proof");
		// without the proxy's headers, the internal URL is the one
		assertThat(this.dpop.me(token, this.key).status()).isEqualTo(200);
	}

	private HttpRequest.Builder proxied(String path, String prefix) {
		HttpRequest.Builder request = this.dpop.http()
			.request(path)
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "api.example.com");
		return (prefix != null) ? request.header("X-Forwarded-Prefix", prefix) : request;
	}

	private Response send(HttpRequest.Builder request) {
		return this.dpop.http().send(request);
	}

}
