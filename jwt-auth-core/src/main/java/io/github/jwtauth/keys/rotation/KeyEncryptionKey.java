package io.github.jwtauth.keys.rotation;

import io.github.jwtauth.keys.KeyOperationException;

/**
 * Encrypts managed private keys before they reach a {@link SigningKeyStore} and decrypts
 * them when they are read back ("envelope encryption": the store holds only sealed keys,
 * the key-encryption key stays in the application's configuration or in a KMS).
 * <p>
 * {@link AesGcmKeyEncryptionKey} seals with AES-256-GCM under keys from configuration. A
 * cloud KMS (AWS KMS {@code Encrypt}/{@code Decrypt}, Google Cloud KMS, Azure Key Vault
 * {@code wrapKey}/{@code unwrapKey}) or an HSM implements this interface as well: seal
 * sends the plaintext and the additional authenticated data (as the KMS's encryption
 * context) and returns the ciphertext as text, open does the reverse; the KMS then never
 * lets the key-encryption key out. Both are called only when a key is created (once per
 * rotation period, on one instance) and when an instance reads a key it has not opened
 * before, never per token.
 */
public interface KeyEncryptionKey {

	/**
	 * Encrypt and authenticate a private key.
	 * @param plaintext the private key's bytes
	 * @param aad additional authenticated data that {@link #open} must be given again:
	 * binds the sealed key to its generation, key ID and algorithm
	 * @return the sealed key as text (safe to store in a text column or a JSON value)
	 * @throws KeyOperationException if the key cannot be sealed
	 */
	String seal(byte[] plaintext, byte[] aad);

	/**
	 * Decrypt a sealed private key, checking that it was sealed with the same additional
	 * authenticated data and has not been altered.
	 * @param sealed what {@link #seal} returned
	 * @param aad the additional authenticated data given to {@link #seal}
	 * @return the private key's bytes
	 * @throws KeyOperationException if it does not open: altered, sealed for other data,
	 * or sealed under a key-encryption key that is not configured
	 */
	byte[] open(String sealed, byte[] aad);

}
