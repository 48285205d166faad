package io.github.jwtauth.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Validated properties plus the clock, shared by the configuration classes.
 */
final class JwtAuthSettings {

	private final JwtAuthProperties properties;

	private final Clock clock;

	JwtAuthSettings(JwtAuthProperties properties, ObjectProvider<Clock> clock, ClassLoader classLoader, Binder binder) {
		// first: a single issuer's property beside jwt.auth.issuers is named as the
		// conflict it is, not as a property of an issuing application
		TrustedIssuersFactory.validate(properties, binder);
		JwtAuthPropertiesValidator.issuerUri(properties, binder);
		JwtAuthPropertiesValidator.validate(properties);
		StoreConfiguration.requireLibraries(properties, classLoader);
		this.properties = properties;
		this.clock = clock.getIfUnique(Clock::systemUTC);
	}

	JwtAuthProperties properties() {
		return this.properties;
	}

	Clock clock() {
		return this.clock;
	}

}
