package io.github.jwtauth.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Validated properties plus the clock, shared by the configuration classes.
 */
final class JwtAuthSettings {

	private final JwtAuthProperties properties;

	private final Clock clock;

	JwtAuthSettings(JwtAuthProperties properties, ObjectProvider<Clock> clock, ClassLoader classLoader,
			Environment environment) {
		// first: a single issuer's property beside jwt.auth.issuers is named as the
		// conflict it is, not as a property of an issuing application
		TrustedIssuersFactory.validate(properties, Binder.get(environment));
		JwtAuthPropertiesValidator.validate(properties);
		StoreConfiguration.requireLibraries(properties, classLoader);
		this.properties = properties;
		this.clock = clock.getIfUnique(Clock::systemUTC);
	}

	/**
	 * Whether this application only verifies the tokens of other issuers
	 * ({@code jwt.auth.jwk-set-uri} or {@code jwt.auth.issuers}) and issues none.
	 * @param properties the properties
	 * @return whether it is a resource server of other issuers
	 */
	static boolean verifiesOtherIssuers(JwtAuthProperties properties) {
		return StringUtils.hasText(properties.getJwkSetUri()) || !properties.getIssuers().isEmpty();
	}

	JwtAuthProperties properties() {
		return this.properties;
	}

	Clock clock() {
		return this.clock;
	}

}
