package io.github.jwtauth.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests count as secure or local. The HTTP tests prove the rule end to end; this
 * pins the address forms.
 */
class SecureTransportTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.255.0.9", "0:0:0:0:0:0:0:1", "::1", "[::1]" })
	void loopbackAddresses(String address) {
		assertThat(SecureTransport.isLoopback(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "10.0.0.1", "192.0.2.2", "128.0.0.1", "127.0.0.1.example.com", "127.0.0",
			"127.0.0.256", "127..0.1", "localhost", "::2", "fd00::1", "::ffff:7f00:1x" })
	void otherAddresses(String address) {
		assertThat(SecureTransport.isLoopback(address)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto" })
	void aLoopbackRequestThroughAnUnprocessedProxyIsNotLocal(String header) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("127.0.0.1");
		assertThat(SecureTransport.isAcceptable(request)).isTrue();
		request.addHeader(header, header.equals("X-Forwarded-Proto") ? "https" : "for=203.0.113.9");
		assertThat(SecureTransport.isLocal(request)).isFalse();
		assertThat(SecureTransport.isAcceptable(request)).isFalse();
		request.setSecure(true);
		assertThat(SecureTransport.isAcceptable(request)).isTrue();
	}

}
