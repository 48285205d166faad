package io.github.jwtauth.autoconfigure;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.autoconfigure.testapp.KeyStores;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Weak, unsupported or inconsistent keys from every key source refuse to start, naming
 * the property to fix: RSA below 2048 bits, EC curves other than P-256/384/521, Ed448, an
 * algorithm that does not fit the key (curve, type, HMAC versus asymmetric), a public key
 * of another key pair, SSL bundle entries that are missing or not private keys, a bundle
 * that does not exist, and a configured key beside an application's own signer.
 */
class KeySourceRefusalTests {

	private static final String STORE = "STORE";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(JwtAuthAutoConfiguration.class, JwtAuthWebSecurityAutoConfiguration.class,
						DataSourceTransactionManagerAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues(TestKeys.ISSUER, TestKeys.AUDIENCES);

	@TempDir
	static Path directory;

	static Stream<Arguments> refused() {
		String pk = "jwt.auth.signing.private-key-location=classpath:keys/";
		String alg = "jwt.auth.signing.algorithm=";
		return Stream.of(
				// strength and supported key types
				Arguments.of("jwt.auth.signing.private-key-location",
						new String[] { pk + "rsa1024-private.pem", alg + "RS256" }, "1024 bits"),
				Arguments.of("jwt.auth.signing.private-key-location", new String[] { pk + "ec-p192-private.pem" },
						"not P-256, P-384 or P-521"),
				Arguments.of("jwt.auth.signing.private-key-location",
						new String[] { pk + "ec-secp256k1-private.pem", alg + "ES256" }, "not supported"),
				Arguments.of("jwt.auth.signing.private-key-location",
						new String[] { pk + "ed448-private.pem", alg + "EdDSA" }, "Ed448"),
				Arguments.of("jwt.auth.signing.previous-keys[0].public-key-location", new String[] {
						pk + "ec-p256-private.pem", "jwt.auth.signing.previous-keys[0].key-id=old",
						"jwt.auth.signing.previous-keys[0].public-key-location=classpath:keys/rsa1024-cert.pem" },
						"1024 bits"),
				// algorithm and key bound together
				Arguments.of("jwt.auth.signing.algorithm", new String[] { pk + "ec-p384-private.pem", alg + "ES256" },
						"needs an EC key on curve P-256"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { pk + "ec-p256-private.pem", alg + "ES512" },
						"needs an EC key on curve P-521"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { pk + "ec-p256-private.pem", alg + "RS256" },
						"does not fit an EC key"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { pk + "rsa-private.pem", alg + "ES256" },
						"does not fit an RSA key"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { pk + "rsa-private.pem", alg + "EdDSA" },
						"does not fit an RSA key"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { pk + "ec-p256-private.pem", alg + "EdDSA" },
						"needs an Ed25519 key"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { pk + "ed25519-private.pem", alg + "ES256" },
						"does not fit an OKP key on Ed25519"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { pk + "ec-p256-private.pem", alg + "HS256" },
						"needs an HMAC secret"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { pk + "ed25519-private.pem", alg + "hs512" },
						"needs an HMAC secret"),
				Arguments.of("jwt.auth.signing.algorithm",
						new String[] { "jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET, alg + "ES256" },
						"does not fit an HMAC secret"),
				Arguments.of("jwt.auth.signing.algorithm",
						new String[] { "jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET, alg + "EdDSA" },
						"does not fit an HMAC secret"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { pk + "ec-p256-private.pem", alg + "none" },
						"'none'"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { alg + "ES257" }, "not a supported algorithm"),
				Arguments.of("jwt.auth.signing.previous-keys[0].algorithm", new String[] { pk + "ec-p256-private.pem",
						"jwt.auth.signing.previous-keys[0].key-id=old",
						"jwt.auth.signing.previous-keys[0].algorithm=ES256",
						"jwt.auth.signing.previous-keys[0].public-key-location=classpath:keys/ec-p384-public.pem" },
						"needs an EC key on curve P-256"),
				// public key of another pair, unreadable files
				Arguments.of("jwt.auth.signing.public-key-location",
						new String[] { pk + "ec-p256-private.pem",
								"jwt.auth.signing.public-key-location=classpath:keys/ec-p256-other-public.pem" },
						"does not belong"),
				Arguments.of("jwt.auth.signing.public-key-location",
						new String[] { pk + "ec-p256-private.pem",
								"jwt.auth.signing.public-key-location=classpath:keys/ec-p256-other-cert.pem" },
						"does not belong"),
				Arguments.of("jwt.auth.signing.public-key-location",
						new String[] { pk + "ed25519-private.pem",
								"jwt.auth.signing.public-key-location=classpath:keys/ec-p256-public.pem" },
						"does not belong"),
				Arguments.of("jwt.auth.signing.public-key-location",
						new String[] { pk + "ec-p256-private.pem",
								"jwt.auth.signing.public-key-location=classpath:keys/ec-p256-private.pem" },
						"not a PEM X.509 public key"),
				Arguments.of("jwt.auth.signing.private-key-location", new String[] { pk + "ec-p256-public.pem" },
						"holds no PEM private key"),
				Arguments.of("jwt.auth.signing.private-key-location", new String[] { pk + "ec-p256-encrypted.pem" },
						"no password is configured"),
				Arguments.of("jwt.auth.signing.private-key-password",
						new String[] { pk + "ec-p256-encrypted.pem", "jwt.auth.signing.private-key-password=wrong" },
						"cannot be decrypted"),
				// SSL bundles
				Arguments.of("jwt.auth.signing.bundle", new String[] { "jwt.auth.signing.bundle=nope" },
						"there is no SSL bundle 'nope'"),
				Arguments.of("jwt.auth.signing.bundle", bundle("jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET),
						"jwt.auth.signing.secret"),
				Arguments.of("jwt.auth.signing.bundle", bundle(pk + "ec-p256-private.pem"),
						"jwt.auth.signing.private-key-location"),
				Arguments.of("spring.ssl.bundle.jks.jwt.key.alias",
						bundle("spring.ssl.bundle.jks.jwt.key.alias=partner"),
						"not a private key entry (a trusted certificate)"),
				Arguments.of("spring.ssl.bundle.jks.jwt.key.alias",
						bundle("spring.ssl.bundle.jks.jwt.key.alias=missing"), "has no entry 'missing'"),
				Arguments.of("spring.ssl.bundle.jks.jwt.key.alias", bundle("spring.ssl.bundle.jks.jwt.key.alias=p384"),
						"does not belong"),
				Arguments.of("spring.ssl.bundle.jks.jwt.key.alias", bundle(), "holds 3 private keys"),
				Arguments.of("spring.ssl.bundle.jks.jwt.key.password",
						bundle("spring.ssl.bundle.jks.jwt.key.alias=signing",
								"spring.ssl.bundle.jks.jwt.key.password=wrong"),
						"cannot be read with the configured password"),
				Arguments.of("jwt.auth.signing.algorithm",
						bundle("spring.ssl.bundle.jks.jwt.key.alias=signing", alg + "ES384"),
						"needs an EC key on curve P-384"),
				Arguments.of("jwt.auth.signing.algorithm",
						bundle("spring.ssl.bundle.jks.jwt.key.alias=signing", alg + "HS256"), "needs an HMAC secret"),
				Arguments.of("spring.ssl.bundle.jks.jwt.key.alias", bundle("spring.ssl.bundle.jks.jwt.key.alias=weak"),
						"1024 bits"));
	}

	/**
	 * A PKCS#12 bundle "jwt" with three private keys ("signing" on P-256, "weak" RSA of
	 * 1024 bits, "p384" with the certificate of another key) and a trusted certificate
	 * ("partner").
	 */
	private static String[] bundle(String... more) {
		String[] base = { "jwt.auth.signing.bundle=jwt", "spring.ssl.bundle.jks.jwt.keystore.location=" + STORE,
				"spring.ssl.bundle.jks.jwt.keystore.type=PKCS12",
				"spring.ssl.bundle.jks.jwt.keystore.password=" + KeyStores.STORE_PASSWORD };
		String[] all = new String[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return all;
	}

	private static String store() {
		Path file = directory.resolve("refusals.p12");
		if (!file.toFile().exists()) {
			KeyStores.pkcs12()
				.privateKey("signing", "keys/ec-p256-private.pem", "keys/ec-p256-cert.pem", KeyStores.STORE_PASSWORD)
				.privateKey("weak", "keys/rsa1024-private.pem", "keys/rsa1024-cert.pem", KeyStores.STORE_PASSWORD)
				.privateKey("p384", "keys/ec-p384-private.pem", "keys/ec-p256-other-cert.pem", KeyStores.STORE_PASSWORD)
				.trustedCertificate("partner", "keys/rsa-cert.pem")
				.writeTo(file);
		}
		return "file:" + file;
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("refused")
	void refusesToStart(String property, String[] properties, String problem) {
		String store = store();
		Function<String, String> withStore = (value) -> value.replace(STORE, store);
		this.runner.withPropertyValues(Stream.of(properties).map(withStore).toArray(String[]::new)).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			InvalidJwtAuthPropertyException cause = findCause(failure);
			assertThat(cause).as("cause of %s", failure).isNotNull();
			assertThat(cause.getProperty()).isEqualTo(property);
			assertThat(cause.getMessage()).contains(problem);
			FailureAnalysis analysis = new InvalidJwtAuthPropertyFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains(property);
			assertThat(analysis.getAction()).startsWith("Update '" + property + "'");
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(TestKeys.HMAC_SECRET)
				.doesNotContain(KeyStores.STORE_PASSWORD)
				.doesNotContain("s3cret-key-pw");
		});
	}

	@Test
	void anApplicationSignerBesideAConfiguredKeyRefusesToStartNamingTheProperty() {
		for (String key : new String[] { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
				"jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET, "jwt.auth.signing.bundle=jwt" }) {
			String property = key.substring(0, key.indexOf('='));
			this.runner.withBean(JwtSigner.class, KeySourceRefusalTests::applicationSigner)
				.withPropertyValues(key)
				.run((context) -> {
					assertThat(context).hasFailed();
					InvalidJwtAuthPropertyException cause = findCause(context.getStartupFailure());
					assertThat(cause).as("cause of %s", context.getStartupFailure()).isNotNull();
					assertThat(cause.getProperty()).isEqualTo(property);
					assertThat(cause.getMessage()).contains("JwtSigner bean");
				});
		}
	}

	@Test
	void anApplicationSignerAloneSigns() {
		this.runner.withBean(JwtSigner.class, KeySourceRefusalTests::applicationSigner).run((context) -> {
			assertThat(context).hasNotFailed();
			KeySourcesConfigurationTests.assertIssuedTokenVerifies(context, "RS256");
		});
	}

	private static JwtSigner applicationSigner() {
		return SigningKey.rsa("app-signer", JWSAlgorithm.RS256, TestKeys.rsa()).signer();
	}

	static InvalidJwtAuthPropertyException findCause(Throwable failure) {
		Throwable cause = failure;
		while (cause != null) {
			if (cause instanceof InvalidJwtAuthPropertyException invalid) {
				return invalid;
			}
			cause = cause.getCause();
		}
		return null;
	}

}
