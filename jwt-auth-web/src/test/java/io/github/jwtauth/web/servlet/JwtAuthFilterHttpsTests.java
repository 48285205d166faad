package io.github.jwtauth.web.servlet;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain filter's transport rule, with the decoder counting what it was shown: a
 * bearer token over plain HTTP from elsewhere is refused before it is decoded. The sample
 * {@code servlet-filter-sample} proves the same over real HTTP.
 */
class JwtAuthFilterHttpsTests {

	private final AtomicInteger decoded = new AtomicInteger();

	private final JwtDecoder decoder = (token) -> {
		this.decoded.incrementAndGet();
		return Jwt.withTokenValue(token).header("alg", "HS256").subject("alice").jti("j1").build();
	};

	private static MockHttpServletRequest request(String remoteAddress, boolean secure, String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.setRemoteAddr(remoteAddress);
		request.setSecure(secure);
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

	private MockHttpServletResponse run(JwtAuthFilter filter, MockHttpServletRequest request, MockFilterChain chain)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, chain);
		return response;
	}

	@Test
	void bearerTokenOverPlainHttpFromElsewhereIsRefusedBeforeDecoding() throws Exception {
		JwtAuthFilter filter = JwtAuthFilter.withDecoder(this.decoder).realm("api").build();
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = run(filter, request("203.0.113.9", false, "Bearer abc"), chain);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getHeader("WWW-Authenticate"))
			.isEqualTo("Bearer realm=\"api\", error=\"invalid_request\", error_description=\"HTTPS is required\"");
		assertThat(response.getContentAsString())
			.isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"HTTPS is required\"}");
		assertThat(response.getRedirectedUrl()).isNull();
		assertThat(chain.getRequest()).isNull();
		assertThat(this.decoded).hasValue(0);
	}

	@Test
	void overHttpsOrFromLoopbackTheTokenIsDecoded() throws Exception {
		JwtAuthFilter filter = JwtAuthFilter.withDecoder(this.decoder).build();
		assertThat(run(filter, request("203.0.113.9", true, "Bearer abc"), new MockFilterChain()).getStatus())
			.isEqualTo(200);
		assertThat(run(filter, request("127.0.0.1", false, "Bearer abc"), new MockFilterChain()).getStatus())
			.isEqualTo(200);
		assertThat(run(filter, request("0:0:0:0:0:0:0:1", false, "Bearer abc"), new MockFilterChain()).getStatus())
			.isEqualTo(200);
		assertThat(this.decoded).hasValue(3);
	}

	@Test
	void requestsWithoutCredentialsAreNotRefusedForTheirTransport() throws Exception {
		JwtAuthFilter anonymous = JwtAuthFilter.withDecoder(this.decoder).allowAnonymous().build();
		MockFilterChain chain = new MockFilterChain();
		assertThat(run(anonymous, request("203.0.113.9", false, null), chain).getStatus()).isEqualTo(200);
		assertThat(chain.getRequest()).isNotNull();
		JwtAuthFilter strict = JwtAuthFilter.withDecoder(this.decoder).build();
		MockHttpServletResponse response = run(strict, request("203.0.113.9", false, null), new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void requireHttpsFalseAcceptsPlainHttpFromAnywhere() throws Exception {
		JwtAuthFilter filter = JwtAuthFilter.withDecoder(this.decoder).requireHttps(false).build();
		MockFilterChain chain = new MockFilterChain();
		assertThat(run(filter, request("203.0.113.9", false, "Bearer abc"), chain).getStatus()).isEqualTo(200);
		assertThat(chain.getRequest()).isNotNull();
		assertThat(this.decoded).hasValue(1);
	}

}
