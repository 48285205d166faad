package io.github.jwtauth.web.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The members of an active token's introspection answer (RFC 7662 §2.2).
 */
class IntrospectionEndpointTests {

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
