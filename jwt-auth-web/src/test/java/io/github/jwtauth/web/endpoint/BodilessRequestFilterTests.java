package io.github.jwtauth.web.endpoint;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BodilessRequestFilter}.
 */
class BodilessRequestFilterTests {

	private final BodilessRequestFilter filter = new BodilessRequestFilter("/auth/sessions");

	@Test
	void aRequestWithoutBodyPasses() throws Exception {
		assertThat(run(new MockHttpServletRequest("DELETE", "/auth/sessions/others")).getStatus()).isEqualTo(200);
		assertThat(run(new MockHttpServletRequest("GET", "/auth/sessions")).getStatus()).isEqualTo(200);
	}

	@Test
	void aBodyIsRefusedBeforeAnythingParsesIt() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("DELETE", "/auth/sessions/some-id");
		request.setContentType("application/x-www-form-urlencoded");
		request.setContent("a=%zz".getBytes(StandardCharsets.UTF_8));
		MockHttpServletResponse response = run(request);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("\"invalid_request\"");
	}

	@Test
	void aBodyWithoutAnyLengthIsFoundByItsFirstByte() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("DELETE", "/auth/sessions/others");
		request.setContent("a=%zz".getBytes(StandardCharsets.UTF_8));
		// as over HTTP/2: no Content-Length, no Transfer-Encoding
		HttpServletRequestWrapper noLength = new HttpServletRequestWrapper(request) {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public int getContentLength() {
				return -1;
			}

		};
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(noLength, response, chain);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(chain.getRequest()).isNull();
	}

	@Test
	void otherRoutesUnderThePathAndPostAreLeftAlone() throws Exception {
		BodilessRequestFilter wide = new BodilessRequestFilter("/auth");
		MockHttpServletRequest login = new MockHttpServletRequest("POST", "/auth/login");
		login.setContentType("application/json");
		login.setContent("{}".getBytes(StandardCharsets.UTF_8));
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		wide.doFilter(login, response, chain);
		assertThat(chain.getRequest()).isSameAs(login);
		MockHttpServletRequest deeper = new MockHttpServletRequest("DELETE", "/auth/sessions/x/y");
		deeper.setContent("a=b".getBytes(StandardCharsets.UTF_8));
		MockFilterChain deeperChain = new MockFilterChain();
		new BodilessRequestFilter("/auth/sessions").doFilter(deeper, new MockHttpServletResponse(), deeperChain);
		assertThat(deeperChain.getRequest()).isSameAs(deeper);
	}

	private MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
