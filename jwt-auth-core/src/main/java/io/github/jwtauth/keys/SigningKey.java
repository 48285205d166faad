package io.github.jwtauth.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.util.Assert;

/**
 * The key that signs new tokens, with its one JWS algorithm (RFC 8725: one algorithm per
 * key) and its key ID, held in this process. It holds private material: an HMAC secret or
 * an RSA, EC or Ed25519 private key. {@link #signer()} signs with it; a key that must not
 * live in this process signs through a {@link JwtSigner} of its own instead.
 *
 * @param keyId the key ID written into the {@code kid} header
 * @param algorithm the only algorithm this key signs with
 * @param jwk the key, with its private part
 */
public record SigningKey(String keyId, JWSAlgorithm algorithm, JWK jwk) {

	/**
	 * Create a signing key.
	 * @param keyId the key ID written into the {@code kid} header
	 * @param algorithm the only algorithm this key signs with
	 * @param jwk the key, with its private part
	 */
	public SigningKey {
		Assert.hasText(keyId, "keyId must not be empty");
		Assert.notNull(algorithm, "algorithm must not be null");
		Assert.notNull(jwk, "jwk must not be null");
		Assert.isTrue(jwk.isPrivate(), "A signing key needs its private part");
		KeyAlgorithms.check(jwk, algorithm);
	}

	/**
	 * Create a key of any supported type: an HMAC secret, or an RSA, EC or Ed25519 key
	 * with its private part.
	 * @param keyId the key ID
	 * @param algorithm the algorithm, which must fit the key
	 * @param jwk the key
	 * @return the key
	 */
	public static SigningKey of(String keyId, JWSAlgorithm algorithm, JWK jwk) {
		return new SigningKey(keyId, algorithm, Jwks.withIdentity(jwk, keyId, algorithm));
	}

	/**
	 * The signer of this key.
	 * @return a signer
	 */
	public JwtSigner signer() {
		if (this.jwk instanceof OctetSequenceKey) {
			return new MacJwtSigner(verificationKey());
		}
		return JcaJwtSigner.of(this.keyId, this.algorithm, Jwks.privateKey(this.jwk), Jwks.publicKey(this.jwk));
	}

	/**
	 * Create an HMAC key.
	 * @param keyId the key ID
	 * @param algorithm an HS algorithm
	 * @param secret the secret bytes
	 * @return the key
	 */
	public static SigningKey hmac(String keyId, JWSAlgorithm algorithm, byte[] secret) {
		return new SigningKey(keyId, algorithm, VerificationKey.hmac(keyId, algorithm, secret).jwk());
	}

	/**
	 * Create an RSA key.
	 * @param keyId the key ID
	 * @param algorithm an RS or PS algorithm
	 * @param key the RSA key with its private part
	 * @return the key
	 */
	public static SigningKey rsa(String keyId, JWSAlgorithm algorithm, RSAKey key) {
		return new SigningKey(keyId, algorithm,
				new RSAKey.Builder(key).keyID(keyId).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).build());
	}

	/**
	 * The key that verifies what this key signs: the public part, or the same HMAC
	 * secret.
	 * @return the verification key
	 */
	public VerificationKey verificationKey() {
		JWK verifying = (this.jwk instanceof OctetSequenceKey) ? this.jwk : this.jwk.toPublicJWK();
		return new VerificationKey(this.keyId, this.algorithm, verifying);
	}

	@Override
	public String toString() {
		return "SigningKey[keyId=" + this.keyId + ", algorithm=" + this.algorithm + "]";
	}

}
