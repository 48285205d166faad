package io.github.jwtauth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.SigningKey;

/**
 * Key material for the core unit tests, generated with the JDK: RSA, EC on P-256, P-384
 * and P-521, Ed25519 and HMAC secrets, plus JWKs the JDK cannot generate (secp256k1,
 * Ed448). Key pairs are generated once per kind and test JVM unless asked for a fresh
 * one.
 */
public final class TestKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Map<String, KeyPair> PAIRS = new ConcurrentHashMap<>();

	private TestKeys() {
	}

	/**
	 * A shared key pair that fits an asymmetric algorithm: RSA 2048 for RS* and PS*, EC
	 * on the algorithm's curve for ES*, Ed25519 for EdDSA.
	 * @param algorithm the algorithm
	 * @return the key pair
	 */
	public static KeyPair keyPair(JWSAlgorithm algorithm) {
		return PAIRS.computeIfAbsent(kind(algorithm), TestKeys::generate);
	}

	/**
	 * A new key pair that fits an asymmetric algorithm.
	 * @param algorithm the algorithm
	 * @return the key pair
	 */
	public static KeyPair freshKeyPair(JWSAlgorithm algorithm) {
		return generate(kind(algorithm));
	}

	/**
	 * A new key pair of a kind: {@code RSA-<bits>}, {@code EC-<curve>} (JDK curve name),
	 * {@code Ed25519}, {@code Ed448} or {@code X25519}.
	 * @param kind the kind
	 * @return the key pair
	 */
	public static KeyPair generate(String kind) {
		try {
			if (kind.startsWith("RSA-")) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(Integer.parseInt(kind.substring(4)));
				return generator.generateKeyPair();
			}
			if (kind.startsWith("EC-")) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec(kind.substring(3)));
				return generator.generateKeyPair();
			}
			return KeyPairGenerator.getInstance(kind).generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate a " + kind + " key", ex);
		}
	}

	/**
	 * Random secret bytes.
	 * @param length the length in bytes
	 * @return the bytes
	 */
	public static byte[] secret(int length) {
		byte[] bytes = new byte[length];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	/**
	 * A signer of a new HMAC secret or of the shared key pair of an algorithm.
	 * @param keyId the key ID
	 * @param algorithm the algorithm
	 * @return the signer
	 */
	public static JwtSigner signer(String keyId, JWSAlgorithm algorithm) {
		if (KeyAlgorithms.HMAC.contains(algorithm)) {
			return SigningKey.hmac(keyId, algorithm, secret(KeyAlgorithms.minSecretBytes(algorithm))).signer();
		}
		KeyPair pair = keyPair(algorithm);
		return JcaJwtSigner.of(keyId, algorithm, pair.getPrivate(), pair.getPublic());
	}

	/**
	 * A public EC JWK on secp256k1 ("P-256K"), which the JDK 17 no longer generates: its
	 * public point is the curve's generator.
	 * @return the JWK
	 */
	public static ECKey secp256k1() {
		HexFormat hex = HexFormat.of();
		BigInteger x = new BigInteger(1,
				hex.parseHex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
		BigInteger y = new BigInteger(1,
				hex.parseHex("483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"));
		return new ECKey.Builder(Curve.SECP256K1, Base64URL.encode(x), Base64URL.encode(y)).build();
	}

	/**
	 * A public OKP JWK on Ed448 (its 57 bytes are random: nothing verifies with it).
	 * @return the JWK
	 */
	public static OctetKeyPair ed448() {
		return new OctetKeyPair.Builder(Curve.Ed448, Base64URL.encode(secret(57))).build();
	}

	private static String kind(JWSAlgorithm algorithm) {
		if (KeyAlgorithms.RSA.contains(algorithm)) {
			return "RSA-2048";
		}
		if (KeyAlgorithms.EC.contains(algorithm)) {
			return "EC-" + KeyAlgorithms.curveOf(algorithm).getStdName();
		}
		if (JWSAlgorithm.EdDSA.equals(algorithm)) {
			return "Ed25519";
		}
		throw new IllegalArgumentException(algorithm + " has no key pair");
	}

}
