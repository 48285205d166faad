package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.web.AccessTokenRefusalListener;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The meters of {@link JwtAuthMetricsAutoConfiguration}, each group backing off for a
 * bean of its name.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

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
		LoginEventMetrics jwtAuthLoginEventMetrics(MeterRegistry registry) {
			return new LoginEventMetrics(registry);
		}

	}

}
