package io.github.jwtauth.dpop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TargetUri}: the normalisation of RFC 9449 §4.3 (RFC 3986 §6.2.2 and §6.2.3)
 * before {@code htu} and the request URI are compared.
 */
class TargetUriTests {

	@ParameterizedTest(name = "{0} = {1}")
	@CsvSource(delimiterString = " | ", textBlock = """
			https://server.example.com:443/token | https://server.example.com/token
			http://server.example.com:80/token | http://server.example.com/token
			HTTPS://Server.Example.COM/token | https://server.example.com/token
			https://server.example.com | https://server.example.com/
			https://server.example.com:443 | https://server.example.com/
			https://server.example.com/%7euser | https://server.example.com/~user
			https://server.example.com/%7Euser | https://server.example.com/~user
			https://server.example.com/%41%62c | https://server.example.com/Abc
			https://server.example.com/a%2fb | https://server.example.com/a%2Fb
			https://server.example.com/a%3ab | https://server.example.com/a%3Ab
			https://server.example.com/a/./b | https://server.example.com/a/b
			https://server.example.com/a/../b | https://server.example.com/b
			https://server.example.com/a/b/.. | https://server.example.com/a/
			https://server.example.com/a/. | https://server.example.com/a/
			https://server.example.com/../../b | https://server.example.com/b
			https://server.example.com/a/%2e%2E/b | https://server.example.com/b
			https://server.example.com/token?x=1 | https://server.example.com/token
			https://server.example.com/token#frag | https://server.example.com/token
			https://server.example.com/token?x=1#frag | https://server.example.com/token?y=2
			https://server.example.com:8443/token | https://server.example.com:8443/token
			https://[2001:DB8::1]/token | https://[2001:db8::1]:443/token
			http://[::1]:8080/token | http://[::1]:8080/token
			http://127.0.0.1/token | http://127.0.0.1:80/token
			""")
	void matches(String htu, String requestUri) {
		assertThat(TargetUri.matches(htu, requestUri)).isTrue();
		assertThat(TargetUri.matches(requestUri, htu)).isTrue();
		assertThat(TargetUri.normalize(htu)).isEqualTo(TargetUri.normalize(requestUri)).isNotNull();
	}

	@ParameterizedTest(name = "{0} != {1}")
	@CsvSource(delimiterString = " | ", textBlock = """
			https://server.example.com/token | http://server.example.com/token
			https://server.example.com:80/token | https://server.example.com/token
			http://server.example.com:443/token | http://server.example.com/token
			https://server.example.com:8443/token | https://server.example.com/token
			https://server.example.com/Token | https://server.example.com/token
			https://server.example.com/token/ | https://server.example.com/token
			https://server.example.com/a%2Fb | https://server.example.com/a/b
			https://server.example.com/a%20b | https://server.example.com/a+b
			https://server.example.com/token | https://server.example.com.attacker.example/token
			https://server.example.com/token | https://attacker.example/token
			https://server.example.com/token | https://server.example.com/tokens
			https://[::1]/token | https://[::2]/token
			""")
	void differs(String htu, String requestUri) {
		assertThat(TargetUri.matches(htu, requestUri)).isFalse();
		assertThat(TargetUri.matches(requestUri, htu)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/token", "token", "", "server.example.com/token", "ftp://server.example.com/token",
			"ws://server.example.com/token", "https://alice@server.example.com/token",
			"https://alice:secret@server.example.com/token", "https:///token", "https:token", "mailto:a@b.example",
			"https://server.example.com/a b", "https://server.example.com/%zz", "urn:ietf:params:oauth" })
	void refusesWhatIsNotAnAbsoluteHttpUriWithAHostAndNoUserInfo(String uri) {
		assertThat(TargetUri.normalize(uri)).isNull();
		// even when the request URI is the same text
		assertThat(TargetUri.matches(uri, uri)).isFalse();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiterString = " | ", textBlock = """
			HTTPS://Server.Example.COM:443/A/%7e/./b/../c%2f?q#f | https://server.example.com/A/~/c%2F
			http://server.example.com:8080 | http://server.example.com:8080/
			https://[2001:DB8::1]:443 | https://[2001:db8::1]/
			""")
	void normalizes(String uri, String normalized) {
		assertThat(TargetUri.normalize(uri)).isEqualTo(normalized);
	}

	@Test
	void hostNamesThatJavaNetUriDoesNotParseAsServersStillCompare() {
		assertThat(TargetUri.normalize("http://my_service:8080/api/me")).isEqualTo("http://my_service:8080/api/me");
		assertThat(TargetUri.normalize("HTTP://My_Service:80/api/me")).isEqualTo("http://my_service/api/me");
		assertThat(TargetUri.matches("http://my_service:8080/api/me", "http://MY_SERVICE:8080/api/./me")).isTrue();
		assertThat(TargetUri.matches("http://my_service:8080/api/me", "http://other_service:8080/api/me")).isFalse();
		assertThat(TargetUri.normalize("http://user@my_service/api")).isNull();
		assertThat(TargetUri.normalize("http://my_service:port/api")).isNull();
	}

}
