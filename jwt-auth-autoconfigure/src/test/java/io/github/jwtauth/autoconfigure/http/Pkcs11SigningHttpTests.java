package io.github.jwtauth.autoconfigure.http;

import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.test.pkcs11.RequiresSoftHsm;
import io.github.jwtauth.test.pkcs11.SoftHsm;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A signing key that never leaves an HSM: SoftHSM2 through the JDK's SunPKCS11 provider.
 * The EC P-256 keys are generated inside the token and cannot be extracted; a real
 * application signs with one through {@code jwt.auth.signing.bundle} (a Spring Boot JKS
 * bundle of type PKCS11) and with another through its own {@link JwtSigner} bean (the
 * seam a cloud KMS uses). Tokens issued by real HTTP logins verify with nimbus's
 * {@link ECDSAVerifier} and the key the application's JWK Set publishes.
 */
@RequiresSoftHsm
class Pkcs11SigningHttpTests {

	private static final String BUNDLE_KEY = "bundle-key";

	private static final String BEAN_KEY = "bean-key";

	private static SoftHsm hsm;

	@BeforeAll
	static void generateKeysInsideTheToken() {
		hsm = SoftHsm.get();
		hsm.generateEcKey(BUNDLE_KEY, "secp256r1");
		hsm.generateEcKey(BEAN_KEY, "secp256r1");
	}

	@Test
	void theKeysAreInsideTheTokenAndCannotBeExtracted() throws Exception {
		KeyStore token = hsm.keyStore();
		for (String alias : new String[] { BUNDLE_KEY, BEAN_KEY }) {
			assertThat(token.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)).isTrue();
			Key key = token.getKey(alias, null);
			assertThat(key).isInstanceOf(PrivateKey.class);
			assertThat(key.getEncoded()).as("no encoding leaves the token").isNull();
			assertThat(key).as("the private scalar is not readable").isNotInstanceOf(ECPrivateKey.class);
			assertThat(key.toString()).contains("token object").contains("sensitive").contains("unextractable");
			KeyFactory keyFactory = KeyFactory.getInstance("EC", hsm.provider());
			assertThatExceptionOfType(GeneralSecurityException.class)
				.isThrownBy(() -> keyFactory.getKeySpec(key, ECPrivateKeySpec.class));
			assertThatExceptionOfType(GeneralSecurityException.class)
				.isThrownBy(() -> keyFactory.getKeySpec(key, PKCS8EncodedKeySpec.class));
			// it signs, inside the token
			Signature signature = Signature.getInstance("SHA256withECDSA", hsm.provider());
			signature.initSign((PrivateKey) key);
			signature.update(new byte[] { 1, 2, 3 });
			Signature verifier = Signature.getInstance("SHA256withECDSA");
			verifier.initVerify(token.getCertificate(alias).getPublicKey());
			verifier.update(new byte[] { 1, 2, 3 });
			assertThat(verifier.verify(signature.sign())).isTrue();
		}
	}

	@Test
	void anApplicationSignsInsideTheTokenThroughAPkcs11SslBundle() throws Exception {
		try (ConfigurableApplicationContext context = start(new Class<?>[] { TestApplication.class },
				"jwt.auth.signing.bundle=hsm", "spring.ssl.bundle.jks.hsm.keystore.type=PKCS11",
				"spring.ssl.bundle.jks.hsm.keystore.provider=" + hsm.provider().getName(),
				"spring.ssl.bundle.jks.hsm.keystore.password=" + SoftHsm.PIN,
				"spring.ssl.bundle.jks.hsm.key.alias=" + BUNDLE_KEY)) {
			JwtSigner active = context.getBean(JwtKeySource.class).current().active();
			PublicKey tokenKey = hsm.keyStore().getCertificate(BUNDLE_KEY).getPublicKey();
			assertThat(active.keyId()).as("RFC 7638 thumbprint of the token's key")
				.isEqualTo(Jwks.publicJwk(tokenKey).computeThumbprint().toString());
			assertLoginTokensVerifyThroughTheJwkSet(context, active.keyId(), tokenKey);
		}
	}

	@Test
	void aBundleSignerLogsInAgainWhenTheTokenSessionIsLost() throws Exception {
		try (ConfigurableApplicationContext context = start(new Class<?>[] { TestApplication.class },
				"jwt.auth.signing.bundle=hsm", "spring.ssl.bundle.jks.hsm.keystore.type=PKCS11",
				"spring.ssl.bundle.jks.hsm.keystore.provider=" + hsm.provider().getName(),
				"spring.ssl.bundle.jks.hsm.keystore.password=" + SoftHsm.PIN,
				"spring.ssl.bundle.jks.hsm.key.alias=" + BUNDLE_KEY)) {
			JwtAuthClient http = client(context);
			assertThat(http.login("alice", "alice-password").status()).isEqualTo(200);
			// the token's session ends (an HSM restart, a dropped connection): the JVM's
			// key
			// handle is dead
			((AuthProvider) hsm.provider()).logout();
			JwtAuthClient.Response login = http.login("alice", "alice-password");
			assertThat(login.status()).as("logged in again and re-read the key").isEqualTo(200);
			assertThat(http.get("/api/me", login.accessToken()).status()).isEqualTo(200);
		}
	}

	@Test
	void aSignerThatCannotSignAnswers503AndIssuesNothing() throws Exception {
		try (ConfigurableApplicationContext context = start(
				new Class<?>[] { TestApplication.class, HsmSigner.class })) {
			JwtAuthClient http = client(context);
			JwtAuthClient.Response login = http.login("alice", "alice-password");
			assertThat(login.status()).isEqualTo(200);
			// this signer keeps its key handle, which dies with the token's session
			((AuthProvider) hsm.provider()).logout();
			JwtAuthClient.Response refused = http.login("alice", "alice-password");
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.field("error")).isEqualTo("temporarily_unavailable");
			assertThat(refused.header("Retry-After")).isNotNull();
			assertThat(refused.body()).doesNotContain("access_token");
			JwtAuthClient.Response refresh = http.refresh(login.refreshToken());
			assertThat(refresh.status()).isEqualTo(503);
			assertThat(refresh.body()).doesNotContain("access_token");
		}
		finally {
			hsm.keyStore();
		}
	}

	@Test
	void anApplicationJwtSignerBeanSignsInsideTheToken() throws Exception {
		try (ConfigurableApplicationContext context = start(
				new Class<?>[] { TestApplication.class, HsmSigner.class })) {
			CountingPkcs11Signer signer = context.getBean(CountingPkcs11Signer.class);
			PublicKey tokenKey = hsm.keyStore().getCertificate(BEAN_KEY).getPublicKey();
			assertThat(context.getBean(JwtKeySource.class).current().active()).isSameAs(signer);
			int before = signer.signatures.get();
			assertLoginTokensVerifyThroughTheJwkSet(context, "hsm-bean-1", tokenKey);
			assertThat(signer.signatures.get()).as("the bean signed the tokens").isGreaterThan(before);
		}
	}

	private static void assertLoginTokensVerifyThroughTheJwkSet(ConfigurableApplicationContext context, String keyId,
			PublicKey tokenKey) throws Exception {
		JwtAuthClient http = client(context);
		JwtAuthClient.Response login = http.login("alice", "alice-password");
		assertThat(login.status()).isEqualTo(200);
		JwtAuthClient.Response refreshed = http.refresh(login.refreshToken());
		assertThat(refreshed.status()).isEqualTo(200);
		JwtAuthClient.Response jwks = http.get("/.well-known/jwks.json", null);
		assertThat(jwks.status()).isEqualTo(200);
		JWK published = JWKSet.parse(jwks.body()).getKeyByKeyId(keyId);
		assertThat(published).as("the JWK Set publishes the HSM key").isInstanceOf(ECKey.class);
		assertThat(published.isPrivate()).isFalse();
		assertThat(published.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(((ECKey) published).toECPublicKey()).isEqualTo(tokenKey);
		for (String token : new String[] { login.accessToken(), refreshed.accessToken() }) {
			SignedJWT jwt = SignedJWT.parse(token);
			assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
			assertThat(jwt.getHeader().getKeyID()).isEqualTo(keyId);
			assertThat(jwt.verify(new ECDSAVerifier((ECKey) published))).as("nimbus verifies").isTrue();
			assertThat(http.get("/api/me", token).status()).isEqualTo(200);
		}
		// a token whose signature was altered is refused
		String token = login.accessToken();
		char last = token.charAt(token.length() - 2);
		String altered = token.substring(0, token.length() - 2) + ((last == 'A') ? 'B' : 'A')
				+ token.charAt(token.length() - 1);
		assertThat(http.get("/api/me", altered).status()).isEqualTo(401);
	}

	private static JwtAuthClient client(ConfigurableApplicationContext context) {
		return JwtAuthClient.forPort(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	private static ConfigurableApplicationContext start(Class<?>[] sources, String... properties) {
		return new SpringApplicationBuilder(sources)
			.properties("server.port=0", "spring.main.banner-mode=off", TestKeys.ISSUER, TestKeys.AUDIENCES)
			.properties(properties)
			.run();
	}

	/**
	 * The application's own {@link JwtSigner}: a key in the HSM.
	 */
	@Configuration(proxyBeanMethods = false)
	static class HsmSigner {

		@Bean
		CountingPkcs11Signer hsmSigner() throws GeneralSecurityException {
			KeyStore token = hsm.keyStore();
			PrivateKey key = (PrivateKey) token.getKey(BEAN_KEY, null);
			ECPublicKey publicKey = (ECPublicKey) token.getCertificate(BEAN_KEY).getPublicKey();
			return new CountingPkcs11Signer("hsm-bean-1", key, publicKey, hsm.provider());
		}

	}

	/**
	 * A {@link JwtSigner} written the way one for a KMS would be: hand the signing input
	 * to the key's owner, turn the DER ECDSA signature it returns into the JWS form.
	 */
	static final class CountingPkcs11Signer implements JwtSigner {

		private final String keyId;

		private final PrivateKey key;

		private final Provider provider;

		private final VerificationKey verificationKey;

		final AtomicInteger signatures = new AtomicInteger();

		CountingPkcs11Signer(String keyId, PrivateKey key, ECPublicKey publicKey, Provider provider) {
			this.keyId = keyId;
			this.key = key;
			this.provider = provider;
			this.verificationKey = VerificationKey.of(keyId, JWSAlgorithm.ES256, Jwks.publicJwk(publicKey));
		}

		@Override
		public String keyId() {
			return this.keyId;
		}

		@Override
		public JWSAlgorithm algorithm() {
			return JWSAlgorithm.ES256;
		}

		@Override
		public VerificationKey verificationKey() {
			return this.verificationKey;
		}

		@Override
		public byte[] sign(byte[] signingInput) {
			try {
				Signature signature = Signature.getInstance("SHA256withECDSA", this.provider);
				signature.initSign(this.key);
				signature.update(signingInput);
				byte[] der = signature.sign();
				this.signatures.incrementAndGet();
				return JcaJwtSigner.toJoseSignature(der, JWSAlgorithm.ES256);
			}
			catch (GeneralSecurityException ex) {
				throw new KeyOperationException("The HSM cannot sign", ex);
			}
		}

	}

}
