package io.github.jwtauth.autoconfigure;

import java.time.Clock;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.github.jwtauth.keys.JwtKeySet;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The settings, this application's keys and the encoder that signs with the active key.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	@Bean
	JwtAuthSettings jwtAuthSettings(JwtAuthProperties properties, ObjectProvider<Clock> clock,
			ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		return new JwtAuthSettings(properties, clock,
				(classLoader != null) ? classLoader : KeysConfiguration.class.getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(LocalKeysCondition.class)
	JwtKeySet jwtAuthKeySet(JwtAuthSettings settings, Environment environment) {
		JwtKeySet keys = JwtKeySetFactory.create(settings.properties().getSigning());
		JwtAuthPropertiesValidator.requireIssuerAndAudiencesWithConfiguredKey(settings.properties(),
				Binder.get(environment));
		return keys;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JwtKeySet.class)
	JwtEncoder jwtAuthEncoder(JwtKeySet keys) {
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.active().jwk())));
	}

	/**
	 * Local keys unless the application only verifies another issuer's tokens.
	 */
	static class LocalKeysCondition extends NoneNestedConditions {

		LocalKeysCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "jwt.auth", name = "jwk-set-uri")
		static class JwkSetUri {

		}

	}

}
