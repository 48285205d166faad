package io.github.jwtauth.autoconfigure;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.refresh.RefreshTokenService;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.token.AccessToken;
import io.github.jwtauth.token.AccessTokenCustomizer;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.JwtTokenService;
import io.github.jwtauth.web.endpoint.JwksEndpoint;
import io.github.jwtauth.web.endpoint.LoginEndpoint;
import io.github.jwtauth.web.endpoint.RefreshEndpoint;
import io.github.jwtauth.web.security.JwtAuthHttpConfigurer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

/**
 * Conditions and back-off of the auto-configuration.
 */
class JwtAuthAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
		.withPropertyValues("jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES);

	@Test
	void registersTheWholeSetupAndNoGeneratedUser() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(JwtKeySource.class)
				.hasSingleBean(JwtTokenService.class)
				.hasSingleBean(JwtDecoder.class)
				.hasSingleBean(JwtAuthDecoder.class)
				.hasSingleBean(SecurityFilterChain.class)
				.hasSingleBean(JwtAuthHttpConfigurer.class)
				.hasSingleBean(TokenRevocationService.class)
				.hasSingleBean(JwksEndpoint.class);
			// Boot's generated-password user and its resource-server decoder backed off
			assertThat(context).doesNotHaveBean(UserDetailsService.class).doesNotHaveBean(NimbusJwtDecoder.class);
			// no users: nothing to log in or refresh with
			assertThat(context).doesNotHaveBean(LoginEndpoint.class).doesNotHaveBean(RefreshTokenService.class);
		});
	}

	@Test
	void tokensOfTheTokenServicePassTheDecoder() {
		this.runner.run((context) -> {
			AccessToken token = context.getBean(JwtTokenService.class)
				.issue("alice", AuthorityUtils.createAuthorityList("ROLE_USER"), null);
			Jwt jwt = context.getBean(JwtDecoder.class).decode(token.tokenValue());
			assertThat(jwt.getSubject()).isEqualTo("alice");
			assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt").containsEntry("kid", TestKeys.rsaKeyId());
			assertThat(jwt.getClaims()).containsKeys("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "roles");
		});
	}

	@Test
	void withUsersRegistersLoginAndRefresh() {
		this.runner.withUserConfiguration(Users.class)
			.run((context) -> assertThat(context).hasSingleBean(LoginEndpoint.class)
				.hasSingleBean(RefreshTokenService.class)
				.hasSingleBean(RefreshEndpoint.class));
	}

	@Test
	void endpointsCanBeSwitchedOff() {
		this.runner.withUserConfiguration(Users.class)
			.withPropertyValues("jwt.auth.endpoints.enabled=false", "jwt.auth.endpoints.jwks-enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LoginEndpoint.class)
				.doesNotHaveBean(RefreshEndpoint.class)
				.doesNotHaveBean(JwksEndpoint.class)
				.hasSingleBean(RefreshTokenService.class));
	}

	@Test
	void disabledRegistersNothing() {
		this.runner.withPropertyValues("jwt.auth.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JwtAuthDecoder.class)
				.doesNotHaveBean(JwtTokenService.class)
				.doesNotHaveBean(JwtAuthHttpConfigurer.class));
	}

	@Test
	void backsOffFromTheApplicationsDecoder() {
		this.runner.withUserConfiguration(OwnDecoder.class).run((context) -> {
			assertThat(context).hasSingleBean(JwtDecoder.class).doesNotHaveBean(JwtAuthDecoder.class);
			assertThat(context.getBean(JwtDecoder.class)).isSameAs(context.getBean("ownDecoder"));
		});
	}

	@Test
	void refusesAnApplicationsSignerBesideAConfiguredKey() {
		this.runner.withUserConfiguration(OwnSigner.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("jwt.auth.signing.private-key-location")
				.hasMessageContaining("JwtSigner"));
	}

	@Test
	void backsOffFromTheApplicationsChainWhichCanUseTheConfigurer() {
		this.runner.withUserConfiguration(OwnChain.class).run((context) -> {
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context.getBean(SecurityFilterChain.class)).isSameAs(context.getBean("ownChain"));
			assertThat(context).hasSingleBean(JwtAuthHttpConfigurer.class);
		});
	}

	@Test
	void jwkSetUriVerifiesOnlyAndIssuesNothing() {
		this.runner.withPropertyValues("jwt.auth.jwk-set-uri=http://127.0.0.1:9/jwks.json")
			.withUserConfiguration(Users.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(JwtAuthDecoder.class)
					.doesNotHaveBean(JwtKeySource.class)
					.doesNotHaveBean(JwtTokenService.class)
					.doesNotHaveBean(LoginEndpoint.class)
					.doesNotHaveBean(JwksEndpoint.class);
			});
	}

	@Test
	void nonWebApplicationGetsTokensButNoChain() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
					JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class))
			.withPropertyValues("jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET, TestKeys.ISSUER, TestKeys.AUDIENCES)
			.run((context) -> assertThat(context).hasSingleBean(JwtTokenService.class)
				.hasSingleBean(JwtDecoder.class)
				.doesNotHaveBean(JwtAuthHttpConfigurer.class)
				.doesNotHaveBean(SecurityFilterChain.class));
	}

	@Test
	void applicationValidatorsAreAddedToTheDefaultsNotInPlaceOfThem() {
		this.runner.withUserConfiguration(NoMallory.class).run((context) -> {
			JwtTokenService tokens = context.getBean(JwtTokenService.class);
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			assertThat(decoder.decode(tokens.issue("alice", AuthorityUtils.NO_AUTHORITIES, null).tokenValue()))
				.isNotNull();
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(
						() -> decoder.decode(tokens.issue("mallory", AuthorityUtils.NO_AUTHORITIES, null).tokenValue()))
				.withMessageContaining("mallory");
			// the default checks still apply: a token for another issuer is refused
			String foreign = TestJwts.sign(TestKeys.rsa(),
					TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build(),
					TestJwts.claims("alice", Instant.now()).issuer("elsewhere").build());
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(foreign));
		});
	}

	@Test
	void customizersAddClaimsButCannotChangeRegisteredOnesOrAddSecrets() {
		this.runner
			.withBean(AccessTokenCustomizer.class,
					() -> (c) -> c.claims().claim("tenant", "acme").claim("iss", "forged"))
			.run((context) -> {
				AccessToken token = context.getBean(JwtTokenService.class)
					.issue("alice", AuthorityUtils.NO_AUTHORITIES, null);
				Jwt jwt = context.getBean(JwtDecoder.class).decode(token.tokenValue());
				assertThat(jwt.getClaimAsString("tenant")).isEqualTo("acme");
				assertThat(jwt.getClaimAsString("iss")).isEqualTo("jwt-auth");
			});
		this.runner.withBean(AccessTokenCustomizer.class, () -> (c) -> c.claims().claim("password", "hunter2"))
			.run((context) -> assertThatExceptionOfType(IllegalStateException.class).isThrownBy(
					() -> context.getBean(JwtTokenService.class).issue("alice", AuthorityUtils.NO_AUTHORITIES, null))
				.withMessageContaining("password"));
	}

	@Test
	void authoritiesClaimIsConfigurableAndOwnTokensCarryTheAuthoritiesVerbatim() {
		// the prefix no longer strips on write nor adds on read for this application's
		// own
		// tokens: SCOPE_read comes back as SCOPE_read, and nothing else
		this.runner.withPropertyValues("jwt.auth.authorities.claim-name=scope", "jwt.auth.authorities.prefix=SCOPE_")
			.run((context) -> {
				AccessToken token = context.getBean(JwtTokenService.class)
					.issue("alice", AuthorityUtils.createAuthorityList("SCOPE_read", "FACTOR_PASSWORD"), null);
				Jwt jwt = context.getBean(JwtDecoder.class).decode(token.tokenValue());
				assertThat(jwt.getClaimAsStringList("scope")).containsExactly("SCOPE_read");
				assertThat(context.getBean(JwtAuthenticationConverter.class)
					.convert(jwt)
					.getAuthorities()
					.stream()
					.map(GrantedAuthority::getAuthority)
					.filter((name) -> !name.startsWith("FACTOR_"))
					.toList()).containsExactly("SCOPE_read");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Users {

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}pw").roles("USER").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnDecoder {

		@Bean
		JwtDecoder ownDecoder() {
			return mock(JwtDecoder.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSigner {

		@Bean
		JwtSigner ownSigner() throws Exception {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			return JcaJwtSigner.of("own", JWSAlgorithm.ES256, pair.getPrivate(), pair.getPublic());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http, JwtAuthHttpConfigurer jwtAuth) {
			jwtAuth.configure(http).authorizeHttpRequests((a) -> a.anyRequest().authenticated());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoMallory {

		@Bean
		OAuth2TokenValidator<Jwt> noMallory() {
			return (jwt) -> "mallory".equals(jwt.getSubject())
					? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "mallory is banned", null))
					: OAuth2TokenValidatorResult.success();
		}

	}

}
