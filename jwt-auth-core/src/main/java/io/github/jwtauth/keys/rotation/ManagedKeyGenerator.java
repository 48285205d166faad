package io.github.jwtauth.keys.rotation;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.SigningKey;

import org.springframework.util.Assert;

/**
 * Generates fresh managed keys on the JDK's providers, one per algorithm:
 * <ul>
 * <li>RS256 and PS256: RSA 2048 bits; RS384 and PS384: 3072 bits; RS512 and PS512: 4096
 * bits (a modulus that grows with the hash, never below the 2048-bit minimum);</li>
 * <li>ES256, ES384, ES512: EC on P-256, P-384, P-521;</li>
 * <li>EdDSA: Ed25519;</li>
 * <li>HS256, HS384, HS512: a random secret of the hash's length (32, 48, 64 bytes).</li>
 * </ul>
 * The key ID of an asymmetric key is its RFC 7638 thumbprint; an HMAC key gets a random
 * one (a thumbprint of a secret would be a hash of it).
 */
public final class ManagedKeyGenerator {

	private static final SecureRandom RANDOM = new SecureRandom();

	private ManagedKeyGenerator() {
	}

	/**
	 * Generate a key for an algorithm.
	 * @param algorithm a supported algorithm
	 * @return the new key, with its private part
	 * @throws IllegalArgumentException for an algorithm that is not supported
	 */
	public static SigningKey generate(JWSAlgorithm algorithm) {
		Assert.notNull(algorithm, "algorithm must not be null");
		Assert.isTrue(KeyAlgorithms.supported().contains(algorithm),
				() -> "'" + algorithm + "' is not a supported algorithm");
		if (KeyAlgorithms.HMAC.contains(algorithm)) {
			byte[] secret = new byte[KeyAlgorithms.minSecretBytes(algorithm)];
			RANDOM.nextBytes(secret);
			return SigningKey.hmac(randomKeyId(), algorithm, secret);
		}
		KeyPair pair = keyPair(algorithm);
		JWK jwk = Jwks.privateJwk(pair.getPublic(), pair.getPrivate());
		return SigningKey.of(thumbprint(jwk), algorithm, jwk);
	}

	/**
	 * The RSA modulus length generated for an RS or PS algorithm.
	 * @param algorithm an RSA algorithm
	 * @return the length in bits
	 */
	public static int rsaBits(JWSAlgorithm algorithm) {
		String bits = algorithm.getName().substring(2);
		return switch (bits) {
			case "384" -> 3072;
			case "512" -> 4096;
			default -> KeyAlgorithms.MIN_RSA_BITS;
		};
	}

	private static KeyPair keyPair(JWSAlgorithm algorithm) {
		try {
			if (KeyAlgorithms.RSA.contains(algorithm)) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(rsaBits(algorithm), RANDOM);
				return generator.generateKeyPair();
			}
			if (KeyAlgorithms.EC.contains(algorithm)) {
				Curve curve = KeyAlgorithms.curveOf(algorithm);
				KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec(curve.getStdName()), RANDOM);
				return generator.generateKeyPair();
			}
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate a key for " + algorithm, ex);
		}
	}

	private static String thumbprint(JWK jwk) {
		try {
			return jwk.toPublicJWK().computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot compute the key thumbprint", ex);
		}
	}

	private static String randomKeyId() {
		byte[] id = new byte[16];
		RANDOM.nextBytes(id);
		return "hs-" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
	}

}
