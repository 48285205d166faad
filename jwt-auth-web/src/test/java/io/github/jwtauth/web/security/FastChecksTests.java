package io.github.jwtauth.web.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written bearer-token and header checks give the same verdicts as Spring's
 * regular expressions.
 */
class FastChecksTests {

	private static final List<String> HEADERS = List.of("Bearer abc", "bearer abc", "BEARER abc", "Bearer a.b.c",
			"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln-_~+/==", "Bearer ", "Bearer", "Bearer  abc",
			"Bearer abc def", "Bearer ab=c", "Bearer ===", "Bearer abc\t", "Bearer abc!", "Bearer ä", "Basic abc",
			"Bearerabc", "Token abc", "Bearer a==", "Bearer\tabc", "bearer x.y.z=");

	@Test
	void bearerGrammarMatchesSpringsResolver() {
		DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();
		FastBearerTokenResolver fast = new FastBearerTokenResolver();
		for (String header : HEADERS) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
			request.addHeader("Authorization", header);
			assertThat(outcome(() -> fast.resolve(request))).as(header)
				.isEqualTo(outcome(() -> spring.resolve(request)));
		}
	}

	@Test
	void tokenInHeaderAndQueryIsAnInvalidRequest() {
		// RFC 6750 §2: one transport per request. Stricter than Spring's resolver, which
		// ignores the query token unless query tokens are enabled.
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.addHeader("Authorization", "Bearer abc");
		request.setParameter("access_token", "abc");
		String fast = outcome(() -> new FastBearerTokenResolver().resolve(request));
		assertThat(fast).isEqualTo("error:invalid_request");
	}

	@Test
	void headerVerdictsAreSpringsFirewallVerdicts() {
		for (String value : List.of("plain", "with\ttab", "\t", "Bearer eyJ.x.y", "", "ctrl\u0001", "nl\n", "del\u007f",
				"accent é", "emoji \uD83D\uDE00", "unassigned \uFFFF", "cr\r", "nbsp\u00a0", "X-Name", "X\tName")) {
			assertThat(FastHeaderPredicate.NAMES.test(value)).as("name %s", value)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(value));
			assertThat(FastHeaderPredicate.VALUES.test(value)).as("value %s", value)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value));
		}
		assertThat(FastHeaderPredicate.NAMES.test("X\tName")).isFalse();
		assertThat(FastHeaderPredicate.VALUES.test("with\ttab")).isTrue();
	}

	private static String outcome(java.util.function.Supplier<String> resolve) {
		try {
			return "token:" + resolve.get();
		}
		catch (OAuth2AuthenticationException ex) {
			return "error:" + ex.getError().getErrorCode();
		}
	}

}
