package io.github.jwtauth.benchmarks;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.JwsSignerAdapter;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.SigningKey;

/**
 * Fresh keys and signatures for the benchmarks, with jwt-auth's own signers (so EdDSA
 * works without Google Tink): RSA 2048 for RS* and PS*, EC on the algorithm's curve for
 * ES*, Ed25519 for EdDSA, an HMAC secret of the algorithm's minimum length for HS*.
 */
final class Signers {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Signers() {
	}

	/**
	 * A signer of a new key.
	 * @param keyId the key ID
	 * @param algorithm the algorithm
	 * @return the signer
	 */
	static JwtSigner generate(String keyId, JWSAlgorithm algorithm) {
		if (KeyAlgorithms.HMAC.contains(algorithm)) {
			byte[] secret = new byte[KeyAlgorithms.minSecretBytes(algorithm)];
			RANDOM.nextBytes(secret);
			return SigningKey.hmac(keyId, algorithm, secret).signer();
		}
		KeyPair pair = keyPair(algorithm);
		return JcaJwtSigner.of(keyId, algorithm, pair.getPrivate(), pair.getPublic());
	}

	/**
	 * A new key pair for an asymmetric algorithm.
	 * @param algorithm the algorithm
	 * @return the key pair
	 */
	static KeyPair keyPair(JWSAlgorithm algorithm) {
		try {
			if (KeyAlgorithms.RSA.contains(algorithm)) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
				return generator.generateKeyPair();
			}
			if (KeyAlgorithms.EC.contains(algorithm)) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec(KeyAlgorithms.curveOf(algorithm).getStdName()));
				return generator.generateKeyPair();
			}
			if (JWSAlgorithm.EdDSA.equals(algorithm)) {
				return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate a key for " + algorithm, ex);
		}
		throw new IllegalArgumentException("Unsupported algorithm " + algorithm);
	}

	/**
	 * Sign a token.
	 * @param signer the signer, whose algorithm and key ID the header must name
	 * @param header the header
	 * @param claims the claims
	 * @return the compact JWS
	 */
	static String sign(JwtSigner signer, JWSHeader header, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(new JwsSignerAdapter(signer));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
