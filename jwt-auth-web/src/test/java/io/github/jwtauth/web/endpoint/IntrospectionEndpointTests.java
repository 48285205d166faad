package io.github.jwtauth.web.endpoint;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.github.jwtauth.dpop.DPoPMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * The members of an active token's introspection answer (RFC 7662 §2.2), and which
 * verified tokens are active under each DPoP mode.
 */
class IntrospectionEndpointTests {

	private static final String SECRET = "Pl5Ok9Ij3Uh7Yg1Tf6Rd0Es4Wa8Qz2Xc5V";

	private static final IntrospectionClients CLIENTS = IntrospectionClients.builder().client("gw", SECRET).build();

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/introspect");

	@BeforeEach
	void bindRequest() {
		this.request.setContentType("application/x-www-form-urlencoded");
		this.request.addHeader("Authorization",
				"Basic " + Base64.getEncoder().encodeToString(("gw:" + SECRET).getBytes(StandardCharsets.UTF_8)));
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(this.request));
	}

	@AfterEach
	void unbindRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	private Map<String, Object> introspect(JwtDecoder decoder, DPoPMode mode) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", "t");
		return IntrospectionEndpoint.builder(decoder, CLIENTS)
			.dpopMode(mode)
			.build()
			.introspect(form, this.request)
			.getBody();
	}

	@ParameterizedTest
	@CsvSource({ "OFF, false, true", "OFF, true, false", "OPTIONAL, false, true", "OPTIONAL, true, true",
			"REQUIRED, false, false", "REQUIRED, true, true" })
	void activeOnlyWhenTheApiWouldAcceptItInItsDPoPMode(DPoPMode mode, boolean bound, boolean active) {
		Jwt jwt = bound ? jwt().claim("cnf", Map.of("jkt", "thumb")).build() : jwt().build();
		assertThat(introspect((token) -> jwt, mode)).containsEntry("active", active);
	}

	@Test
	void aTokenBoundOtherwiseThanByDPoPIsNeverActive() {
		Jwt jwt = jwt().claim("cnf", Map.of("x5t#S256", "thumb")).build();
		assertThat(introspect((token) -> jwt, DPoPMode.OPTIONAL)).containsExactly(entry("active", false));
	}

	@Test
	void aRefusedTokenIsInactiveAndAnUnknownStatusIsNoAnswer() {
		assertThat(introspect((token) -> {
			throw new BadJwtException("bad");
		}, DPoPMode.OPTIONAL)).containsExactly(entry("active", false));
		JwtDecoder stale = (token) -> {
			throw new JwtValidationException("stale",
					List.of(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, "stale", null)));
		};
		assertThatExceptionOfType(RevocationStatusUnavailableException.class)
			.isThrownBy(() -> introspect(stale, DPoPMode.OPTIONAL));
	}

	private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

	private static Jwt.Builder jwt() {
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.issuer("https://issuer.example.com")
			.subject("alice")
			.audience(List.of("api"))
			.issuedAt(NOW)
			.notBefore(NOW)
			.expiresAt(NOW.plusSeconds(600))
			.jti("id-1");
	}

	@Test
	void theTokensClaimsWithTimesInSeconds() {
		Map<String, Object> answer = IntrospectionEndpoint.active(jwt().claim("roles", List.of("ROLE_USER")).build());
		assertThat(answer).containsExactly(entry("active", true), entry("token_type", "Bearer"),
				entry("iss", "https://issuer.example.com"), entry("sub", "alice"), entry("aud", "api"),
				entry("iat", 1_800_000_000L), entry("nbf", 1_800_000_000L), entry("exp", 1_800_000_600L),
				entry("jti", "id-1"), entry("roles", List.of("ROLE_USER")));
	}

	@Test
	void severalAudiencesStayAnArrayAndAScopeListBecomesAString() {
		Map<String, Object> answer = IntrospectionEndpoint
			.active(jwt().audience(List.of("api", "other")).claim("scope", List.of("read", "write")).build());
		assertThat(answer).containsEntry("aud", List.of("api", "other")).containsEntry("scope", "read write");
	}

	@Test
	void aDPoPBoundTokenIsOfTypeDPoP() {
		Map<String, Object> answer = IntrospectionEndpoint.active(jwt().claim("cnf", Map.of("jkt", "thumb")).build());
		assertThat(answer).containsEntry("token_type", "DPoP").containsEntry("cnf", Map.of("jkt", "thumb"));
	}

	@Test
	void noClaimOverridesTheEndpointsOwnMembers() {
		Map<String, Object> answer = IntrospectionEndpoint
			.active(jwt().claim("active", false).claim("token_type", "N_A").build());
		assertThat(answer).containsEntry("active", true).containsEntry("token_type", "Bearer");
	}

}
