package io.github.jwtauth.autoconfigure;

import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.token.JwsVerifierResolver;
import io.github.jwtauth.token.LocalJwsVerifierResolver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the properties shape what a token must carry and what it grants: {@code jti} is
 * required except from another issuer when {@code jwt.auth.accept-tokens-without-jti}
 * says so, and the authorities prefix maps another issuer's names only. The other
 * issuer's keys are given as a {@link JwsVerifierResolver} bean instead of a JWK Set
 * server, so the {@code jwk-set-uri} mode runs without network.
 */
class TokenClaimsConfigurationTests {

	private static final String ISSUER = "https://issuer.test";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class))
		.withPropertyValues("jwt.auth.issuer=" + ISSUER, "jwt.auth.audiences=api");

	private final WebApplicationContextRunner otherIssuer = this.runner
		.withPropertyValues("jwt.auth.jwk-set-uri=http://127.0.0.1:9/jwks.json")
		.withUserConfiguration(OtherIssuerKeys.class);

	private static String token(boolean withJti, List<String> roles) {
		var claims = TestJwts.claims("carol", Instant.now()).issuer(ISSUER).audience("api").claim("roles", roles);
		if (!withJti) {
			claims.jwtID(null);
		}
		return TestJwts.sign(TestKeys.rsa(), TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build(),
				claims.build());
	}

	@Test
	void anotherIssuersTokenWithoutJtiIsRefusedByDefault() {
		this.otherIssuer.run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			assertThat(decoder.decode(token(true, List.of())).getSubject()).isEqualTo("carol");
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token(false, List.of())))
				.withMessage("Missing jti claim");
		});
	}

	@Test
	void anotherIssuersTokenWithoutJtiIsAcceptedWhenAllowedAndItsLogoutRevokesItsSubject() {
		this.otherIssuer.withPropertyValues("jwt.auth.accept-tokens-without-jti=true").run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			String token = token(false, List.of());
			String sameSubject = token(true, List.of());
			Jwt jwt = decoder.decode(token);
			assertThat(jwt.getId()).isNull();
			assertThat(decoder.decode(sameSubject).getSubject()).isEqualTo("carol");
			// such a token cannot be revoked alone (RFC 7009 by its holder revokes
			// nothing); its logout revokes its subject's tokens
			TokenRevocationService revocation = context.getBean(TokenRevocationService.class);
			assertThat(revocation.revokeAccessToken(jwt)).isFalse();
			assertThat(decoder.decode(token).getSubject()).isEqualTo("carol");
			revocation.revokeSessionOf(jwt, "logout");
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
				.withMessage("Token revoked");
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(sameSubject))
				.withMessage("Token revoked");
		});
	}

	@Test
	void ownTokensWithoutJtiAreRefused() {
		this.runner.withPropertyValues("jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE)
			.run((context) -> {
				JwtDecoder decoder = context.getBean(JwtDecoder.class);
				assertThat(decoder.decode(token(true, List.of())).getSubject()).isEqualTo("carol");
				assertThatExceptionOfType(BadJwtException.class)
					.isThrownBy(() -> decoder.decode(token(false, List.of())))
					.withMessage("Missing jti claim");
			});
	}

	@Test
	void ownTokensGiveBackTheirAuthoritiesExactlyWhateverThePrefix() {
		this.runner
			.withPropertyValues("jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
					"jwt.auth.authorities.prefix=ROLE_")
			.run((context) -> {
				Jwt jwt = context.getBean(JwtDecoder.class).decode(token(true, List.of("ADMIN", "ROLE_USER")));
				assertThat(authorities(context.getBean(JwtAuthenticationConverter.class), jwt))
					.containsExactlyInAnyOrder("ADMIN", "ROLE_USER");
			});
	}

	@Test
	void thePrefixMapsAnotherIssuersNames() {
		this.otherIssuer.withPropertyValues("jwt.auth.authorities.prefix=SCOPE_").run((context) -> {
			Jwt jwt = context.getBean(JwtDecoder.class).decode(token(true, List.of("read", "write")));
			assertThat(authorities(context.getBean(JwtAuthenticationConverter.class), jwt))
				.containsExactlyInAnyOrder("SCOPE_read", "SCOPE_write");
		});
	}

	private static List<String> authorities(JwtAuthenticationConverter converter, Jwt jwt) {
		return converter.convert(jwt)
			.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((name) -> !name.startsWith("FACTOR_"))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class OtherIssuerKeys {

		@Bean
		JwsVerifierResolver otherIssuerKeys() {
			RSAKey key = TestKeys.rsa();
			return new LocalJwsVerifierResolver(
					List.of(VerificationKey.rsa(TestKeys.rsaKeyId(), JWSAlgorithm.RS256, key.toPublicJWK())));
		}

	}

}
