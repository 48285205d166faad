package io.github.jwtauth.web;

import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.dpop.DPoPMode;
import io.github.jwtauth.dpop.DPoPProofVerifier;
import io.github.jwtauth.dpop.InMemoryDPoPProofReplayStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The challenges with and without {@code resource_metadata} (RFC 9728 §5.1). The HTTP
 * tests follow the URL to the document.
 */
class AccessTokenChallengesTests {

	private static final JwtDecoder DECODER = (token) -> {
		throw new UnsupportedOperationException();
	};

	@ParameterizedTest
	@CsvSource({
			"http, 127.0.0.1, 8080, '', /api/me, http://127.0.0.1:8080/.well-known/oauth-protected-resource/api/me",
			"https, api.example.com, 443, '', /api/me, https://api.example.com/.well-known/oauth-protected-resource/api/me",
			"http, api.example.com, 80, /ctx, /ctx/api/me, http://api.example.com/ctx/.well-known/oauth-protected-resource/api/me",
			"https, api.example.com, 8443, /ctx, /ctx, https://api.example.com:8443/ctx/.well-known/oauth-protected-resource",
			"https, api.example.com, 443, '', /, https://api.example.com/.well-known/oauth-protected-resource/" })
	void theMetadataUrlDescribesTheRequestedUrl(String scheme, String host, int port, String contextPath, String uri,
			String url) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setScheme(scheme);
		request.setServerName(host);
		request.setServerPort(port);
		request.setContextPath(contextPath);
		request.setQueryString("page=2");
		assertThat(AccessTokenChallenges.resourceMetadataUrl(request)).isEqualTo(url);
	}

	@Test
	void withoutResourceMetadataTheChallengesAreBare() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		AccessTokenChallenges.of(null, dpop(DPoPMode.OPTIONAL)).writeMissing(request(), response);
		assertThat(response.getHeaders("WWW-Authenticate")).containsExactly("Bearer", "DPoP algs=\"ES256 EdDSA\"");
	}

	@Test
	void everyChallengeNamesTheMetadata() throws Exception {
		String metadata = "resource_metadata=\"http://localhost/.well-known/oauth-protected-resource/api/me\"";
		AccessTokenChallenges challenges = AccessTokenChallenges.of(null, dpop(DPoPMode.OPTIONAL))
			.withResourceMetadata();

		MockHttpServletResponse missing = new MockHttpServletResponse();
		challenges.writeMissing(request(), missing);
		assertThat(missing.getStatus()).isEqualTo(401);
		assertThat(missing.getHeaders("WWW-Authenticate")).containsExactly("Bearer " + metadata,
				"DPoP " + metadata + ", algs=\"ES256 EdDSA\"");

		MockHttpServletResponse invalid = new MockHttpServletResponse();
		challenges.writeRefusal(request(), invalid,
				new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Token revoked")));
		assertThat(invalid.getHeaders("WWW-Authenticate"))
			.containsExactly("Bearer error=\"invalid_token\", error_description=\"Token revoked\", " + metadata);

		MockHttpServletRequest dpopRequest = request();
		dpopRequest.addHeader("Authorization", "DPoP token");
		MockHttpServletResponse badProof = new MockHttpServletResponse();
		challenges.writeRefusal(dpopRequest, badProof,
				new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Token revoked")));
		assertThat(badProof.getHeaders("WWW-Authenticate"))
			.containsExactly("DPoP error=\"invalid_token\", error_description=\"Token revoked\", " + metadata
					+ ", algs=\"ES256 EdDSA\"");
	}

	@Test
	void withDPoPRequiredOnlyTheDPoPChallengeNamesIt() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		AccessTokenChallenges.of(null, dpop(DPoPMode.REQUIRED))
			.withResourceMetadata()
			.writeMissing(request(), response);
		assertThat(response.getHeaders("WWW-Authenticate"))
			.containsExactly("DPoP resource_metadata=\"http://localhost/.well-known/oauth-protected-resource/api/me\", "
					+ "algs=\"ES256 EdDSA\"");
	}

	@Test
	void theServletFilterFormWithoutRequestNamesNothing() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		AccessTokenChallenges.bearer("api").withResourceMetadata().writeMissing(response);
		assertThat(response.getHeaders("WWW-Authenticate")).containsExactly("Bearer realm=\"api\"");
	}

	@Test
	void aRealmComesFirst() {
		assertThat(BearerChallenge.of("api", null, null, "https://a.example/m"))
			.isEqualTo("Bearer realm=\"api\", resource_metadata=\"https://a.example/m\"");
		assertThat(DPoPChallenge.of("api", null, null, "https://a.example/m", "ES256"))
			.isEqualTo("DPoP realm=\"api\", resource_metadata=\"https://a.example/m\", algs=\"ES256\"");
	}

	private static MockHttpServletRequest request() {
		return new MockHttpServletRequest("GET", "/api/me");
	}

	private static AccessTokenVerifier dpop(DPoPMode mode) {
		DPoPProofVerifier proofs = DPoPProofVerifier.withReplayStore(new InMemoryDPoPProofReplayStore())
			.algorithms(List.of(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA))
			.build();
		return AccessTokenVerifier.withDPoP(DECODER, mode, proofs);
	}

}
