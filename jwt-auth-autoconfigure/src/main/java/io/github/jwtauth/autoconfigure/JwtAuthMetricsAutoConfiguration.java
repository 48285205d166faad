package io.github.jwtauth.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;

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
@Import(MetricsConfiguration.class)
public final class JwtAuthMetricsAutoConfiguration {

}
