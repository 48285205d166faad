package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.token.JwsVerifierResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The Actuator endpoint {@code jwtauth} ({@link JwtAuthEndpoint}), when Actuator and its
 * auto-configuration are present and the endpoint is available: its access is not
 * {@code none} and it is exposed ({@code management.endpoints.web.exposure.include} or
 * the JMX exposure names it), as Boot decides for its own endpoints.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
		"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
class ActuatorEndpointConfiguration {

	// nested, so that its condition is read only once the classes above are known to be
	// present
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(JwtAuthEndpoint.class)
	static class AvailableEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JwtAuthEndpoint jwtAuthEndpoint(JwtAuthSettings settings, ObjectProvider<JwtKeySource> keys,
				ObjectProvider<JwsVerifierResolver> verifiers, RevocationStore store, RevocationRegistry registry,
				ObjectProvider<JwtDecoder> decoder) {
			return new JwtAuthEndpoint(settings.properties(), keys.getIfUnique(), verifiers.getIfUnique(), store,
					registry, decoder.getIfUnique(), settings.clock());
		}

	}

}
