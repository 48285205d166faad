package io.github.jwtauth.keys.rotation;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.keys.SigningKey;

import org.springframework.util.Assert;

/**
 * Turns a managed {@link SigningKey} into the {@link StoredSigningKey} a store keeps,
 * with its private part sealed by a {@link KeyEncryptionKey}, and back. The sealed key is
 * bound (as additional authenticated data) to its generation, key ID, algorithm, creation
 * time and activation time (epoch milliseconds, the precision the stores keep), so that a
 * row altered or swapped with another in the store does not open: someone who can write
 * to the store but does not hold the key-encryption key can neither reschedule a key nor
 * bring back an old row under other times (it keeps its original times, and is removed as
 * retired). The public JWK stored beside it must match the sealed private key.
 */
public final class SigningKeySealer {

	private final KeyEncryptionKey keyEncryptionKey;

	/**
	 * Create a sealer.
	 * @param keyEncryptionKey the key-encryption key
	 */
	public SigningKeySealer(KeyEncryptionKey keyEncryptionKey) {
		Assert.notNull(keyEncryptionKey, "keyEncryptionKey must not be null");
		this.keyEncryptionKey = keyEncryptionKey;
	}

	/**
	 * Seal a key for the store.
	 * @param generation its generation
	 * @param key the key with its private part
	 * @param createdAt when it was created
	 * @param activatesAt when it starts signing
	 * @return the stored form
	 */
	public StoredSigningKey seal(long generation, SigningKey key, Instant createdAt, Instant activatesAt) {
		byte[] privateJwk = key.jwk().toJSONString().getBytes(StandardCharsets.UTF_8);
		try {
			String sealed = this.keyEncryptionKey.seal(privateJwk,
					aad(generation, key.keyId(), key.algorithm().getName(), createdAt, activatesAt));
			String publicJwk = key.verificationKey().isSymmetric() ? "" : key.verificationKey().jwk().toJSONString();
			return new StoredSigningKey(generation, key.keyId(), key.algorithm().getName(), createdAt, activatesAt,
					publicJwk, sealed);
		}
		finally {
			Arrays.fill(privateJwk, (byte) 0);
		}
	}

	/**
	 * Open a stored key.
	 * @param stored the stored key
	 * @return the key with its private part
	 * @throws KeyOperationException if it does not open (altered, swapped, another
	 * key-encryption key) or its content does not match its row
	 */
	public SigningKey open(StoredSigningKey stored) {
		JWSAlgorithm algorithm = KeyAlgorithms.parse(stored.algorithm());
		if (algorithm == null) {
			throw new KeyOperationException(
					"Stored key " + stored.generation() + " has an unsupported algorithm '" + stored.algorithm() + "'");
		}
		byte[] plaintext = this.keyEncryptionKey.open(stored.sealedPrivateKey(),
				aad(stored.generation(), stored.keyId(), stored.algorithm(), stored.createdAt(), stored.activatesAt()));
		try {
			JWK jwk = JWK.parse(new String(plaintext, StandardCharsets.UTF_8));
			if (!stored.keyId().equals(jwk.getKeyID())) {
				throw new KeyOperationException("Stored key " + stored.generation() + " holds another key ID");
			}
			SigningKey key = SigningKey.of(stored.keyId(), algorithm, jwk);
			if (!key.verificationKey().isSymmetric()
					&& !thumbprint(JWK.parse(stored.publicJwk())).equals(thumbprint(key.verificationKey().jwk()))) {
				throw new KeyOperationException(
						"Stored key " + stored.generation() + ": the public key does not match the sealed private key");
			}
			return key;
		}
		catch (ParseException | IllegalArgumentException ex) {
			throw new KeyOperationException("Stored key " + stored.generation() + " is not a usable key", ex);
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
	}

	private static String thumbprint(JWK jwk) {
		try {
			return jwk.computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("Cannot compute the key thumbprint", ex);
		}
	}

	static byte[] aad(long generation, String keyId, String algorithm, Instant createdAt, Instant activatesAt) {
		return ("jwt-auth signing key|" + generation + "|" + keyId + "|" + algorithm + "|" + createdAt.toEpochMilli()
				+ "|" + activatesAt.toEpochMilli())
			.getBytes(StandardCharsets.UTF_8);
	}

}
