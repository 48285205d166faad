package io.github.jwtauth.web.security;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configurer's default mapping of a token to authorities.
 */
class JwtAuthHttpConfigurerTests {

	@Test
	void theDefaultConverterGivesBackTheRolesClaimExactly() {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "HS256")
			.subject("alice")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.claim("roles", List.of("ADMIN", "ROLE_USER"))
			.claim("scope", "read")
			.build();
		List<String> authorities = JwtAuthHttpConfigurer.defaultAuthenticationConverter()
			.convert(jwt)
			.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((name) -> !name.startsWith("FACTOR_"))
			.toList();
		assertThat(authorities).containsExactlyInAnyOrder("ADMIN", "ROLE_USER");
	}

}
