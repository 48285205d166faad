package io.github.jwtauth.autoconfigure;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.JwtSigner;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;

/**
 * The signer of a private key entry of a Spring Boot SSL bundle
 * ({@code jwt.auth.signing.bundle}): a PKCS#12 or JKS keystore, PEM files, or a PKCS#11
 * token, whose provider signs inside the token so the key never leaves it.
 */
final class SslBundleKeys {

	static final String PROPERTY = "jwt.auth.signing.bundle";

	private SslBundleKeys() {
	}

	/**
	 * The signer of the bundle's private key entry.
	 * @param signing the signing settings
	 * @param bundles the SSL bundles, or {@code null} when there are none
	 * @param binder the binder of the environment, to name the bundle's own properties
	 * @return the signer
	 */
	static JwtSigner signer(JwtAuthProperties.Signing signing, @Nullable SslBundles bundles, Binder binder) {
		String name = signing.getBundle();
		if (name == null || name.isBlank()) {
			throw new InvalidJwtAuthPropertyException(PROPERTY, "the bundle name is blank",
					"set the name of a spring.ssl.bundle.jks.<name> or spring.ssl.bundle.pem.<name> bundle");
		}
		String prefix = prefix(name, binder);
		SslBundle bundle = bundle(name, bundles);
		KeyStore keyStore;
		try {
			keyStore = bundle.getStores().getKeyStore();
		}
		catch (RuntimeException ex) {
			throw new InvalidJwtAuthPropertyException(property(prefix, ".keystore"),
					"the keystore of SSL bundle '" + name + "' cannot be loaded (" + ex.getMessage() + ")",
					"check the keystore's location, type, provider and password");
		}
		if (keyStore == null) {
			throw new InvalidJwtAuthPropertyException(property(prefix, ".keystore"),
					"SSL bundle '" + name + "' has no keystore, only a truststore",
					"configure the keystore that holds the signing key");
		}
		SslBundleKey bundleKey = bundle.getKey();
		String alias = alias(name, prefix, keyStore, bundleKey.getAlias());
		String password = (bundleKey.getPassword() != null) ? bundleKey.getPassword()
				: bundle.getStores().getKeyStorePassword();
		Key key;
		try {
			key = keyStore.getKey(alias, (password != null) ? password.toCharArray() : null);
		}
		catch (UnrecoverableKeyException ex) {
			throw new InvalidJwtAuthPropertyException(
					property(prefix, ".key.password"), "the private key '" + alias + "' of SSL bundle '" + name
							+ "' cannot be read with the configured " + "password",
					"set the key's password (or the keystore's, when they are the same)");
		}
		catch (GeneralSecurityException ex) {
			throw new InvalidJwtAuthPropertyException(property(prefix, ".key.alias"), "the private key '" + alias
					+ "' of SSL bundle '" + name + "' cannot be read (" + ex.getMessage() + ")",
					"name a private key entry of the keystore");
		}
		if (!(key instanceof PrivateKey privateKey)) {
			throw new InvalidJwtAuthPropertyException(property(prefix, ".key.alias"),
					"the entry '" + alias + "' of SSL bundle '" + name + "' is not a private key",
					"name a private key entry of the keystore");
		}
		PublicKey publicKey = publicKey(name, prefix, keyStore, alias);
		AsymmetricSigners.Properties properties = new AsymmetricSigners.Properties(property(prefix, ".key.alias"),
				"jwt.auth.signing.algorithm", property(prefix, ".key.alias"));
		JcaJwtSigner signer = AsymmetricSigners.signer(properties, signing.getKeyId(), signing.getAlgorithm(),
				privateKey, publicKey, keyStore.getProvider());
		if ("PKCS11".equalsIgnoreCase(keyStore.getType())) {
			String storePassword = bundle.getStores().getKeyStorePassword();
			return new Pkcs11ReloadingSigner(signer, keyStore, alias,
					(storePassword != null) ? storePassword.toCharArray() : null,
					(password != null) ? password.toCharArray() : null);
		}
		return signer;
	}

	private static SslBundle bundle(String name, @Nullable SslBundles bundles) {
		if (bundles == null) {
			throw new InvalidJwtAuthPropertyException(PROPERTY,
					"no SSL bundles are available (Spring Boot's SslAutoConfiguration is not active)",
					"define the bundle under spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem." + name);
		}
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			List<String> names = bundles.getBundleNames();
			throw new InvalidJwtAuthPropertyException(PROPERTY,
					"there is no SSL bundle '" + name + "'"
							+ (names.isEmpty() ? "" : " (the bundles are " + String.join(", ", names) + ")"),
					"define it under spring.ssl.bundle.jks." + name + " (PKCS#12, JKS, PKCS#11) or "
							+ "spring.ssl.bundle.pem." + name + ", or name an existing bundle");
		}
	}

	private static String alias(String name, String prefix, KeyStore keyStore, @Nullable String alias) {
		try {
			if (alias != null) {
				if (!keyStore.containsAlias(alias)) {
					throw new InvalidJwtAuthPropertyException(property(prefix, ".key.alias"),
							"the keystore of SSL bundle '" + name + "' has no entry '" + alias + "' (its entries: "
									+ String.join(", ", Collections.list(keyStore.aliases())) + ")",
							"name the private key entry that signs tokens");
				}
				if (!keyStore.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
					throw new InvalidJwtAuthPropertyException(property(prefix, ".key.alias"),
							"the entry '" + alias + "' of SSL bundle '" + name + "' is not a private key entry ("
									+ (keyStore.isCertificateEntry(alias) ? "a trusted certificate" : "a secret key")
									+ ")",
							"name a private key entry: an HMAC secret or a certificate cannot sign tokens");
				}
				return alias;
			}
			List<String> privateKeys = new ArrayList<>();
			for (String candidate : Collections.list(keyStore.aliases())) {
				if (keyStore.entryInstanceOf(candidate, KeyStore.PrivateKeyEntry.class)) {
					privateKeys.add(candidate);
				}
			}
			if (privateKeys.size() == 1) {
				return privateKeys.get(0);
			}
			if (privateKeys.isEmpty()) {
				throw new InvalidJwtAuthPropertyException(PROPERTY,
						"the keystore of SSL bundle '" + name + "' holds no private key entry",
						"put the signing key pair (a private key with its certificate) into the keystore");
			}
			throw new InvalidJwtAuthPropertyException(property(prefix, ".key.alias"),
					"the keystore of SSL bundle '" + name + "' holds " + privateKeys.size() + " private keys ("
							+ String.join(", ", privateKeys) + ") and no alias is configured",
					"name the one that signs tokens");
		}
		catch (java.security.KeyStoreException ex) {
			throw new InvalidJwtAuthPropertyException(property(prefix, ".keystore"),
					"the keystore of SSL bundle '" + name + "' cannot be read (" + ex.getMessage() + ")",
					"check the keystore's type and password");
		}
	}

	private static PublicKey publicKey(String name, String prefix, KeyStore keyStore, String alias) {
		Certificate certificate;
		try {
			certificate = keyStore.getCertificate(alias);
		}
		catch (java.security.KeyStoreException ex) {
			certificate = null;
		}
		if (certificate == null) {
			throw new InvalidJwtAuthPropertyException(property(prefix, ".key.alias"),
					"the private key '" + alias + "' of SSL bundle '" + name + "' has no certificate",
					"store the key with its certificate, which carries the public key");
		}
		return certificate.getPublicKey();
	}

	private static String property(String prefix, String suffix) {
		return PROPERTY.equals(prefix) ? PROPERTY : prefix + suffix;
	}

	// The prefix of the bundle's own properties, to name in a failure:
	// spring.ssl.bundle.jks.NAME or spring.ssl.bundle.pem.NAME; jwt.auth.signing.bundle
	// for a bundle registered in code.
	private static String prefix(String name, Binder binder) {
		for (String kind : new String[] { "jks", "pem" }) {
			String prefix = "spring.ssl.bundle." + kind + "." + name;
			try {
				if (binder.bind(prefix, Bindable.mapOf(String.class, Object.class)).isBound()) {
					return prefix;
				}
			}
			catch (RuntimeException ex) {
				// not a bundle of this kind
			}
		}
		return PROPERTY;
	}

}
