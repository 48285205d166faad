package io.github.jwtauth.web.security;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The configurer's default mapping of a token to authorities, and the authorization
 * servers it announces.
 */
class JwtAuthHttpConfigurerTests {

	private static final JwtDecoder DECODER = (token) -> {
		throw new UnsupportedOperationException();
	};

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

	@ParameterizedTest
	@ValueSource(strings = { "jwt-auth", "urn:example:issuer", "/issuer", "foo://issuer.example.com",
			"https://issuer example.com" })
	void anAuthorizationServerMustBeAUrlSpringCanServe(String issuer) {
		JwtAuthHttpConfigurer.Builder builder = JwtAuthHttpConfigurer.withDecoder(DECODER);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.authorizationServers(List.of(issuer)))
			.withMessageContaining(issuer);
	}

	@Test
	void anIssuerUrlIsAnAuthorizationServer() {
		assertThat(JwtAuthHttpConfigurer.withDecoder(DECODER)
			.authorizationServers(List.of("https://issuer.example.com/tenant", "http://localhost:8080"))
			.build()).isNotNull();
	}

}
