package io.github.jwtauth.autoconfigure;

import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.autoconfigure.testapp.KeyStores;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where signing keys come from: PEM files of every supported key type (PKCS#8, encrypted
 * PKCS#8, SEC1, with or without their public key or certificate), a generated key of the
 * configured algorithm, and Spring Boot SSL bundles (PKCS#12 and PEM). Each key signs a
 * token that the application's decoder accepts and that an independent verifier (nimbus,
 * or the JDK for Ed25519) verifies with the key the JWK Set publishes.
 */
class KeySourcesConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(JwtAuthAutoConfiguration.class, JwtAuthWebSecurityAutoConfiguration.class,
						DataSourceTransactionManagerAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues(TestKeys.ISSUER, TestKeys.AUDIENCES);

	@TempDir
	Path directory;

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "ec-p256-private.pem, ES256", "ec-p384-private.pem, ES384", "ec-p521-private.pem, ES512",
			"ed25519-private.pem, EdDSA", "ec-p256-sec1.pem, ES256", "rsa-private.pem, RS256" })
	void aPemPrivateKeySignsWithTheAlgorithmOfItsTypeAndDerivesItsPublicKey(String file, String algorithm) {
		this.runner.withPropertyValues("jwt.auth.signing.private-key-location=classpath:keys/" + file)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtKeySet keys = context.getBean(JwtKeySource.class).current();
				assertThat(keys.active().algorithm().getName()).isEqualTo(algorithm);
				JWK published = keys.publicJwkSet().getKeyByKeyId(keys.active().keyId());
				assertThat(published).isNotNull();
				assertThat(published.isPrivate()).isFalse();
				assertThat(keys.active().keyId()).as("RFC 7638 thumbprint")
					.isEqualTo(published.toPublicJWK().computeThumbprint().toString());
				assertIssuedTokenVerifies(context, algorithm);
			});
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "ec-p256-private.pem, ec-p256-public.pem", "ec-p256-private.pem, ec-p256-cert.pem",
			"ec-p384-private.pem, ec-p384-public.pem", "ed25519-private.pem, ed25519-public.pem",
			"ed25519-private.pem, ed25519-cert.pem", "rsa-private.pem, rsa-cert.pem" })
	void aPublicKeyOrCertificateThatBelongsToThePrivateKeyIsAccepted(String privateKey, String publicKey) {
		this.runner
			.withPropertyValues("jwt.auth.signing.private-key-location=classpath:keys/" + privateKey,
					"jwt.auth.signing.public-key-location=classpath:keys/" + publicKey)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtKeySet keys = context.getBean(JwtKeySource.class).current();
				PublicKey expected = publicKeyOf(publicKey);
				assertThat(keys.active().verificationKey().jwk().toPublicJWK().computeThumbprint())
					.isEqualTo(Jwks.publicJwk(expected).computeThumbprint());
			});
	}

	@Test
	void anEncryptedPkcs8KeyIsReadWithItsPassword() {
		this.runner
			.withPropertyValues("jwt.auth.signing.private-key-location=classpath:keys/ec-p256-encrypted.pem",
					"jwt.auth.signing.private-key-password=s3cret-key-pw")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtKeySet keys = context.getBean(JwtKeySource.class).current();
				assertThat(keys.active().verificationKey().jwk().toPublicJWK().computeThumbprint())
					.isEqualTo(Jwks.publicJwk(publicKeyOf("ec-p256-public.pem")).computeThumbprint());
				assertIssuedTokenVerifies(context, "ES256");
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "es256, ES256", "ES256, ES256", "eddsa, EdDSA", "EdDSA, EdDSA", "ps384, PS384" })
	void theAlgorithmIsCaseInsensitive(String configured, String expected) {
		String file = expected.startsWith("ES") ? "ec-p256-private.pem"
				: expected.equals("EdDSA") ? "ed25519-private.pem" : "rsa-private.pem";
		this.runner
			.withPropertyValues("jwt.auth.signing.private-key-location=classpath:keys/" + file,
					"jwt.auth.signing.algorithm=" + configured)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(JwtKeySource.class).current().active().algorithm().getName())
					.isEqualTo(expected);
				assertIssuedTokenVerifies(context, expected);
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "ES256", "ES384", "ES512", "EdDSA", "PS256" })
	void withoutAKeyOneOfTheConfiguredAlgorithmIsGenerated(String algorithm) {
		this.runner.withPropertyValues("jwt.auth.signing.algorithm=" + algorithm).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(JwtKeySource.class).current().active().algorithm().getName())
				.isEqualTo(algorithm);
			assertIssuedTokenVerifies(context, algorithm);
		});
	}

	@Test
	void previousKeysOfEveryTypeVerifyWithTheAlgorithmOfTheirKey() {
		this.runner
			.withPropertyValues("jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
					"jwt.auth.signing.previous-keys[0].key-id=old-ec",
					"jwt.auth.signing.previous-keys[0].public-key-location=classpath:keys/ec-p384-public.pem",
					"jwt.auth.signing.previous-keys[1].key-id=old-ed",
					"jwt.auth.signing.previous-keys[1].public-key-location=classpath:keys/ed25519-cert.pem",
					"jwt.auth.signing.previous-keys[2].key-id=old-ec-es256",
					"jwt.auth.signing.previous-keys[2].algorithm=es256",
					"jwt.auth.signing.previous-keys[2].public-key-location=classpath:keys/ec-p256-public.pem")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtKeySet keys = context.getBean(JwtKeySource.class).current();
				assertThat(keys.publicJwkSet().getKeyByKeyId("old-ec").getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
				assertThat(keys.publicJwkSet().getKeyByKeyId("old-ed").getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
				assertThat(keys.publicJwkSet().getKeyByKeyId("old-ec-es256").getAlgorithm())
					.isEqualTo(JWSAlgorithm.ES256);
			});
	}

	@Test
	void aPkcs12BundleWithOnePrivateKeySignsWithItWithoutAnAlias() {
		Path store = KeyStores.pkcs12()
			.privateKey("signing", "keys/ec-p256-private.pem", "keys/ec-p256-cert.pem", KeyStores.STORE_PASSWORD)
			.trustedCertificate("partner", "keys/rsa-cert.pem")
			.writeTo(this.directory.resolve("keys.p12"));
		this.runner
			.withPropertyValues("jwt.auth.signing.bundle=jwt",
					"spring.ssl.bundle.jks.jwt.keystore.location=file:" + store,
					"spring.ssl.bundle.jks.jwt.keystore.type=PKCS12",
					"spring.ssl.bundle.jks.jwt.keystore.password=" + KeyStores.STORE_PASSWORD)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtKeySet keys = context.getBean(JwtKeySource.class).current();
				assertThat(keys.active().algorithm()).isEqualTo(JWSAlgorithm.ES256);
				assertThat(keys.active().verificationKey().jwk().toPublicJWK().computeThumbprint())
					.isEqualTo(Jwks.publicJwk(publicKeyOf("ec-p256-public.pem")).computeThumbprint());
				assertIssuedTokenVerifies(context, "ES256");
			});
	}

	@Test
	void aBundleKeyAliasAndKeyPasswordChooseTheEntry() {
		Path store = KeyStores.pkcs12()
			.privateKey("first", "keys/ec-p256-private.pem", "keys/ec-p256-cert.pem", KeyStores.STORE_PASSWORD)
			.privateKey("second", "keys/ed25519-private.pem", "keys/ed25519-cert.pem", KeyStores.STORE_PASSWORD)
			.writeTo(this.directory.resolve("two.p12"));
		this.runner
			.withPropertyValues("jwt.auth.signing.bundle=jwt", "jwt.auth.signing.key-id=ed-1",
					"spring.ssl.bundle.jks.jwt.keystore.location=file:" + store,
					"spring.ssl.bundle.jks.jwt.keystore.type=PKCS12",
					"spring.ssl.bundle.jks.jwt.keystore.password=" + KeyStores.STORE_PASSWORD,
					"spring.ssl.bundle.jks.jwt.key.alias=second",
					"spring.ssl.bundle.jks.jwt.key.password=" + KeyStores.STORE_PASSWORD)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtKeySet keys = context.getBean(JwtKeySource.class).current();
				assertThat(keys.active().algorithm()).isEqualTo(JWSAlgorithm.EdDSA);
				assertThat(keys.active().keyId()).isEqualTo("ed-1");
				assertIssuedTokenVerifies(context, "EdDSA");
			});
	}

	@Test
	void aPemBundleSigns() {
		this.runner
			.withPropertyValues("jwt.auth.signing.bundle=pem-jwt",
					"spring.ssl.bundle.pem.pem-jwt.keystore.certificate=classpath:keys/ec-p384-cert.pem",
					"spring.ssl.bundle.pem.pem-jwt.keystore.private-key=classpath:keys/ec-p384-private.pem")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(JwtKeySource.class).current().active().algorithm())
					.isEqualTo(JWSAlgorithm.ES384);
				assertIssuedTokenVerifies(context, "ES384");
			});
	}

	/**
	 * Issue a token through the application's token service, decode it with the
	 * application's decoder, and verify its signature independently with the key the JWK
	 * Set publishes.
	 */
	static void assertIssuedTokenVerifies(AssertableWebApplicationContext context, String algorithm) throws Exception {
		JwtTokenService tokens = context.getBean(JwtTokenService.class);
		String token = tokens.issue("alice", List.of(new SimpleGrantedAuthority("ROLE_USER")), null).tokenValue();
		Jwt decoded = context.getBean(JwtDecoder.class).decode(token);
		assertThat(decoded.getSubject()).isEqualTo("alice");
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(algorithm);
		JWK published = context.getBean(JwtKeySource.class)
			.current()
			.publicJwkSet()
			.getKeyByKeyId(jwt.getHeader().getKeyID());
		assertThat(published).as("the JWK Set publishes the signing key").isNotNull();
		assertThat(independentlyVerifies(jwt, published)).as("independent verification").isTrue();
	}

	static boolean independentlyVerifies(SignedJWT jwt, JWK published) throws Exception {
		PublicKey publicKey = Jwks.publicKey(published);
		if (publicKey instanceof RSAPublicKey rsa) {
			return jwt.verify(new RSASSAVerifier(rsa));
		}
		if (publicKey instanceof ECPublicKey ec) {
			JWSVerifier verifier = new ECDSAVerifier(ec);
			return jwt.verify(verifier);
		}
		Signature ed25519 = Signature.getInstance("Ed25519");
		ed25519.initVerify(publicKey);
		ed25519.update(jwt.getSigningInput());
		return ed25519.verify(jwt.getSignature().decode());
	}

	private static PublicKey publicKeyOf(String file) {
		return PemKeyFiles.publicKey("test", new ClassPathResource("keys/" + file));
	}

}
