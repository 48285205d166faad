package io.github.jwtauth.autoconfigure;

import java.time.Clock;
import java.util.List;

import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.JwtSigner;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * The settings and this application's keys.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	@Bean
	JwtAuthSettings jwtAuthSettings(JwtAuthProperties properties, ObjectProvider<Clock> clock,
			ResourceLoader resourceLoader, Environment environment) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		return new JwtAuthSettings(properties, clock,
				(classLoader != null) ? classLoader : KeysConfiguration.class.getClassLoader(),
				Binder.get(environment));
	}

	/**
	 * This application's keys from {@code jwt.auth.signing.*}: a secret, PEM files or an
	 * SSL bundle's private key entry (a keystore or a PKCS#11 token); an application's
	 * own {@link JwtSigner} bean (an HSM, a KMS) becomes the active signer, with the
	 * configured previous keys beside it.
	 * @param settings the settings
	 * @param environment the environment
	 * @param signer the application's signer, if any
	 * @param sslBundles the SSL bundles, for {@code jwt.auth.signing.bundle}
	 * @return the key source
	 */
	@Bean
	@ConditionalOnMissingBean
	@Conditional(LocalKeysCondition.class)
	JwtKeySource jwtAuthKeySource(JwtAuthSettings settings, Environment environment, ObjectProvider<JwtSigner> signer,
			ObjectProvider<SslBundles> sslBundles) {
		List<JwtSigner> signers = signer.orderedStream().toList();
		if (signers.size() > 1) {
			throw new IllegalStateException("Several JwtSigner beans " + signers
					+ ": define exactly one, the signer of new tokens (previous keys go in "
					+ "jwt.auth.signing.previous-keys)");
		}
		Binder binder = Binder.get(environment);
		JwtAuthProperties.Signing signing = settings.properties().getSigning();
		JwtKeySet keys = JwtKeySetFactory.create(signing, signers.isEmpty() ? null : signers.get(0),
				(signing.getBundle() != null) ? sslBundles.getIfAvailable() : null, binder);
		JwtAuthPropertiesValidator.requireIssuerAndAudiencesWithConfiguredKey(settings.properties(), binder);
		return keys;
	}

	/**
	 * Local keys unless the application only verifies other issuers' tokens or rotates
	 * its keys automatically ({@link KeyRotationConfiguration}).
	 */
	static class LocalKeysCondition extends NoneNestedConditions {

		LocalKeysCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnResourceServerCondition.class)
		static class ResourceServer {

		}

		@ConditionalOnBooleanProperty(name = "jwt.auth.signing.rotation.enabled")
		static class Rotation {

		}

	}

}
