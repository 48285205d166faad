package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health indicator of the token store, shown by Actuator as {@code jwtAuthStore}, and
 * (with the actuator endpoints and Boot's availability probes) its membership of the
 * readiness group.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HealthIndicator.class)
class HealthConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "jwtAuthStoreHealthIndicator")
	RevocationStoreHealthIndicator jwtAuthStoreHealthIndicator(JwtAuthSettings settings, RevocationStore store,
			RevocationRegistry registry) {
		String type = (store instanceof RevocationFeedStore) ? "feed"
				: settings.properties().getStore().getType().name().toLowerCase();
		return new RevocationStoreHealthIndicator(type, store, registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	@ConditionalOnBooleanProperty(name = "management.endpoint.health.probes.enabled", matchIfMissing = true)
	static class ReadinessConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "jwtAuthReadinessGroupPostProcessor")
		static ReadinessGroupPostProcessor jwtAuthReadinessGroupPostProcessor() {
			return new ReadinessGroupPostProcessor();
		}

	}

}
