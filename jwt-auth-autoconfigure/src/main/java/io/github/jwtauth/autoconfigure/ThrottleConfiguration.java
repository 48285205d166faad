package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.throttle.AttemptPurger;
import io.github.jwtauth.throttle.AttemptStore;
import io.github.jwtauth.throttle.AttemptThrottle;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Throttling of failed attempts at the token endpoints ({@code jwt.auth.throttle.*}),
 * counted in the {@link AttemptStore} of the configured store type, and the job that
 * purges expired counters from it.
 */
@Configuration(proxyBeanMethods = false)
class ThrottleConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AttemptThrottle jwtAuthAttemptThrottle(JwtAuthSettings settings, AttemptStore store,
			ObjectProvider<StoreInstrumentation> instrumentation) {
		JwtAuthProperties.Throttle properties = settings.properties().getThrottle();
		if (!properties.isEnabled()) {
			return AttemptThrottle.unlimited();
		}
		return AttemptThrottle.builder(StoreInstrumentation.instrument(instrumentation, store, AttemptStore.class))
			.clock(settings.clock())
			.namespace(settings.properties().getIssuer())
			.maxFailures(properties.getMaxFailures())
			.addressMaxFailures(properties.getAddressMaxFailures())
			.window(properties.getWindow())
			.initialBackoff(properties.getInitialBackoff())
			.maxBackoff(properties.getMaxBackoff())
			.accountMaxBackoff(properties.getAccountMaxBackoff())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(AttemptStore.class)
	@ConditionalOnBooleanProperty(name = "jwt.auth.throttle.enabled", matchIfMissing = true)
	AttemptPurger jwtAuthAttemptPurger(JwtAuthSettings settings, AttemptStore store,
			ObjectProvider<StoreInstrumentation> instrumentation) {
		return new AttemptPurger(StoreInstrumentation.instrument(instrumentation, store, AttemptStore.class),
				settings.clock(), settings.properties().getStore().getPurgeInterval());
	}

}
