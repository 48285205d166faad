package io.github.jwtauth.web.endpoint;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link CrossSiteRequestGuard}.
 */
class CrossSiteRequestGuardTests {

	private final CrossSiteRequestGuard guard = CrossSiteRequestGuard.sameOrigin("X-Requested-With");

	@Test
	void aSameOriginRequestWithTheHeaderPasses() {
		assertThatNoException().isThrownBy(() -> this.guard.check(request("https://app.example.com")));
		assertThatNoException().isThrownBy(() -> this.guard.check(request("HTTPS://APP.example.com:443")));
	}

	@Test
	void aRequestWithoutOriginPassesWithTheHeaderUnlessTheBrowserSaysCrossSite() {
		assertThatNoException().isThrownBy(() -> this.guard.check(request(null)));
		MockHttpServletRequest crossSite = request(null);
		crossSite.addHeader("Sec-Fetch-Site", "cross-site");
		assertThatExceptionOfType(CrossSiteRequestException.class).isThrownBy(() -> this.guard.check(crossSite));
	}

	@Test
	void withoutTheHeaderARequestIsRefused() {
		MockHttpServletRequest request = request("https://app.example.com");
		request.removeHeader("X-Requested-With");
		assertThatExceptionOfType(CrossSiteRequestException.class).isThrownBy(() -> this.guard.check(request))
			.withMessageContaining("X-Requested-With");
		MockHttpServletRequest blank = request("https://app.example.com");
		blank.removeHeader("X-Requested-With");
		blank.addHeader("X-Requested-With", " ");
		assertThatExceptionOfType(CrossSiteRequestException.class).isThrownBy(() -> this.guard.check(blank));
	}

	@Test
	void anotherOriginIsRefused() {
		for (String origin : List.of("https://evil.example", "http://app.example.com", "https://app.example.com:8443",
				"https://app.example.com.evil.example", "null", "https://app.example.com/path", "not a url",
				"https://user@app.example.com")) {
			assertThatExceptionOfType(CrossSiteRequestException.class).as(origin)
				.isThrownBy(() -> this.guard.check(request(origin)));
		}
	}

	@Test
	void anOriginTheCorsConfigurationAllowsWithCredentialsPasses() {
		CorsConfiguration withCredentials = new CorsConfiguration();
		withCredentials.addAllowedOrigin("https://spa.example.com");
		withCredentials.setAllowCredentials(true);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/auth/**", withCredentials);
		CrossSiteRequestGuard cors = CrossSiteRequestGuard.withCors("X-Requested-With", source);
		assertThatNoException().isThrownBy(() -> cors.check(request("https://spa.example.com")));
		assertThatNoException().isThrownBy(() -> cors.check(request("https://app.example.com")));
		assertThatExceptionOfType(CrossSiteRequestException.class)
			.isThrownBy(() -> cors.check(request("https://evil.example")));
	}

	@Test
	void anOriginAllowedWithoutCredentialsIsRefused() {
		CorsConfiguration withoutCredentials = new CorsConfiguration();
		withoutCredentials.addAllowedOrigin("https://spa.example.com");
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", withoutCredentials);
		CrossSiteRequestGuard cors = CrossSiteRequestGuard.withCors("X-Requested-With", source);
		assertThatExceptionOfType(CrossSiteRequestException.class)
			.isThrownBy(() -> cors.check(request("https://spa.example.com")));
	}

	@Test
	void aWildcardCorsConfigurationAllowsNoOriginForTheCookie() {
		CorsConfiguration anyPattern = new CorsConfiguration();
		anyPattern.addAllowedOriginPattern("*");
		anyPattern.setAllowCredentials(true);
		UrlBasedCorsConfigurationSource patterns = new UrlBasedCorsConfigurationSource();
		patterns.registerCorsConfiguration("/**", anyPattern);
		assertThatExceptionOfType(CrossSiteRequestException.class)
			.isThrownBy(() -> CrossSiteRequestGuard.withCors("X-Requested-With", patterns)
				.check(request("https://evil.example")));
		CorsConfiguration anyHttps = new CorsConfiguration();
		anyHttps.addAllowedOriginPattern("https://*");
		anyHttps.setAllowCredentials(true);
		UrlBasedCorsConfigurationSource https = new UrlBasedCorsConfigurationSource();
		https.registerCorsConfiguration("/**", anyHttps);
		assertThatExceptionOfType(CrossSiteRequestException.class).isThrownBy(
				() -> CrossSiteRequestGuard.withCors("X-Requested-With", https).check(request("https://evil.example")));
		// a pattern of one site's subdomains is a real allow-list
		CorsConfiguration subdomains = new CorsConfiguration();
		subdomains.addAllowedOriginPattern("https://*.example.com");
		subdomains.setAllowCredentials(true);
		UrlBasedCorsConfigurationSource site = new UrlBasedCorsConfigurationSource();
		site.registerCorsConfiguration("/**", subdomains);
		assertThatNoException().isThrownBy(() -> CrossSiteRequestGuard.withCors("X-Requested-With", site)
			.check(request("https://spa.example.com")));
		assertThatExceptionOfType(CrossSiteRequestException.class).isThrownBy(
				() -> CrossSiteRequestGuard.withCors("X-Requested-With", site).check(request("https://evil.example")));
		// "*" with credentials is an invalid configuration: refused, not a 500
		CorsConfiguration anyOrigin = new CorsConfiguration();
		anyOrigin.addAllowedOrigin("*");
		anyOrigin.setAllowCredentials(true);
		UrlBasedCorsConfigurationSource origins = new UrlBasedCorsConfigurationSource();
		origins.registerCorsConfiguration("/**", anyOrigin);
		assertThatExceptionOfType(CrossSiteRequestException.class)
			.isThrownBy(() -> CrossSiteRequestGuard.withCors("X-Requested-With", origins)
				.check(request("https://evil.example")));
	}

	@Test
	void onlyACustomHeaderMakesAGuard() {
		for (String header : List.of("Cookie", "Origin", "Content-Type", "accept", "Sec-Fetch-Site", "Host",
				"Proxy-Authorization", "Referer", "bad header", "")) {
			assertThat(CrossSiteRequestGuard.isCustomHeader(header)).as(header).isFalse();
			assertThatIllegalArgumentException().as(header).isThrownBy(() -> CrossSiteRequestGuard.sameOrigin(header));
		}
		assertThat(CrossSiteRequestGuard.isCustomHeader("X-Requested-With")).isTrue();
		assertThat(CrossSiteRequestGuard.isCustomHeader("X-CSRF")).isTrue();
	}

	private static MockHttpServletRequest request(String origin) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/refresh");
		request.setScheme("https");
		request.setServerName("app.example.com");
		request.setServerPort(443);
		request.addHeader("X-Requested-With", "XMLHttpRequest");
		if (origin != null) {
			request.addHeader("Origin", origin);
		}
		return request;
	}

}
