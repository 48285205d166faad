package io.github.jwtauth.keys;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;

import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * Reads PEM-encoded RSA keys.
 */
public final class PemKeys {

	private PemKeys() {
	}

	/**
	 * Read a PKCS#8 RSA private key.
	 * @param resource the PEM resource
	 * @return the key
	 * @throws IOException if the resource cannot be read
	 */
	public static RSAPrivateKey privateKey(Resource resource) throws IOException {
		try (InputStream in = resource.getInputStream()) {
			return RsaKeyConverters.pkcs8().convert(in);
		}
	}

	/**
	 * Read an X.509 RSA public key (or the key of an X.509 certificate).
	 * @param resource the PEM resource
	 * @return the key
	 * @throws IOException if the resource cannot be read
	 */
	public static RSAPublicKey publicKey(Resource resource) throws IOException {
		try (InputStream in = resource.getInputStream()) {
			return RsaKeyConverters.x509().convert(in);
		}
	}

	/**
	 * The public key of a CRT private key.
	 * @param privateKey the private key
	 * @return the public key
	 */
	public static RSAPublicKey publicKeyOf(RSAPrivateKey privateKey) {
		if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
			throw new IllegalArgumentException("The private key does not hold its public exponent");
		}
		try {
			BigInteger modulus = crt.getModulus();
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(modulus, crt.getPublicExponent()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("Cannot derive the public key", ex);
		}
	}

}
