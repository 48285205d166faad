package io.github.jwtauth.autoconfigure;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.rotation.AesGcmKeyEncryptionKey;
import io.github.jwtauth.keys.rotation.InMemorySigningKeyStore;
import io.github.jwtauth.keys.rotation.KeyEncryptionKey;
import io.github.jwtauth.keys.rotation.ManagedKeyGenerator;
import io.github.jwtauth.keys.rotation.RotatingKeySource;
import io.github.jwtauth.keys.rotation.SigningKeyStore;
import io.github.jwtauth.keys.rotation.StoredSigningKey;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jwt.auth.signing.rotation.*}: the rotating key source, its defaults, and the
 * configurations it refuses, naming the property.
 */
class KeyRotationConfigurationTests {

	private static final String KEK = "base64:" + Base64.getEncoder().encodeToString(randomBytes(32));

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class))
		.withPropertyValues(TestKeys.ISSUER, TestKeys.AUDIENCES, "jwt.auth.signing.rotation.enabled=true");

	static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	@Test
	void rotationManagesTheKeysInMemoryWithDerivedDefaults() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			RotatingKeySource source = context.getBean(RotatingKeySource.class);
			assertThat(context.getBean(JwtKeySource.class)).isSameAs(source);
			assertThat(context.getBean(SigningKeyStore.class)).isInstanceOf(InMemorySigningKeyStore.class);
			assertThat(source.isRunning()).isTrue();
			assertThat(source.policy().algorithm()).isEqualTo(JWSAlgorithm.RS256);
			assertThat(source.policy().period()).isEqualTo(Duration.ofDays(30));
			// jwks-max-age 5m + clock skew 30s + check interval 1m + 5m
			assertThat(source.policy().publishAhead()).isEqualTo(Duration.ofSeconds(690));
			// access-token ttl 10m + clock skew 30s + 5m
			assertThat(source.policy().retainAfter()).isEqualTo(Duration.ofSeconds(930));
			assertThat(source.policy().checkInterval()).isEqualTo(Duration.ofMinutes(1));
			String token = context.getBean(JwtTokenService.class).issue("alice", List.of(), null).tokenValue();
			assertThat(context.getBean(JwtDecoder.class).decode(token).getSubject()).isEqualTo("alice");
			assertThat(context.getBean(SigningKeyStore.class).findAll()).singleElement()
				.satisfies((key) -> assertThat(key.keyId()).isEqualTo(source.current().active().keyId()));
		});
	}

	@Test
	void rotationStopsWithTheContext() {
		RotatingKeySource[] source = new RotatingKeySource[1];
		this.runner.run((context) -> source[0] = context.getBean(RotatingKeySource.class));
		assertThat(source[0].isRunning()).isFalse();
	}

	@Test
	void algorithmAndDurationsFromProperties() {
		this.runner
			.withPropertyValues("jwt.auth.signing.rotation.algorithm=es256", "jwt.auth.signing.rotation.period=7d",
					"jwt.auth.signing.rotation.publish-ahead=1h", "jwt.auth.signing.rotation.retain-after=2h",
					"jwt.auth.signing.rotation.check-interval=30s",
					"jwt.auth.signing.rotation.key-encryption-key=" + KEK)
			.run((context) -> {
				RotatingKeySource source = context.getBean(RotatingKeySource.class);
				assertThat(source.policy().algorithm()).isEqualTo(JWSAlgorithm.ES256);
				assertThat(source.policy().period()).isEqualTo(Duration.ofDays(7));
				assertThat(source.policy().publishAhead()).isEqualTo(Duration.ofHours(1));
				assertThat(source.policy().retainAfter()).isEqualTo(Duration.ofHours(2));
				assertThat(source.policy().checkInterval()).isEqualTo(Duration.ofSeconds(30));
				assertThat(source.current().active().algorithm()).isEqualTo(JWSAlgorithm.ES256);
			});
	}

	@Test
	void anApplicationKeyEncryptionKeyBeanSealsTheKeys() {
		KeyEncryptionKey kek = AesGcmKeyEncryptionKey.of(randomBytes(32));
		SharedStore store = new SharedStore();
		this.runner.withBean(KeyEncryptionKey.class, () -> kek)
			.withBean(SigningKeyStore.class, () -> store)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StoredSigningKey stored = store.findAll().get(0);
				assertThat(stored.sealedPrivateKey()).startsWith("v1." + ((AesGcmKeyEncryptionKey) kek).keyId());
			});
	}

	@Test
	void keysSealedUnderAnotherKeyEncryptionKeyRefuseToStartNamingTheProperty() {
		SharedStore store = new SharedStore();
		this.runner.withBean(SigningKeyStore.class, () -> store)
			.withPropertyValues("jwt.auth.signing.rotation.key-encryption-key=" + KEK)
			.run((context) -> assertThat(context).hasNotFailed());
		String otherKek = "base64:" + Base64.getEncoder().encodeToString(randomBytes(32));
		this.runner.withBean(SigningKeyStore.class, () -> store)
			.withPropertyValues("jwt.auth.signing.rotation.key-encryption-key=" + otherKek)
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.signing.rotation.key-encryption-key",
					"not configured"));
		// the old key listed as a previous key opens them
		this.runner.withBean(SigningKeyStore.class, () -> store)
			.withPropertyValues("jwt.auth.signing.rotation.key-encryption-key=" + otherKek,
					"jwt.auth.signing.rotation.previous-key-encryption-keys[0]=" + KEK)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aJwtSignerBeanIsRefused() {
		JwtSigner signer = ManagedKeyGenerator.generate(JWSAlgorithm.ES256).signer();
		this.runner.withBean(JwtSigner.class, () -> signer)
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.signing.rotation.enabled",
					"JwtSigner bean"));
	}

	@Test
	void anApplicationJwtKeySourceBeanIsRefusedNamingTheProperty() {
		JwtSigner signer = ManagedKeyGenerator.generate(JWSAlgorithm.ES256).signer();
		JwtKeySource keys = new JwtKeySet(signer, List.of());
		this.runner.withBean("myKeys", JwtKeySource.class, () -> keys)
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.signing.rotation.enabled",
					"JwtKeySource bean ('myKeys')"));
		// a JwtKeySet is a JwtKeySource too
		this.runner.withBean("mySet", JwtKeySet.class, () -> new JwtKeySet(signer, List.of()))
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.signing.rotation.enabled",
					"JwtKeySource bean ('mySet')"));
		// without rotation the bean is the key source
		this.runner.withPropertyValues("jwt.auth.signing.rotation.enabled=false")
			.withBean("myKeys", JwtKeySource.class, () -> keys)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(JwtKeySource.class)).isSameAs(keys);
			});
	}

	@Test
	void aSharedStoreNeedsAKeyEncryptionKey() {
		this.runner.withBean(SigningKeyStore.class, SharedStore::new)
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.signing.rotation.key-encryption-key",
					"shared store"));
	}

	static Stream<Arguments> refused() {
		String prefix = "jwt.auth.signing.rotation.";
		return Stream.of(Arguments.of("jwt.auth.signing.secret", "jwt.auth.signing.secret=" + KEK, "manages the keys"),
				Arguments.of("jwt.auth.signing.private-key-location",
						"jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, "manages the keys"),
				Arguments.of("jwt.auth.signing.bundle", "jwt.auth.signing.bundle=jwt", "manages the keys"),
				Arguments.of("jwt.auth.signing.algorithm", "jwt.auth.signing.algorithm=ES256", "manages the keys"),
				Arguments.of("jwt.auth.signing.key-id", "jwt.auth.signing.key-id=k1", "manages the keys"),
				Arguments.of("jwt.auth.signing.previous-keys", "jwt.auth.signing.previous-keys[0].key-id=old",
						"manages the keys"),
				Arguments.of(prefix + "enabled", "jwt.auth.jwk-set-uri=https://issuer.example/jwks", "another issuer"),
				Arguments.of(prefix + "algorithm", prefix + "algorithm=none", "not a supported algorithm"),
				Arguments.of(prefix + "algorithm", prefix + "algorithm=ES256K", "not a supported algorithm"),
				Arguments.of(prefix + "key-encryption-key",
						prefix + "key-encryption-key=base64:" + Base64.getEncoder().encodeToString(randomBytes(16)),
						"16 bytes"),
				Arguments.of(prefix + "key-encryption-key",
						prefix + "key-encryption-key=base64:" + Base64.getEncoder().encodeToString(randomBytes(31)),
						"31 bytes"),
				Arguments.of(prefix + "key-encryption-key",
						prefix + "key-encryption-key=a-long-text-password-that-is-not-a-key-123", "text is not a key"),
				Arguments.of(prefix + "key-encryption-key",
						prefix + "key-encryption-key=base64:" + Base64.getEncoder().encodeToString(new byte[32]),
						"not random"),
				Arguments.of(prefix + "key-encryption-key",
						prefix + "key-encryption-key=base64:"
								+ Base64.getEncoder().encodeToString("changeme-changeme-changeme-chang".getBytes()),
						"not random"),
				Arguments.of(prefix + "key-encryption-key", prefix + "key-encryption-key=${KEK}", "text is not a key"),
				Arguments.of(prefix + "previous-key-encryption-keys[0]",
						prefix + "key-encryption-key=" + KEK + "," + prefix
								+ "previous-key-encryption-keys[0]=base64:AAAA",
						"3 bytes"),
				Arguments.of(prefix + "previous-key-encryption-keys",
						prefix + "key-encryption-key=" + KEK + "," + prefix + "previous-key-encryption-keys[0]=" + KEK,
						"twice"),
				Arguments.of(prefix + "publish-ahead", prefix + "publish-ahead=4m", "max-age"),
				// 5m + 30s + 1m: at least 6m30s, whatever the margin
				Arguments.of(prefix + "publish-ahead", prefix + "publish-ahead=389s", "check-interval (PT6M30S)"),
				// longer than max-age + skew and than twice the check interval, but 5m +
				// 30s +
				// 3m is 8m30s
				Arguments.of(prefix + "publish-ahead", prefix + "publish-ahead=7m," + prefix + "check-interval=3m",
						"check-interval (PT8M30S)"),
				Arguments.of(prefix + "retain-after", prefix + "retain-after=5m", "access-token.ttl"),
				// 11m40s is at least 5m + 30s + 6m, but less than twice 6m
				Arguments.of(prefix + "check-interval", prefix + "check-interval=6m," + prefix + "publish-ahead=700s",
						"half of the publish-ahead"),
				Arguments.of(prefix + "period", prefix + "period=10m", "not longer than the publish-ahead"),
				Arguments.of(prefix + "period", prefix + "period=0s", "must be positive"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("refused")
	void refusesToStart(String property, String properties, String problem) {
		this.runner.withPropertyValues(properties.split(","))
			.run((context) -> assertRefused(context.getStartupFailure(), property, problem));
	}

	private static void assertRefused(Throwable failure, String property, String problem) {
		assertThat(failure).as("start-up failure").isNotNull();
		InvalidJwtAuthPropertyException cause = null;
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof InvalidJwtAuthPropertyException invalid) {
				cause = invalid;
				break;
			}
		}
		assertThat(cause).as("cause of %s", failure).isNotNull();
		assertThat(cause.getProperty()).isEqualTo(property);
		assertThat(cause.getMessage()).contains(problem);
		FailureAnalysis analysis = new InvalidJwtAuthPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains(property);
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(KEK.substring(7));
	}

	/**
	 * A memory store that says it is shared, as a JDBC or Redis store does.
	 */
	static final class SharedStore implements SigningKeyStore {

		private final InMemorySigningKeyStore delegate = new InMemorySigningKeyStore();

		@Override
		public List<StoredSigningKey> findAll() {
			return this.delegate.findAll();
		}

		@Override
		public boolean add(StoredSigningKey key) {
			return this.delegate.add(key);
		}

		@Override
		public void remove(long generation) {
			this.delegate.remove(generation);
		}

	}

}
