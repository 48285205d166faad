package io.github.jwtauth.keys.rotation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.jwtauth.keys.KeyOperationException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link KeyEncryptionKey} on AES-256-GCM: a random 96-bit nonce per seal, a 128-bit
 * tag, the caller's additional authenticated data bound in. The sealed form is
 * {@code v1.<kek id>.<nonce>.<ciphertext and tag>} (base64url), where the KEK id is
 * derived from the key (an HMAC of a fixed label, never the key itself) so that the
 * key-encryption key can be rotated: configure the new key first and the old ones after
 * it; the first seals, and each sealed key opens with the key whose id it names. The
 * version and KEK id are authenticated too.
 */
public final class AesGcmKeyEncryptionKey implements KeyEncryptionKey {

	/** The length of a key-encryption key: 32 bytes (AES-256). */
	public static final int KEY_BYTES = 32;

	private static final String VERSION = "v1";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final byte[] ID_LABEL = "jwt-auth key-encryption key id".getBytes(StandardCharsets.US_ASCII);

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final List<Kek> keys;

	private final SecureRandom random = new SecureRandom();

	private AesGcmKeyEncryptionKey(List<byte[]> keys) {
		Assert.notEmpty(keys, "at least one key-encryption key is required");
		List<Kek> keks = new ArrayList<>();
		for (byte[] key : keys) {
			Assert.notNull(key, "a key-encryption key must not be null");
			Assert.isTrue(key.length == KEY_BYTES, () -> "a key-encryption key must have " + KEY_BYTES
					+ " bytes (AES-256), this one has " + key.length);
			Kek kek = new Kek(id(key), new SecretKeySpec(key.clone(), "AES"));
			for (Kek other : keks) {
				Assert.isTrue(!other.id().equals(kek.id()), "the same key-encryption key is configured twice");
			}
			keks.add(kek);
		}
		this.keys = List.copyOf(keks);
	}

	/**
	 * A key-encryption key that seals with {@code current} and also opens what earlier
	 * keys sealed.
	 * @param current the key that seals (32 bytes)
	 * @param previous earlier keys that only open (32 bytes each)
	 * @return the key-encryption key
	 * @throws IllegalArgumentException if a key is not 32 bytes long or given twice
	 */
	public static AesGcmKeyEncryptionKey of(byte[] current, byte[]... previous) {
		List<byte[]> keys = new ArrayList<>();
		keys.add(current);
		keys.addAll(Arrays.asList(previous));
		return new AesGcmKeyEncryptionKey(keys);
	}

	/**
	 * A key-encryption key from a list: the first seals, every one opens.
	 * @param keys the keys (32 bytes each), the sealing one first
	 * @return the key-encryption key
	 * @throws IllegalArgumentException if a key is not 32 bytes long or given twice
	 */
	public static AesGcmKeyEncryptionKey of(List<byte[]> keys) {
		return new AesGcmKeyEncryptionKey(keys);
	}

	/**
	 * The id of the key that seals, as written into sealed keys (safe to log).
	 * @return the key id
	 */
	public String keyId() {
		return this.keys.get(0).id();
	}

	@Override
	public String seal(byte[] plaintext, byte[] aad) {
		Assert.notNull(plaintext, "plaintext must not be null");
		Assert.notNull(aad, "aad must not be null");
		Kek kek = this.keys.get(0);
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, kek.key(), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(header(kek.id()));
			cipher.updateAAD(aad);
			byte[] ciphertext = cipher.doFinal(plaintext);
			return VERSION + "." + kek.id() + "." + ENCODER.encodeToString(nonce) + "."
					+ ENCODER.encodeToString(ciphertext);
		}
		catch (GeneralSecurityException ex) {
			throw new KeyOperationException("Cannot seal a key with AES-GCM", ex);
		}
	}

	@Override
	public byte[] open(String sealed, byte[] aad) {
		Assert.notNull(sealed, "sealed must not be null");
		Assert.notNull(aad, "aad must not be null");
		String[] parts = sealed.split("\\.", -1);
		if (parts.length != 4 || !VERSION.equals(parts[0])) {
			throw new KeyOperationException("Not a sealed key of this version (expected " + VERSION + ")");
		}
		Kek kek = find(parts[1]);
		if (kek == null) {
			throw new KeyOperationException("The key was sealed with key-encryption key '" + parts[1]
					+ "', which is not configured (configured: " + ids() + ")");
		}
		byte[] nonce;
		byte[] ciphertext;
		try {
			nonce = DECODER.decode(parts[2]);
			ciphertext = DECODER.decode(parts[3]);
		}
		catch (IllegalArgumentException ex) {
			throw new KeyOperationException("The sealed key is not valid base64url", ex);
		}
		if (nonce.length != NONCE_BYTES || ciphertext.length < TAG_BITS / 8) {
			throw new KeyOperationException("The sealed key is truncated");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, kek.key(), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(header(kek.id()));
			cipher.updateAAD(aad);
			return cipher.doFinal(ciphertext);
		}
		catch (GeneralSecurityException ex) {
			throw new KeyOperationException("The sealed key does not open with key-encryption key '" + kek.id()
					+ "': it was altered or belongs to another key (generation, key ID or algorithm)", ex);
		}
	}

	private @Nullable Kek find(String id) {
		for (Kek kek : this.keys) {
			if (kek.id().equals(id)) {
				return kek;
			}
		}
		return null;
	}

	private List<String> ids() {
		return this.keys.stream().map(Kek::id).toList();
	}

	private static byte[] header(String id) {
		return (VERSION + "." + id + ".").getBytes(StandardCharsets.US_ASCII);
	}

	private static String id(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return ENCODER.encodeToString(Arrays.copyOf(mac.doFinal(ID_LABEL), 9));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot derive a key-encryption key id", ex);
		}
	}

	@Override
	public String toString() {
		return "AesGcmKeyEncryptionKey[keys=" + ids() + "]";
	}

	private record Kek(String id, SecretKeySpec key) {

		@Override
		public String toString() {
			return "Kek[" + this.id + "]";
		}

	}

}
