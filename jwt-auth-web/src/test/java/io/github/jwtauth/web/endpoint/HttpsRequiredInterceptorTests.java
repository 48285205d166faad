package io.github.jwtauth.web.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.method.HandlerMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HttpsRequiredInterceptor} at the introspection endpoint: plain HTTP
 * from anywhere but loopback is refused with 400 {@code invalid_request} "HTTPS is
 * required" before the handler runs; HTTPS, and plain HTTP directly from loopback, pass.
 */
class HttpsRequiredInterceptorTests {

	private static final String SECRET = "Mn4Bv8Cx2Za6Sd0Fg5Hj9Kl3Qw7Er1Ty6U";

	private final HttpsRequiredInterceptor interceptor = new HttpsRequiredInterceptor();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private static HandlerMethod introspect() throws NoSuchMethodException {
		IntrospectionEndpoint endpoint = IntrospectionEndpoint.builder((token) -> {
			throw new AssertionError("the token must not be read");
		}, IntrospectionClients.builder().client("gw", SECRET).build()).build();
		return new HandlerMethod(endpoint, IntrospectionEndpoint.class.getDeclaredMethod("introspect",
				MultiValueMap.class, HttpServletRequest.class));
	}

	private static MockHttpServletRequest request(String remoteAddress, boolean secure) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/introspect");
		request.setRemoteAddr(remoteAddress);
		request.setSecure(secure);
		request.setContentType("application/x-www-form-urlencoded");
		request.addHeader("Authorization",
				"Basic " + Base64.getEncoder().encodeToString(("gw:" + SECRET).getBytes(StandardCharsets.UTF_8)));
		request.setContent("token=abc".getBytes(StandardCharsets.UTF_8));
		return request;
	}

	@Test
	void plainHttpFromElsewhereIsRefusedAtTheIntrospectionEndpoint() throws Exception {
		assertThat(this.interceptor.preHandle(request("203.0.113.9", false), this.response, introspect())).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(400);
		assertThat(this.response.getContentType()).startsWith("application/json");
		assertThat(this.response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(this.response.getContentAsString())
			.isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"HTTPS is required\"}");
	}

	@Test
	void plainHttpFromLoopbackThroughAnUnprocessedProxyIsRefusedAtTheIntrospectionEndpoint() throws Exception {
		MockHttpServletRequest request = request("127.0.0.1", false);
		request.addHeader("X-Forwarded-For", "203.0.113.9");
		assertThat(this.interceptor.preHandle(request, this.response, introspect())).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(400);
		assertThat(this.response.getContentAsString()).contains("HTTPS is required");
	}

	@Test
	void plainHttpDirectlyFromLoopbackPasses() throws Exception {
		assertThat(this.interceptor.preHandle(request("127.0.0.1", false), this.response, introspect())).isTrue();
		assertThat(this.interceptor.preHandle(request("::1", false), this.response, introspect())).isTrue();
		assertUntouched();
	}

	@Test
	void httpsFromElsewherePasses() throws Exception {
		assertThat(this.interceptor.preHandle(request("203.0.113.9", true), this.response, introspect())).isTrue();
		assertUntouched();
	}

	@Test
	void plainHttpFromElsewherePassesForAHandlerThatIsNoTokenEndpoint() throws Exception {
		HandlerMethod other = new HandlerMethod(new Object(), Object.class.getMethod("toString"));
		assertThat(this.interceptor.preHandle(request("203.0.113.9", false), this.response, other)).isTrue();
		assertUntouched();
	}

	private void assertUntouched() throws Exception {
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(this.response.getContentAsString()).isEmpty();
		assertThat(this.response.getHeaderNames()).isEmpty();
	}

}
