package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.web.AccessTokenRefusalListener;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Micrometer meters of JWT authentication ({@code jwt.auth.*}), when Micrometer is on the
 * class path and the application has a {@link MeterRegistry} (Spring Boot's, with
 * Actuator): tokens issued and refused by reason, sessions created, refreshed and ended,
 * refresh-token reuse, revocations, refused and throttled logins, the validated-token
 * cache, the revocation replica, and timers of the stores' operations. Each group backs
 * off when the application defines a bean of its name (for example
 * {@code jwtAuthTimedStores}); Boot's {@code management.metrics.enable.jwt.auth=false}
 * switches the meters off.
 */
@AutoConfiguration(
		after = { JwtAuthAutoConfiguration.class, JwtAuthWebSecurityAutoConfiguration.class,
				JwtAuthEndpointsAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ JwtAuthSettings.class, MeterRegistry.class })
public final class JwtAuthMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "jwtAuthTokenEventMetrics")
	TokenEventMetrics jwtAuthTokenEventMetrics(MeterRegistry registry) {
		return new TokenEventMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean(name = "jwtAuthValidatedTokenCacheMetrics")
	ValidatedTokenCacheMetrics jwtAuthValidatedTokenCacheMetrics(ObjectProvider<JwtDecoder> decoder) {
		return new ValidatedTokenCacheMetrics(decoder);
	}

	@Bean
	@ConditionalOnMissingBean(name = "jwtAuthRevocationReplicaMetrics")
	@ConditionalOnBean(RevocationRegistry.class)
	RevocationReplicaMetrics jwtAuthRevocationReplicaMetrics(JwtAuthSettings settings, RevocationRegistry registry) {
		return new RevocationReplicaMetrics(registry, settings.clock());
	}

	@Bean
	@ConditionalOnMissingBean(name = "jwtAuthTimedStores")
	TimedStores jwtAuthTimedStores(MeterRegistry registry) {
		return new TimedStores(registry);
	}

	/**
	 * Meters of the web layer: refused access tokens, refused and throttled logins.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AccessTokenRefusalListener.class)
	static class WebMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "jwtAuthTokenRefusalMetrics")
		TokenRefusalMetrics jwtAuthTokenRefusalMetrics(MeterRegistry registry) {
			return new TokenRefusalMetrics(registry);
		}

		@Bean
		@ConditionalOnMissingBean(name = "jwtAuthLoginEventMetrics")
		@ConditionalOnClass(name = "io.github.jwtauth.web.endpoint.LoginFailedEvent")
		LoginEventMetrics jwtAuthLoginEventMetrics(MeterRegistry registry) {
			return new LoginEventMetrics(registry);
		}

	}

}
