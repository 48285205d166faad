package io.github.jwtauth.autoconfigure.testapp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.ClassPathResource;

/**
 * Builds PKCS#12 keystores from the PEM files of src/test/resources/keys.
 */
public final class KeyStores {

	public static final String STORE_PASSWORD = "store-pass-7";

	private final KeyStore keyStore;

	private KeyStores() {
		try {
			this.keyStore = KeyStore.getInstance("PKCS12");
			this.keyStore.load(null, null);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static KeyStores pkcs12() {
		return new KeyStores();
	}

	/**
	 * Add a private key entry.
	 * @param alias the alias
	 * @param privateKey the classpath location of the PEM private key
	 * @param certificate the classpath location of its PEM certificate (which may belong
	 * to another key, to test that it is refused)
	 * @param password the key's password
	 * @return this
	 */
	public KeyStores privateKey(String alias, String privateKey, String certificate, String password) {
		try {
			PrivateKey key = pem(privateKey).getPrivateKey();
			X509Certificate cert = pem(certificate).getCertificates().get(0);
			this.keyStore.setKeyEntry(alias, key, password.toCharArray(), new Certificate[] { cert });
			return this;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public KeyStores trustedCertificate(String alias, String certificate) {
		try {
			this.keyStore.setCertificateEntry(alias, pem(certificate).getCertificates().get(0));
			return this;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Path writeTo(Path file) {
		try (OutputStream out = Files.newOutputStream(file)) {
			this.keyStore.store(out, STORE_PASSWORD.toCharArray());
			return file;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static PemContent pem(String location) throws IOException {
		try (var in = new ClassPathResource(location).getInputStream()) {
			return PemContent.load(in);
		}
	}

}
