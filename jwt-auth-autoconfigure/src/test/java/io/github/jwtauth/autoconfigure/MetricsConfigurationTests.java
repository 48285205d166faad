package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.refresh.InMemoryRefreshTokenStore;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.web.AccessTokenRefusalListener;
import io.github.jwtauth.web.AccessTokenRefusedException;
import io.github.jwtauth.web.AccessTokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code jwt.auth.*} meters exist only with Micrometer and a {@link MeterRegistry},
 * each group backs off for an application bean of its name, the store beans stay as they
 * are, and the access-token verifier counts its refusals.
 */
class MetricsConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
				JwtAuthMetricsAutoConfiguration.class, SecurityAutoConfiguration.class,
				UserDetailsServiceAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
		.withUserConfiguration(Users.class)
		.withPropertyValues(TestKeys.ISSUER, TestKeys.AUDIENCES,
				"jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE);

	private final WebApplicationContextRunner withRegistry = this.runner
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void metersWithAMeterRegistry() {
		this.withRegistry.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(TokenEventMetrics.class)
				.hasSingleBean(LoginEventMetrics.class)
				.hasSingleBean(TokenRefusalMetrics.class)
				.hasSingleBean(ValidatedTokenCacheMetrics.class)
				.hasSingleBean(RevocationReplicaMetrics.class)
				.hasSingleBean(TimedStores.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("jwt.auth.cache.size").gauge().value()).isZero();
			assertThat(registry.get("jwt.auth.cache.gets").tag("result", "miss").functionCounter().count()).isZero();
			assertThat(registry.get("jwt.auth.revocation.replica.size").gauge().value()).isZero();
			// the store bean stays what it is; the services use a timed view of it
			assertThat(context.getBean(RefreshTokenStore.class)).isExactlyInstanceOf(InMemoryRefreshTokenStore.class);
			AccessTokenVerifier verifier = context.getBean(AccessTokenVerifier.class);
			assertThatExceptionOfType(AccessTokenRefusedException.class)
				.isThrownBy(() -> verifier.verifyBearer("not-a-token"));
			assertThat(registry.get("jwt.auth.tokens.refused")
				.tags("reason", "malformed", "scheme", "bearer")
				.counter()
				.count()).isOne();
		});
	}

	@Test
	void aFailingRefusalListenerOfTheApplicationNeitherStopsTheCountNorChangesTheAnswer() {
		this.withRegistry.withUserConfiguration(FailingListener.class).run((context) -> {
			assertThatExceptionOfType(AccessTokenRefusedException.class)
				.isThrownBy(() -> context.getBean(AccessTokenVerifier.class).verifyBearer("not-a-token"));
			assertThat(context.getBean(MeterRegistry.class)
				.get("jwt.auth.tokens.refused")
				.tags("reason", "malformed", "scheme", "bearer")
				.counter()
				.count()).isOne();
		});
	}

	@Test
	void noMetersWithoutAMeterRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(MeterRegistry.class)
				.doesNotHaveBean(TokenEventMetrics.class)
				.doesNotHaveBean(LoginEventMetrics.class)
				.doesNotHaveBean(TokenRefusalMetrics.class)
				.doesNotHaveBean(ValidatedTokenCacheMetrics.class)
				.doesNotHaveBean(RevocationReplicaMetrics.class)
				.doesNotHaveBean(TimedStores.class);
			assertThatExceptionOfType(AccessTokenRefusedException.class)
				.isThrownBy(() -> context.getBean(AccessTokenVerifier.class).verifyBearer("not-a-token"));
		});
	}

	@Test
	void noMetersWithoutMicrometer() {
		// Boot's own metrics auto-configuration needs Micrometer: only jwt-auth's here
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TokenEventMetrics.class)
				.doesNotHaveBean(TokenRefusalMetrics.class)
				.doesNotHaveBean(TimedStores.class)
				.hasSingleBean(AccessTokenVerifier.class));
	}

	@Test
	void eachGroupBacksOffForABeanOfItsName() {
		this.withRegistry.withUserConfiguration(OwnMeters.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(TimedStores.class)
				.doesNotHaveBean(TokenRefusalMetrics.class)
				.doesNotHaveBean(TokenEventMetrics.class)
				.doesNotHaveBean(LoginEventMetrics.class)
				.doesNotHaveBean(ValidatedTokenCacheMetrics.class)
				.doesNotHaveBean(RevocationReplicaMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThatExceptionOfType(AccessTokenRefusedException.class)
				.isThrownBy(() -> context.getBean(AccessTokenVerifier.class).verifyBearer("not-a-token"));
			assertThat(registry.find("jwt.auth.tokens.refused").counters()).isEmpty();
			assertThat(registry.find("jwt.auth.cache.size").gauges()).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingListener {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		AccessTokenRefusalListener failingListener() {
			return (reason, dpop) -> {
				throw new IllegalStateException("failing listener");
			};
		}

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
	static class OwnMeters {

		@Bean
		String jwtAuthTimedStores() {
			return "off";
		}

		@Bean
		String jwtAuthTokenRefusalMetrics() {
			return "off";
		}

		@Bean
		String jwtAuthTokenEventMetrics() {
			return "off";
		}

		@Bean
		String jwtAuthLoginEventMetrics() {
			return "off";
		}

		@Bean
		String jwtAuthValidatedTokenCacheMetrics() {
			return "off";
		}

		@Bean
		String jwtAuthRevocationReplicaMetrics() {
			return "off";
		}

	}

}
