package io.github.jwtauth.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.autoconfigure.testapp.OwnNimbusDecoderConfiguration;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.token.AccessToken;
import io.github.jwtauth.token.InvalidTokenException;
import io.github.jwtauth.token.JwsVerifierResolver;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.JwtAuthDecoderCustomizer;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The extension points: each can be replaced or customised, and none switches security
 * off.
 */
class JwtAuthSeamsTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(JwtAuthAutoConfiguration.class, JwtAuthWebSecurityAutoConfiguration.class,
						SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
		.withPropertyValues("jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES);

	@Test
	void anApplicationsOwnDecoderStillRefusesRevokedTokens() {
		this.runner.withUserConfiguration(OwnNimbusDecoderConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(JwtAuthDecoder.class);
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			AccessToken token = context.getBean(JwtTokenService.class)
				.issue("alice", AuthorityUtils.createAuthorityList("ROLE_USER"), "session-1");
			assertThat(decoder.decode(token.tokenValue()).getSubject()).isEqualTo("alice");
			context.getBean(TokenRevocationService.class).revokeSession("alice", "session-1", "logout");
			assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> decoder.decode(token.tokenValue()))
				.withMessage("Token revoked");
		});
	}

	@Test
	void decoderCustomizersTuneTheDecoderButRevocationStays() {
		JwtAuthDecoderCustomizer customizer = (builder) -> builder.cacheSize(0)
			.validator((jwt) -> "bob".equals(jwt.getSubject())
					? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "No bob", null))
					: OAuth2TokenValidatorResult.success());
		this.runner.withBean(JwtAuthDecoderCustomizer.class, () -> customizer).run((context) -> {
			JwtAuthDecoder decoder = context.getBean(JwtAuthDecoder.class);
			assertThat(decoder.getCache()).isNull();
			JwtTokenService tokens = context.getBean(JwtTokenService.class);
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> decoder.decode(tokens.issue("bob", AuthorityUtils.NO_AUTHORITIES, null).tokenValue()))
				.withMessageContaining("No bob");
			AccessToken alice = tokens.issue("alice", AuthorityUtils.NO_AUTHORITIES, null);
			context.getBean(TokenRevocationService.class).revokeAllTokens("alice", "test");
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(alice.tokenValue()))
				.withMessageContaining("revoked");
		});
	}

	@Test
	void aCustomizerCannotLoosenWhatThePropertiesDecide() {
		JwtAuthDecoderCustomizer loosening = (builder) -> builder.tokenType("JWT")
			.issuer("elsewhere")
			.audiences(List.of("anyone"))
			.clockSkew(Duration.ofMinutes(5));
		this.runner.withBean(JwtAuthDecoderCustomizer.class, () -> loosening).run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			Instant now = Instant.now();
			String foreign = TestJwts.sign(TestKeys.rsa(),
					TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build(),
					TestJwts.claims("alice", now).issuer("elsewhere").audience("anyone").build());
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(foreign));
			String untyped = TestJwts.sign(TestKeys.rsa(),
					TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).type(null).build(),
					TestJwts.claims("alice", now).build());
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(untyped))
				.withMessageContaining("type");
			String expiredBeyondTheSkew = TestJwts.sign(TestKeys.rsa(),
					TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build(),
					TestJwts.claims("alice", now.minus(Duration.ofMinutes(7))).build());
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(expiredBeyondTheSkew))
				.withMessageContaining("expired");
		});
	}

	@Test
	void anApplicationsOwnJwtAuthDecoderOnAnotherRegistryIsWrappedToo() {
		this.runner.withUserConfiguration(OwnJwtAuthDecoderConfiguration.class).run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			AccessToken token = context.getBean(JwtTokenService.class)
				.issue("alice", AuthorityUtils.createAuthorityList("ROLE_USER"), "session-2");
			assertThat(decoder.decode(token.tokenValue()).getSubject()).isEqualTo("alice");
			context.getBean(TokenRevocationService.class).revokeSession("alice", "session-2", "logout");
			assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> decoder.decode(token.tokenValue()))
				.withMessage("Token revoked");
		});
	}

	@Test
	void aDecoderWhoseDecodeIsFinalIsWrappedByItsInterface() {
		this.runner.withUserConfiguration(FinalDecodeConfiguration.class).run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			assertThat(decoder).isNotInstanceOf(FinalDecode.class);
			AccessToken token = context.getBean(JwtTokenService.class)
				.issue("alice", AuthorityUtils.createAuthorityList("ROLE_USER"), "session-3");
			assertThat(decoder.decode(token.tokenValue()).getSubject()).isEqualTo("alice");
			context.getBean(TokenRevocationService.class).revokeSession("alice", "session-3", "logout");
			assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> decoder.decode(token.tokenValue()))
				.withMessage("Token revoked");
		});
	}

	@Test
	void theVerifierResolverIsABeanThatBacksOff() {
		JwsVerifierResolver refusing = (header) -> {
			throw new InvalidTokenException("Refused by the application's resolver");
		};
		this.runner.withBean(JwsVerifierResolver.class, () -> refusing).run((context) -> {
			AccessToken token = context.getBean(JwtTokenService.class)
				.issue("alice", AuthorityUtils.NO_AUTHORITIES, null);
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> context.getBean(JwtDecoder.class).decode(token.tokenValue()))
				.withMessage("Refused by the application's resolver");
		});
	}

	@Test
	void theApplicationsHttpFirewallIsKept() {
		StrictHttpFirewall own = new StrictHttpFirewall();
		this.runner.withBean("ownFirewall", HttpFirewall.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(HttpFirewall.class);
			assertThat(context.getBean(HttpFirewall.class)).isSameAs(own);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnJwtAuthDecoderConfiguration {

		@Bean
		JwtDecoder ownJwtAuthDecoder() {
			// the plain-library pattern copied into a Boot application: its own registry,
			// which the starter's revocation service does not write to
			return JwtAuthDecoder
				.withKeys(new JwtKeySet(SigningKey.rsa(TestKeys.rsaKeyId(), JWSAlgorithm.RS256, TestKeys.rsa()),
						List.of()), new RevocationValidator(new RevocationRegistry(Clock.systemUTC())))
				.issuer("jwt-auth")
				.audiences(List.of("jwt-auth"))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FinalDecodeConfiguration {

		@Bean
		JwtDecoder finalDecode() throws JOSEException {
			return new FinalDecode(new OwnNimbusDecoderConfiguration().ownDecoder());
		}

	}

	/**
	 * A decoder class that can be subclassed but whose {@code decode} cannot be
	 * overridden: a class proxy would not intercept it.
	 */
	static class FinalDecode implements JwtDecoder {

		private final JwtDecoder delegate;

		FinalDecode(JwtDecoder delegate) {
			this.delegate = delegate;
		}

		@Override
		public final Jwt decode(String token) {
			return this.delegate.decode(token);
		}

	}

}
