package io.github.jwtauth.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

/**
 * Converts between the JDK's key objects and JWKs, Ed25519 included (which nimbus does
 * not convert to JDK keys).
 */
public final class Jwks {

	/** DER prefix of an Ed25519 X.509 SubjectPublicKeyInfo, before the 32 key bytes. */
	private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	/** DER prefix of an Ed25519 PKCS#8 PrivateKeyInfo, before the 32-byte seed. */
	private static final byte[] ED25519_PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

	private Jwks() {
	}

	/**
	 * The JWK of a public key: RSA, EC on P-256/384/521, or Ed25519.
	 * @param key the public key
	 * @return the JWK, without key ID or algorithm
	 * @throws IllegalArgumentException for another key type or curve
	 */
	public static JWK publicJwk(PublicKey key) {
		if (key instanceof RSAPublicKey rsa) {
			return new RSAKey.Builder(rsa).build();
		}
		if (key instanceof ECPublicKey ec) {
			Curve curve = Curve.forECParameterSpec(ec.getParams());
			if (curve == null) {
				throw new IllegalArgumentException("an EC key on a curve that is not P-256, P-384 or P-521");
			}
			return new ECKey.Builder(curve, ec).build();
		}
		if (isEd25519(key)) {
			byte[] encoded = key.getEncoded();
			if (encoded == null || encoded.length != 44) {
				throw new IllegalArgumentException("an Ed25519 key whose encoding is not X.509");
			}
			return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(encoded, 12, 44)))
				.build();
		}
		throw new IllegalArgumentException("a " + key.getAlgorithm()
				+ " key, which is not supported (use RSA, EC on P-256, P-384 or P-521, or Ed25519)");
	}

	/**
	 * The JDK public key of a JWK: RSA, EC or Ed25519.
	 * @param jwk the JWK
	 * @return the public key
	 * @throws IllegalArgumentException if it cannot be converted
	 */
	public static PublicKey publicKey(JWK jwk) {
		try {
			if (jwk instanceof OctetKeyPair okp) {
				requireEd25519(okp);
				byte[] x = okp.getX().decode();
				return KeyFactory.getInstance("Ed25519")
					.generatePublic(new X509EncodedKeySpec(concat(ED25519_X509_PREFIX, x)));
			}
			if (jwk instanceof AsymmetricJWK asymmetric) {
				return asymmetric.toPublicKey();
			}
		}
		catch (JOSEException | GeneralSecurityException ex) {
			throw new IllegalArgumentException("Unusable public key", ex);
		}
		throw new IllegalArgumentException("Not an asymmetric key");
	}

	/**
	 * The JDK private key of a private JWK: RSA, EC or Ed25519.
	 * @param jwk the JWK with its private part
	 * @return the private key
	 * @throws IllegalArgumentException if it cannot be converted
	 */
	public static PrivateKey privateKey(JWK jwk) {
		try {
			if (jwk instanceof OctetKeyPair okp) {
				requireEd25519(okp);
				if (okp.getD() == null) {
					throw new IllegalArgumentException("The key has no private part");
				}
				byte[] d = okp.getD().decode();
				return KeyFactory.getInstance("Ed25519")
					.generatePrivate(new PKCS8EncodedKeySpec(concat(ED25519_PKCS8_PREFIX, d)));
			}
			if (jwk instanceof AsymmetricJWK asymmetric) {
				PrivateKey key = asymmetric.toPrivateKey();
				if (key == null) {
					throw new IllegalArgumentException("The key has no private part");
				}
				return key;
			}
		}
		catch (JOSEException | GeneralSecurityException ex) {
			throw new IllegalArgumentException("Unusable private key", ex);
		}
		throw new IllegalArgumentException("Not an asymmetric key");
	}

	/**
	 * A private JWK of a key pair held in this process (RSA, EC or Ed25519).
	 * @param publicKey the public key
	 * @param privateKey the private key, whose encoding is PKCS#8
	 * @return the JWK with its private part
	 */
	public static JWK privateJwk(PublicKey publicKey, PrivateKey privateKey) {
		JWK jwk = publicJwk(publicKey);
		if (jwk instanceof RSAKey rsa) {
			return new RSAKey.Builder(rsa).privateKey(privateKey).build();
		}
		if (jwk instanceof ECKey ec) {
			return new ECKey.Builder(ec).privateKey(privateKey).build();
		}
		byte[] encoded = privateKey.getEncoded();
		if (encoded == null || encoded.length != 48) {
			throw new IllegalArgumentException("an Ed25519 private key whose encoding is not PKCS#8 v1");
		}
		return new OctetKeyPair.Builder((OctetKeyPair) jwk).d(Base64URL.encode(Arrays.copyOfRange(encoded, 16, 48)))
			.build();
	}

	/**
	 * A copy of a JWK that carries a key ID, its one algorithm and {@code use: sig}.
	 * @param jwk the key
	 * @param keyId the key ID
	 * @param algorithm the algorithm
	 * @return the copy
	 */
	public static JWK withIdentity(JWK jwk, String keyId, JWSAlgorithm algorithm) {
		if (jwk instanceof RSAKey rsa) {
			return new RSAKey.Builder(rsa).keyID(keyId).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).build();
		}
		if (jwk instanceof ECKey ec) {
			return new ECKey.Builder(ec).keyID(keyId).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).build();
		}
		if (jwk instanceof OctetKeyPair okp) {
			return new OctetKeyPair.Builder(okp).keyID(keyId).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).build();
		}
		if (jwk instanceof OctetSequenceKey oct) {
			return new OctetSequenceKey.Builder(oct).keyID(keyId).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).build();
		}
		throw new IllegalArgumentException("Unsupported key type " + jwk.getKeyType());
	}

	static boolean isEd25519(java.security.Key key) {
		String algorithm = key.getAlgorithm();
		return "Ed25519".equalsIgnoreCase(algorithm) || "EdDSA".equalsIgnoreCase(algorithm);
	}

	private static void requireEd25519(OctetKeyPair okp) {
		if (!Curve.Ed25519.equals(okp.getCurve())) {
			throw new IllegalArgumentException("an OKP key on " + okp.getCurve() + ", only Ed25519 is supported");
		}
	}

	private static byte[] concat(byte[] prefix, byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException("an Ed25519 key of " + key.length + " bytes, not 32");
		}
		byte[] out = Arrays.copyOf(prefix, prefix.length + key.length);
		System.arraycopy(key, 0, out, prefix.length, key.length);
		return out;
	}

}
