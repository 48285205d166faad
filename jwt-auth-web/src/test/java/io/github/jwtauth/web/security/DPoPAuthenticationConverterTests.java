package io.github.jwtauth.web.security;

import io.github.jwtauth.web.AccessTokenRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DPoPAuthenticationConverter}.
 */
class DPoPAuthenticationConverterTests {

	private final DPoPAuthenticationConverter converter = new DPoPAuthenticationConverter();

	@Test
	void readsTheTokenTheProofTheMethodAndTheUri() {
		MockHttpServletRequest request = request();
		request.addHeader("DPoP", "a.b.c");
		Authentication authentication = this.converter.convert(request);
		assertThat(authentication).isInstanceOfSatisfying(DPoPAuthenticationToken.class, (dpop) -> {
			assertThat(dpop.getAccessToken()).isEqualTo("token");
			assertThat(dpop.getDPoPProof()).isEqualTo("a.b.c");
			assertThat(dpop.getMethod()).isEqualTo("GET");
			assertThat(dpop.getResourceUri()).isEqualTo("http://localhost/api/me");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t" })
	void anEmptyProofIsAMissingOneNotAnException(String proof) {
		MockHttpServletRequest request = request();
		request.addHeader("DPoP", proof);
		Authentication authentication = this.converter.convert(request);
		assertThat(authentication).isInstanceOfSatisfying(DPoPAuthenticationToken.class,
				(dpop) -> assertThat(dpop.getDPoPProof()).isEqualTo(DPoPAuthenticationConverter.MISSING_PROOF));
	}

	@Test
	void twoProofsAreAMissingOne() {
		MockHttpServletRequest request = request();
		request.addHeader("DPoP", "a.b.c");
		request.addHeader("DPoP", "d.e.f");
		assertThat(this.converter.convert(request)).isInstanceOfSatisfying(DPoPAuthenticationToken.class,
				(dpop) -> assertThat(dpop.getDPoPProof()).isEqualTo(DPoPAuthenticationConverter.MISSING_PROOF));
	}

	@Test
	void aMalformedTokenIsRefused() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.addHeader("Authorization", "DPoP a b");
		assertThatExceptionOfType(AccessTokenRefusedException.class).isThrownBy(() -> this.converter.convert(request));
	}

	@Test
	void otherSchemesAreNotRead() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.addHeader("Authorization", "Bearer token");
		assertThat(this.converter.convert(request)).isNull();
	}

	private static MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.addHeader("Authorization", "DPoP token");
		return request;
	}

}
