package io.github.jwtauth.autoconfigure;

import java.time.Duration;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.keys.rotation.InMemorySigningKeyStore;
import io.github.jwtauth.keys.rotation.KeyEncryptionKey;
import io.github.jwtauth.keys.rotation.RotatingKeySource;
import io.github.jwtauth.keys.rotation.RotationPolicy;
import io.github.jwtauth.keys.rotation.SigningKeyStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.MethodMetadata;

/**
 * Automatic key rotation ({@code jwt.auth.signing.rotation.enabled=true}): the
 * {@link io.github.jwtauth.keys.JwtKeySource} is a {@link RotatingKeySource} over the
 * {@link SigningKeyStore} of {@code jwt.auth.store.type}, started with the context and
 * stopped with it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "jwt.auth.signing.rotation.enabled")
class KeyRotationConfiguration {

	private static final Log logger = LogFactory.getLog(KeyRotationConfiguration.class);

	static final String PREFIX = "jwt.auth.signing.rotation";

	/**
	 * Managed keys in memory: rotation for one instance. The jdbc and redis stores define
	 * their own {@link SigningKeyStore} (in {@link StoreConfiguration}).
	 * @return the store
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "jwt.auth.store.type", havingValue = "memory", matchIfMissing = true)
	SigningKeyStore jwtAuthSigningKeyStore() {
		return new InMemorySigningKeyStore();
	}

	/**
	 * Refuses an application's own {@link JwtKeySource} bean: it would replace the
	 * rotating key source, silently switching off the rotation that
	 * {@code jwt.auth.signing.rotation.enabled=true} asks for. Checked on the bean
	 * definitions, before any bean is created.
	 * @return the check
	 */
	@Bean
	static BeanFactoryPostProcessor jwtAuthKeyRotationKeySourceCheck() {
		return KeyRotationConfiguration::refuseApplicationKeySources;
	}

	private static void refuseApplicationKeySources(ConfigurableListableBeanFactory beanFactory) {
		for (String name : beanFactory.getBeanNamesForType(JwtKeySource.class, true, false)) {
			if (!isRotatingKeySource(beanFactory, name)) {
				throw new InvalidJwtAuthPropertyException(PREFIX + ".enabled",
						"the application defines a JwtKeySource bean ('" + name + "') and key rotation is enabled: the "
								+ "bean would replace the rotating keys, and " + PREFIX + ".* would be ignored",
						"remove " + PREFIX + ".enabled to use the JwtKeySource bean, or remove the bean");
			}
		}
	}

	private static boolean isRotatingKeySource(ConfigurableListableBeanFactory beanFactory, String name) {
		if (!beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = beanFactory.getBeanDefinition(name);
		MethodMetadata factoryMethod = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		return factoryMethod != null
				&& KeyRotationConfiguration.class.getName().equals(factoryMethod.getDeclaringClassName())
				&& "jwtAuthKeySource".equals(factoryMethod.getMethodName());
	}

	/**
	 * The rotating key source, loaded (and the first key created) before any bean uses
	 * it.
	 * @param settings the settings
	 * @param environment the environment
	 * @param stores the signing-key store
	 * @param keyEncryptionKeys an application's own key-encryption key (a KMS), if any
	 * @param signers an application's own signer, refused
	 * @return the key source
	 */
	@Bean(destroyMethod = "stop")
	@ConditionalOnMissingBean(JwtKeySource.class)
	RotatingKeySource jwtAuthKeySource(JwtAuthSettings settings, Environment environment,
			ObjectProvider<SigningKeyStore> stores, ObjectProvider<KeyEncryptionKey> keyEncryptionKeys,
			ObjectProvider<JwtSigner> signers) {
		JwtAuthProperties properties = settings.properties();
		refuseOtherKeys(properties, environment, signers.getIfAvailable());
		SigningKeyStore store = stores.getIfUnique();
		if (store == null) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.store.type",
					"key rotation with the " + properties.getStore().getType().name().toLowerCase()
							+ " store needs one SigningKeyStore and none (or several) is defined",
					"add jwt-auth-jdbc or jwt-auth-data-redis (which define it), or define one SigningKeyStore bean");
		}
		KeyEncryptionKey kek = keyEncryptionKeys.getIfUnique();
		if (kek == null) {
			kek = KeyEncryptionKeys.fromProperties(properties.getSigning().getRotation(), store.isShared());
		}
		if (!store.isShared()) {
			logger.info("Key rotation keeps its keys in memory (" + store + "): every instance rotates its own "
					+ "keys and instances cannot verify each other's tokens. Use jwt.auth.store.type=jdbc or redis "
					+ "for several instances.");
		}
		RotatingKeySource source = RotatingKeySource.builder(store, kek, policy(properties))
			.clock(settings.clock())
			.build();
		try {
			source.start();
		}
		catch (IllegalStateException ex) {
			if (causedBy(ex, KeyOperationException.class)) {
				throw new InvalidJwtAuthPropertyException(PREFIX + ".key-encryption-key", ex.getMessage(),
						"configure the key-encryption key that sealed the stored keys, or list it in " + PREFIX
								+ ".previous-key-encryption-keys");
			}
			throw ex;
		}
		return source;
	}

	static RotationPolicy policy(JwtAuthProperties properties) {
		JwtAuthProperties.Rotation rotation = properties.getSigning().getRotation();
		JWSAlgorithm algorithm = KeyAlgorithms.parse(rotation.getAlgorithm());
		if (algorithm == null) {
			throw new InvalidJwtAuthPropertyException(PREFIX + ".algorithm",
					"'" + rotation.getAlgorithm() + "' is not a supported algorithm",
					"use one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 or EdDSA");
		}
		Duration jwksMaxAge = properties.getEndpoints().getJwksMaxAge();
		Duration ttl = properties.getAccessToken().getTtl();
		Duration skew = properties.getClockSkew();
		requirePositive(PREFIX + ".period", rotation.getPeriod());
		requirePositive(PREFIX + ".check-interval", rotation.getCheckInterval());
		requirePositive(PREFIX + ".publish-ahead", rotation.getPublishAhead());
		requirePositive(PREFIX + ".retain-after", rotation.getRetainAfter());
		RotationPolicy.Builder builder = RotationPolicy.builder(algorithm)
			.derivedFrom(jwksMaxAge, ttl, skew)
			.period(rotation.getPeriod())
			.publishAhead(rotation.getPublishAhead())
			.retainAfter(rotation.getRetainAfter())
			.checkInterval(rotation.getCheckInterval());
		Duration checkInterval = rotation.getCheckInterval();
		Duration publishAhead = (rotation.getPublishAhead() != null) ? rotation.getPublishAhead()
				: RotationPolicy.defaultPublishAhead(jwksMaxAge, skew, checkInterval);
		Duration minimum = RotationPolicy.minimumPublishAhead(jwksMaxAge, skew, checkInterval);
		if (publishAhead.compareTo(minimum) < 0) {
			throw new InvalidJwtAuthPropertyException(PREFIX + ".publish-ahead",
					publishAhead + " is shorter than jwt.auth.endpoints.jwks-max-age plus jwt.auth.clock-skew plus "
							+ PREFIX + ".check-interval (" + minimum
							+ "): a client's cached JWK Set would miss the new key",
					"remove it to use the default, or make it at least the JWK Set's max-age plus the clock skew plus "
							+ "the check interval");
		}
		if (publishAhead.plus(rotation.getCheckInterval()).compareTo(rotation.getPeriod()) >= 0) {
			throw new InvalidJwtAuthPropertyException(PREFIX + ".period", rotation.getPeriod()
					+ " is not longer than the publish-ahead time (" + publishAhead + ") plus the check interval",
					"use a period of days (30d by default)");
		}
		if (rotation.getCheckInterval().multipliedBy(2).compareTo(publishAhead) > 0) {
			throw new InvalidJwtAuthPropertyException(PREFIX + ".check-interval",
					rotation.getCheckInterval() + " is more than half of the publish-ahead time (" + publishAhead
							+ "): an instance could miss a new key until it signs",
					"use a shorter interval (1m by default)");
		}
		if (rotation.getRetainAfter() != null && rotation.getRetainAfter().compareTo(ttl.plus(skew)) < 0) {
			throw new InvalidJwtAuthPropertyException(PREFIX + ".retain-after",
					rotation.getRetainAfter() + " is shorter than jwt.auth.access-token.ttl plus jwt.auth.clock-skew ("
							+ ttl.plus(skew) + "): tokens signed by a replaced key would be refused before they expire",
					"remove it to use the default, or make it longer than the access-token lifetime plus the clock skew");
		}
		return builder.build();
	}

	private static void requirePositive(String property, @Nullable Duration duration) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new InvalidJwtAuthPropertyException(property, "must be positive", "set a positive duration");
		}
	}

	private static void refuseOtherKeys(JwtAuthProperties properties, Environment environment,
			@Nullable JwtSigner signer) {
		JwtAuthProperties.Signing signing = properties.getSigning();
		String action = "remove it: with " + PREFIX + ".enabled=true the starter creates and rotates its own keys";
		if (signing.getSecret() != null) {
			throw conflict("jwt.auth.signing.secret", action);
		}
		if (signing.getPrivateKeyLocation() != null) {
			throw conflict("jwt.auth.signing.private-key-location", action);
		}
		if (signing.getPublicKeyLocation() != null) {
			throw conflict("jwt.auth.signing.public-key-location", action);
		}
		if (environment.containsProperty("jwt.auth.signing.bundle")) {
			throw conflict("jwt.auth.signing.bundle", action);
		}
		if (signing.getAlgorithm() != null) {
			throw conflict("jwt.auth.signing.algorithm", "use " + PREFIX + ".algorithm instead");
		}
		if (signing.getKeyId() != null) {
			throw conflict("jwt.auth.signing.key-id", "remove it: managed keys get their own key IDs");
		}
		if (!signing.getPreviousKeys().isEmpty()) {
			throw conflict("jwt.auth.signing.previous-keys",
					"remove them once the tokens they signed have expired, then enable rotation");
		}
		if (ResourceServerMode.isResourceServer(properties)) {
			String property = (properties.getJwkSetUri() != null) ? "jwt.auth.jwk-set-uri"
					: ResourceServerMode.ISSUER_URI;
			throw new InvalidJwtAuthPropertyException(PREFIX + ".enabled",
					"key rotation manages an issuer's keys, and " + property
							+ " makes this application verify another issuer's tokens only",
					"remove " + PREFIX + ".enabled, or " + property);
		}
		if (signer != null) {
			throw new InvalidJwtAuthPropertyException(PREFIX + ".enabled",
					"the application defines a JwtSigner bean (" + signer + ") and key rotation is enabled",
					"remove " + PREFIX + ".enabled to sign with the JwtSigner bean, or remove the bean");
		}
	}

	private static InvalidJwtAuthPropertyException conflict(String property, String action) {
		return new InvalidJwtAuthPropertyException(property,
				"it configures a signing key, and " + PREFIX + ".enabled=true manages the keys", action);
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}
