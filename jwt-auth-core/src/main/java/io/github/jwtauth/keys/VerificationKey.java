package io.github.jwtauth.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.util.Assert;

/**
 * A key that verifies tokens, with its one JWS algorithm (RFC 8725: one algorithm per
 * key) and its key ID. An asymmetric verification key holds the public part only; an HMAC
 * key is its secret, which is never published.
 *
 * @param keyId the key ID matched against the {@code kid} header
 * @param algorithm the only algorithm this key verifies
 * @param jwk the key
 */
public record VerificationKey(String keyId, JWSAlgorithm algorithm, JWK jwk) {

	/**
	 * Create a verification key.
	 * @param keyId the key ID matched against the {@code kid} header
	 * @param algorithm the only algorithm this key verifies
	 * @param jwk the key: public, or an HMAC secret
	 */
	public VerificationKey {
		Assert.hasText(keyId, "keyId must not be empty");
		Assert.notNull(algorithm, "algorithm must not be null");
		Assert.notNull(jwk, "jwk must not be null");
		Assert.isTrue(jwk instanceof OctetSequenceKey || !jwk.isPrivate(),
				"An asymmetric verification key must not hold its private part");
		KeyAlgorithms.check(jwk, algorithm);
	}

	/**
	 * Create a key of any supported type; only the public part of an asymmetric key is
	 * kept.
	 * @param keyId the key ID
	 * @param algorithm the algorithm, which must fit the key
	 * @param jwk the key
	 * @return the key
	 */
	public static VerificationKey of(String keyId, JWSAlgorithm algorithm, JWK jwk) {
		JWK verifying = (jwk instanceof OctetSequenceKey) ? jwk : jwk.toPublicJWK();
		return new VerificationKey(keyId, algorithm, Jwks.withIdentity(verifying, keyId, algorithm));
	}

	/**
	 * Create an HMAC key.
	 * @param keyId the key ID
	 * @param algorithm an HS algorithm
	 * @param secret the secret bytes
	 * @return the key
	 */
	public static VerificationKey hmac(String keyId, JWSAlgorithm algorithm, byte[] secret) {
		return new VerificationKey(keyId, algorithm,
				new OctetSequenceKey.Builder(secret).keyID(keyId)
					.algorithm(algorithm)
					.keyUse(KeyUse.SIGNATURE)
					.build());
	}

	/**
	 * Create an RSA key; only its public part is kept.
	 * @param keyId the key ID
	 * @param algorithm an RS or PS algorithm
	 * @param key the RSA key
	 * @return the key
	 */
	public static VerificationKey rsa(String keyId, JWSAlgorithm algorithm, RSAKey key) {
		return new VerificationKey(keyId, algorithm,
				new RSAKey.Builder(key.toPublicJWK()).keyID(keyId)
					.algorithm(algorithm)
					.keyUse(KeyUse.SIGNATURE)
					.build());
	}

	/**
	 * Whether this is a symmetric (HMAC) key, which must never be published.
	 * @return {@code true} for an HMAC key
	 */
	public boolean isSymmetric() {
		return this.jwk instanceof OctetSequenceKey;
	}

	@Override
	public String toString() {
		return "VerificationKey[keyId=" + this.keyId + ", algorithm=" + this.algorithm + "]";
	}

}
