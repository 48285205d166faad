package io.github.jwtauth.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.util.Assert;

/**
 * A key with its one JWS algorithm (RFC 8725: one algorithm per key) and key ID.
 *
 * @param keyId the key ID written into and matched against the "kid" header
 * @param algorithm the only algorithm this key is used with
 * @param jwk the key; holds private material only for the active signing key
 */
public record SigningKey(String keyId, JWSAlgorithm algorithm, JWK jwk) {

	public SigningKey {
		Assert.hasText(keyId, "keyId must not be empty");
		Assert.notNull(algorithm, "algorithm must not be null");
		Assert.notNull(jwk, "jwk must not be null");
	}

	/**
	 * Create an HMAC key.
	 * @param keyId the key ID
	 * @param algorithm an HS algorithm
	 * @param secret the secret bytes
	 * @return the key
	 */
	public static SigningKey hmac(String keyId, JWSAlgorithm algorithm, byte[] secret) {
		return new SigningKey(keyId, algorithm, new OctetSequenceKey.Builder(secret).keyID(keyId)
			.algorithm(algorithm)
			.keyUse(KeyUse.SIGNATURE)
			.build());
	}

	/**
	 * Create an RSA key.
	 * @param keyId the key ID
	 * @param algorithm an RS or PS algorithm
	 * @param key the RSA key, with or without its private part
	 * @return the key
	 */
	public static SigningKey rsa(String keyId, JWSAlgorithm algorithm, RSAKey key) {
		return new SigningKey(keyId, algorithm,
				new RSAKey.Builder(key).keyID(keyId).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).build());
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
		return "SigningKey[keyId=" + this.keyId + ", algorithm=" + this.algorithm + "]";
	}

}
