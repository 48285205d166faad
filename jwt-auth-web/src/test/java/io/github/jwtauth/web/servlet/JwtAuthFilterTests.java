package io.github.jwtauth.web.servlet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.token.JwtAuthDecoder;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain Servlet filter on its own, with the real decoder and revocation registry.
 */
class JwtAuthFilterTests {

	private static final byte[] SECRET = "q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sD".getBytes(StandardCharsets.UTF_8);

	private final TestClock clock = TestClock.now();

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private final JwtAuthDecoder decoder = JwtAuthDecoder
		.withKeys(new JwtKeySet(SigningKey.hmac("hs", JWSAlgorithm.HS256, SECRET), List.of()),
				new RevocationValidator(this.registry))
		.issuer(TestJwts.DEFAULT_ISSUER)
		.audiences(List.of(TestJwts.DEFAULT_ISSUER))
		.clock(this.clock)
		.build();

	private final JwtAuthFilter filter = JwtAuthFilter.withDecoder(this.decoder).build();

	private String token(List<String> roles) {
		return TestJwts.sign(new OctetSequenceKey.Builder(SECRET).build(),
				TestJwts.header(JWSAlgorithm.HS256, "hs").build(),
				TestJwts.claims("alice", this.clock.instant()).claim("roles", roles).build());
	}

	private MockHttpServletResponse run(JwtAuthFilter filter, MockHttpServletRequest request, MockFilterChain chain)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, chain);
		return response;
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

	@Test
	void refusalsAreToldToTheListenerWithTheirReasonOnly() throws Exception {
		List<String> told = new java.util.ArrayList<>();
		JwtAuthFilter filter = JwtAuthFilter.withDecoder(this.decoder)
			.refusalListener((reason, dpop) -> told.add(reason.code() + (dpop ? "/dpop" : "/bearer")))
			.build();
		String valid = token(List.of("ROLE_USER"));
		assertThat(run(filter, request("Bearer " + valid), new MockFilterChain()).getStatus()).isEqualTo(200);
		assertThat(told).isEmpty();
		assertThat(run(filter, request("Bearer not-a-token"), new MockFilterChain()).getStatus()).isEqualTo(401);
		String expired = TestJwts.sign(new OctetSequenceKey.Builder(SECRET).build(),
				TestJwts.header(JWSAlgorithm.HS256, "hs").build(),
				TestJwts.claims("alice", this.clock.instant().minusSeconds(900))
					.expirationTime(java.util.Date.from(this.clock.instant().minusSeconds(60)))
					.build());
		assertThat(run(filter, request("Bearer " + expired), new MockFilterChain()).getStatus()).isEqualTo(401);
		// DPoP is off: the scheme itself is refused
		assertThat(run(filter, request("DPoP " + valid), new MockFilterChain()).getStatus()).isEqualTo(401);
		assertThat(told).containsExactly("malformed/bearer", "expired/bearer", "sender_constrained/dpop");
	}

	@Test
	void aListenerThatThrowsNeverChangesTheAnswer() throws Exception {
		JwtAuthFilter filter = JwtAuthFilter.withDecoder(this.decoder).refusalListener((reason, dpop) -> {
			throw new IllegalStateException("metrics down");
		}).build();
		MockHttpServletResponse response = run(filter, request("Bearer not-a-token"), new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).contains("invalid_token");
	}

	@Test
	void validTokenAuthenticatesTheRequestForTheApplication() throws Exception {
		MockFilterChain chain = new MockFilterChain();
		String token = token(List.of("ROLE_USER", "ROLE_ADMIN"));
		MockHttpServletResponse response = run(this.filter, request("Bearer " + token), chain);
		assertThat(response.getStatus()).isEqualTo(200);
		HttpServletRequest seen = (HttpServletRequest) chain.getRequest();
		assertThat(seen.getUserPrincipal()).isInstanceOf(JwtPrincipal.class);
		assertThat(seen.getUserPrincipal().getName()).isEqualTo("alice");
		assertThat(seen.getRemoteUser()).isEqualTo("alice");
		assertThat(seen.getAuthType()).isEqualTo("Bearer");
		assertThat(seen.isUserInRole("ADMIN")).isTrue();
		assertThat(seen.isUserInRole("ROLE_USER")).isTrue();
		assertThat(seen.isUserInRole("AUDITOR")).isFalse();
		assertThat(((Jwt) seen.getAttribute(JwtAuthFilter.TOKEN_ATTRIBUTE)).getTokenValue()).isEqualTo(token);
	}

	@Test
	void authoritiesReachTheApplicationExactlyAsWrittenAndOnlyPrefixedOnesAreRoles() throws Exception {
		MockFilterChain chain = new MockFilterChain();
		String token = token(List.of("ADMIN", "ROLE_USER"));
		assertThat(run(this.filter, request("Bearer " + token), chain).getStatus()).isEqualTo(200);
		HttpServletRequest seen = (HttpServletRequest) chain.getRequest();
		assertThat(((JwtPrincipal) seen.getUserPrincipal()).getAuthorities()).containsExactlyInAnyOrder("ADMIN",
				"ROLE_USER");
		// as Spring Security's hasRole: the authority ADMIN is not the role ADMIN
		assertThat(seen.isUserInRole("ADMIN")).isFalse();
		assertThat(seen.isUserInRole("ROLE_ADMIN")).isFalse();
		assertThat(seen.isUserInRole("USER")).isTrue();
		assertThat(seen.isUserInRole("ROLE_USER")).isTrue();
		MockFilterChain noRolePrefix = new MockFilterChain();
		run(JwtAuthFilter.withDecoder(this.decoder).rolePrefix("").build(), request("Bearer " + token), noRolePrefix);
		assertThat(((HttpServletRequest) noRolePrefix.getRequest()).isUserInRole("ADMIN")).isTrue();
		assertThat(((HttpServletRequest) noRolePrefix.getRequest()).isUserInRole("USER")).isFalse();
	}

	@Test
	void noTokenGetsABareChallengeUnlessAnonymousRequestsAreAllowed() throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = run(this.filter, request(null), chain);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(chain.getRequest()).isNull();
		MockFilterChain anonymous = new MockFilterChain();
		response = run(JwtAuthFilter.withDecoder(this.decoder).allowAnonymous().build(), request("Basic abc"),
				anonymous);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(((HttpServletRequest) anonymous.getRequest()).getUserPrincipal()).isNull();
	}

	@Test
	void refusedTokensGet401InvalidTokenAndNeverReachTheApplication() throws Exception {
		String valid = token(List.of("ROLE_USER"));
		int signature = valid.lastIndexOf('.') + 1;
		String tampered = valid.substring(0, signature) + ((valid.charAt(signature) == 'A') ? "Q" : "A")
				+ valid.substring(signature + 1);
		String expired = TestJwts.sign(new OctetSequenceKey.Builder(SECRET).build(),
				TestJwts.header(JWSAlgorithm.HS256, "hs").build(),
				TestJwts.claims("alice", this.clock.instant().minus(Duration.ofHours(1))).build());
		for (String header : List.of("Bearer " + tampered, "Bearer " + expired, "Bearer not a token", "Bearer")) {
			MockFilterChain chain = new MockFilterChain();
			MockHttpServletResponse response = run(this.filter, request(header), chain);
			assertThat(response.getStatus()).as(header).isEqualTo(401);
			assertThat(response.getHeader("WWW-Authenticate")).as(header).startsWith("Bearer error=\"invalid_token\"");
			assertThat(response.getContentAsString()).contains("\"error\":\"invalid_token\"");
			assertThat(chain.getRequest()).isNull();
		}
	}

	@Test
	void revokedTokenIsRefused() throws Exception {
		String token = token(List.of("ROLE_USER"));
		assertThat(run(this.filter, request("Bearer " + token), new MockFilterChain()).getStatus()).isEqualTo(200);
		Jwt jwt = this.decoder.decode(token);
		Instant now = this.clock.instant();
		this.registry.apply(new RevocationEntry(RevocationEntry.Kind.TOKEN, jwt.getId(), now, now.plusSeconds(600)));
		MockHttpServletResponse response = run(this.filter, request("Bearer " + token), new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).contains("Token revoked");
	}

	@Test
	void untilTheRevocationsAreLoadedEveryTokenGets503AndNeverReachesTheApplication() throws Exception {
		String token = token(List.of("ROLE_USER"));
		// what a synchronizer of a shared store does before its first load
		this.registry.requireSyncWithin(Duration.ofSeconds(30));
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = run(this.filter, request("Bearer " + token), chain);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(response.getContentAsString()).contains("\"error\":\"temporarily_unavailable\"")
			.contains("Revocation status unavailable");
		assertThat(chain.getRequest()).isNull();
		this.registry.markSynced(this.clock.instant());
		assertThat(run(this.filter, request("Bearer " + token), new MockFilterChain()).getStatus()).isEqualTo(200);
	}

	@Test
	void anyFailureOfAnotherDecoderIsA401WithAFixedDescriptionNeverA500() throws Exception {
		JwtAuthFilter failing = JwtAuthFilter.withDecoder((token) -> {
			throw new IllegalStateException("connection to 10.0.0.7 refused");
		}).build();
		MockHttpServletResponse response = run(failing, request("Bearer abc.def.ghi"), new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).contains("Invalid token").doesNotContain("10.0.0.7");
		assertThat(response.getContentAsString()).doesNotContain("10.0.0.7");
	}

	@Test
	void aTokenWithoutSubjectFromAnotherDecoderIsRefused() throws Exception {
		Jwt noSubject = Jwt.withTokenValue("abc.def.ghi").header("alg", "HS256").claim("jti", "1").build();
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = run(JwtAuthFilter.withDecoder((token) -> noSubject).build(),
				request("Bearer abc.def.ghi"), chain);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).contains("Missing sub claim");
		assertThat(chain.getRequest()).isNull();
	}

	@Test
	void tokenInHeaderAndQueryIsAnInvalidRequest() throws Exception {
		MockHttpServletRequest request = request("Bearer " + token(List.of("ROLE_USER")));
		request.setParameter("access_token", "abc");
		MockHttpServletResponse response = run(this.filter, request, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getHeader("WWW-Authenticate")).contains("invalid_request");
	}

}
