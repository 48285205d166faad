package io.github.jwtauth.keys.rotation;

import java.time.Instant;

import org.springframework.util.Assert;

/**
 * A managed signing key as a {@link SigningKeyStore} keeps it. Immutable once stored: the
 * generation orders keys and is unique, so that of several instances that create the next
 * key at once exactly one succeeds. The private key is stored only sealed (encrypted and
 * authenticated under a key-encryption key); the public key is a public JWK.
 *
 * @param generation the key's generation, one more than its predecessor's
 * @param keyId the key ID ({@code kid})
 * @param algorithm the JWS algorithm name
 * @param createdAt when the key was created and published
 * @param activatesAt when the key starts signing (and its predecessor stops)
 * @param publicJwk the public key as a JWK JSON object (for HMAC: an empty string, the
 * secret is in {@code sealedPrivateKey} only)
 * @param sealedPrivateKey the private key, sealed: opaque text that only the
 * key-encryption key opens
 */
public record StoredSigningKey(long generation, String keyId, String algorithm, Instant createdAt, Instant activatesAt,
		String publicJwk, String sealedPrivateKey) {

	/**
	 * Create a stored key.
	 * @param generation the key's generation
	 * @param keyId the key ID
	 * @param algorithm the JWS algorithm name
	 * @param createdAt when the key was created
	 * @param activatesAt when the key starts signing
	 * @param publicJwk the public JWK JSON
	 * @param sealedPrivateKey the sealed private key
	 */
	public StoredSigningKey {
		Assert.isTrue(generation > 0, "generation must be positive");
		Assert.hasText(keyId, "keyId must not be empty");
		Assert.hasText(algorithm, "algorithm must not be empty");
		Assert.notNull(createdAt, "createdAt must not be null");
		Assert.notNull(activatesAt, "activatesAt must not be null");
		Assert.notNull(publicJwk, "publicJwk must not be null");
		Assert.hasText(sealedPrivateKey, "sealedPrivateKey must not be empty");
	}

	@Override
	public String toString() {
		return "StoredSigningKey[generation=" + this.generation + ", keyId=" + this.keyId + ", algorithm="
				+ this.algorithm + ", activatesAt=" + this.activatesAt + "]";
	}

}
