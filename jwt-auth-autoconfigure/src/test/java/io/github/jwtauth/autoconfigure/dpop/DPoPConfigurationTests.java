package io.github.jwtauth.autoconfigure.dpop;

import java.time.Clock;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.autoconfigure.InvalidJwtAuthPropertyException;
import io.github.jwtauth.autoconfigure.JwtAuthAutoConfiguration;
import io.github.jwtauth.autoconfigure.JwtAuthEndpointsAutoConfiguration;
import io.github.jwtauth.autoconfigure.JwtAuthWebSecurityAutoConfiguration;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.dpop.DPoPMode;
import io.github.jwtauth.dpop.DPoPProofPurger;
import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.dpop.DPoPProofVerifier;
import io.github.jwtauth.dpop.InMemoryDPoPProofReplayStore;
import io.github.jwtauth.store.jdbc.JdbcDPoPProofReplayStore;
import io.github.jwtauth.store.redis.RedisDPoPProofReplayStore;
import io.github.jwtauth.web.AccessTokenVerifier;
import io.github.jwtauth.web.endpoint.DPoPBinding;
import io.github.jwtauth.web.endpoint.LoginEndpoint;
import io.github.jwtauth.web.security.JwtAuthHttpConfigurer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DPoP beans of the auto-configuration: present by default, backing off for the
 * application's own, on the replay store of the store type, and refusing bad
 * {@code jwt.auth.dpop.*} settings with the property's name.
 */
class DPoPConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
		.withUserConfiguration(Users.class)
		.withPropertyValues("jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES);

	@Test
	void theDPoPBeansAreThereInOptionalModeByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(DPoPProofVerifier.class)
				.hasSingleBean(AccessTokenVerifier.class)
				.hasSingleBean(DPoPBinding.class)
				.doesNotHaveBean(DPoPProofPurger.class);
			assertThat(context.getBean(DPoPProofReplayStore.class)).isInstanceOf(InMemoryDPoPProofReplayStore.class);
			AccessTokenVerifier verifier = context.getBean(AccessTokenVerifier.class);
			assertThat(verifier.getMode()).isEqualTo(DPoPMode.OPTIONAL);
			assertThat(verifier.getDecoder()).isSameAs(context.getBean(JwtDecoder.class));
			assertThat(verifier.getAlgorithmNames()).isEqualTo("ES256 ES384 ES512 EdDSA RS256 PS256");
			assertThat(context.getBean(DPoPBinding.class).getMode()).isEqualTo(DPoPMode.OPTIONAL);
			assertThat(context.getBean(DPoPProofVerifier.class).getNonces()).isNull();
			assertThat(context.getBean(DPoPBinding.class).currentNonce()).isNull();
		});
	}

	@ParameterizedTest
	@CsvSource({ "off, OFF", "optional, OPTIONAL", "required, REQUIRED", "REQUIRED, REQUIRED" })
	void theModeReachesTheResourceAndTheTokenEndpoints(String property, DPoPMode mode) {
		this.runner.withPropertyValues("jwt.auth.dpop.mode=" + property).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(AccessTokenVerifier.class).getMode()).isEqualTo(mode);
			assertThat(context.getBean(DPoPBinding.class).getMode()).isEqualTo(mode);
		});
	}

	@Test
	void theAlgorithmsAndNoncesAreConfigurable() {
		this.runner
			.withPropertyValues("jwt.auth.dpop.algorithms=ES256, EdDSA", "jwt.auth.dpop.nonce.enabled=true",
					"jwt.auth.dpop.nonce.secret=3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(AccessTokenVerifier.class).getAlgorithmNames()).isEqualTo("ES256 EdDSA");
				assertThat(context.getBean(DPoPProofVerifier.class).getNonces()).isNotNull();
				assertThat(context.getBean(DPoPBinding.class).currentNonce()).isNotBlank();
			});
	}

	@Test
	void aNonceWithoutASecretStartsWithAnInstanceSecret() {
		this.runner.withPropertyValues("jwt.auth.dpop.nonce.enabled=true")
			.run((context) -> assertThat(context.getBean(DPoPBinding.class).currentNonce()).isNotBlank());
	}

	@Test
	void theBeansBackOffForTheApplicationsOwn() {
		this.runner.withUserConfiguration(OwnDPoPBeans.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(DPoPProofReplayStore.class)).isSameAs(OwnDPoPBeans.STORE);
			DPoPProofVerifier verifier = context.getBean(DPoPProofVerifier.class);
			assertThat(verifier.getAlgorithmNames()).isEqualTo("PS256");
			assertThat(context.getBean(AccessTokenVerifier.class).getAlgorithmNames()).isEqualTo("PS256");
			assertThat(context.getBean(DPoPBinding.class).getMode()).isEqualTo(DPoPMode.REQUIRED);
			// the login endpoint uses the application's binding
			assertThat(context).hasSingleBean(LoginEndpoint.class);
		});
	}

	@Test
	void anOwnAccessTokenVerifierIsTheOneOfTheFilterChain() {
		this.runner.withUserConfiguration(OwnAccessTokenVerifier.class).run((context) -> {
			assertThat(context).hasNotFailed();
			AccessTokenVerifier own = context.getBean(AccessTokenVerifier.class);
			assertThat(own.getMode()).isEqualTo(DPoPMode.OFF);
			assertThat(context.getBean(JwtAuthHttpConfigurer.class)).extracting("verifier").isSameAs(own);
		});
	}

	@Test
	void theJdbcStoreTypeGivesTheJdbcReplayStoreAndItsPurger() {
		this.runner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class))
			.withPropertyValues("jwt.auth.store.type=jdbc", "spring.datasource.generate-unique-name=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(DPoPProofPurger.class);
				assertThat(context.getBean(DPoPProofReplayStore.class)).isInstanceOf(JdbcDPoPProofReplayStore.class);
				assertThat(context.getBean(DPoPProofVerifier.class)).isNotNull();
			});
	}

	@Test
	void theRedisStoreTypeGivesTheRedisReplayStore() {
		this.runner.withBean(RedisConnectionFactory.class, LettuceConnectionFactory::new)
			.withPropertyValues("jwt.auth.store.type=redis")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(DPoPProofPurger.class);
				assertThat(context.getBean(DPoPProofReplayStore.class)).isInstanceOf(RedisDPoPProofReplayStore.class);
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "jwt.auth.dpop.algorithms=HS256 | jwt.auth.dpop.algorithms | 'HS256'",
			"jwt.auth.dpop.algorithms=none | jwt.auth.dpop.algorithms | 'none'",
			"jwt.auth.dpop.algorithms=ES256,ES999 | jwt.auth.dpop.algorithms | 'ES999'",
			"jwt.auth.dpop.algorithms= | jwt.auth.dpop.algorithms | no proof algorithm",
			"jwt.auth.dpop.proof-max-age=1h | jwt.auth.dpop.proof-max-age | outside 1 second to 10 minutes",
			"jwt.auth.dpop.proof-max-age=0s | jwt.auth.dpop.proof-max-age | outside 1 second to 10 minutes",
			"jwt.auth.dpop.clock-skew=10m | jwt.auth.dpop.clock-skew | outside 0 to 5 minutes",
			"jwt.auth.dpop.clock-skew=-1s | jwt.auth.dpop.clock-skew | outside 0 to 5 minutes",
			"jwt.auth.dpop.proof-max-length=100B | jwt.auth.dpop.proof-max-length | outside 512B to 16KB",
			"jwt.auth.dpop.proof-max-length=1MB | jwt.auth.dpop.proof-max-length | outside 512B to 16KB",
			"jwt.auth.dpop.replay-cache-max-entries=0 | jwt.auth.dpop.replay-cache-max-entries | must be positive",
			"jwt.auth.dpop.replay-cache-max-entries=-5 | jwt.auth.dpop.replay-cache-max-entries | must be positive",
			"jwt.auth.dpop.nonce.secret=c2hvcnQ= | jwt.auth.dpop.nonce.secret | at least 32 are required",
			"jwt.auth.dpop.nonce.secret=not base64!!! | jwt.auth.dpop.nonce.secret | not base64",
			"jwt.auth.dpop.nonce.lifetime=1s | jwt.auth.dpop.nonce.lifetime | outside 2 seconds to 1 hour",
			"jwt.auth.dpop.nonce.lifetime=2h | jwt.auth.dpop.nonce.lifetime | outside 2 seconds to 1 hour" })
	void badSettingsRefuseToStartNamingTheProperty(String setting, String property, String problem) {
		this.runner.withPropertyValues(setting, "jwt.auth.dpop.nonce.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			InvalidJwtAuthPropertyException cause = findCause(context.getStartupFailure());
			assertThat(cause).as("%s", context.getStartupFailure()).isNotNull();
			assertThat(cause.getProperty()).isEqualTo(property);
			assertThat(cause.getMessage()).contains(problem);
			assertThat(cause.getAction()).isNotBlank();
		});
	}

	@Test
	void aBadNonceSecretIsIgnoredWhileNoncesAreOff() {
		this.runner.withPropertyValues("jwt.auth.dpop.nonce.secret=c2hvcnQ=")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static InvalidJwtAuthPropertyException findCause(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof InvalidJwtAuthPropertyException invalid) {
				return invalid;
			}
		}
		return null;
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
	static class OwnDPoPBeans {

		static final DPoPProofReplayStore STORE = new InMemoryDPoPProofReplayStore(10, Clock.systemUTC());

		@Bean
		DPoPProofReplayStore ownReplayStore() {
			return STORE;
		}

		@Bean
		DPoPProofVerifier ownProofVerifier(DPoPProofReplayStore store) {
			return DPoPProofVerifier.withReplayStore(store).algorithms(List.of(JWSAlgorithm.PS256)).build();
		}

		@Bean
		DPoPBinding ownBinding(DPoPProofVerifier proofs) {
			return DPoPBinding.of(DPoPMode.REQUIRED, proofs);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnAccessTokenVerifier {

		@Bean
		AccessTokenVerifier ownVerifier(JwtDecoder decoder) {
			return AccessTokenVerifier.bearerOnly(decoder);
		}

	}

}
