package io.github.jwtauth.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.github.jwtauth.keys.rotation.AesGcmKeyEncryptionKey;
import io.github.jwtauth.keys.rotation.KeyEncryptionKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The key-encryption key of key rotation from
 * {@code jwt.auth.signing.rotation.key-encryption-key} and
 * {@code previous-key-encryption-keys}, refusing short, placeholder or non-random keys.
 */
final class KeyEncryptionKeys {

	private static final Log logger = LogFactory.getLog(KeyEncryptionKeys.class);

	private static final String PROPERTY = KeyRotationConfiguration.PREFIX + ".key-encryption-key";

	private static final String PREVIOUS = KeyRotationConfiguration.PREFIX + ".previous-key-encryption-keys";

	private static final String HOW = "'base64:' followed by the output of 'openssl rand -base64 32'";

	private KeyEncryptionKeys() {
	}

	static KeyEncryptionKey fromProperties(JwtAuthProperties.Rotation rotation, boolean sharedStore) {
		String configured = rotation.getKeyEncryptionKey();
		if (!StringUtils.hasText(configured)) {
			if (sharedStore) {
				throw new InvalidJwtAuthPropertyException(PROPERTY,
						"the keys are kept in a shared store and no key-encryption key is configured",
						"set it to 32 random bytes, " + HOW + ", the same on every instance (from a secret store, "
								+ "not from the application's repository)");
			}
			if (!rotation.getPreviousKeyEncryptionKeys().isEmpty()) {
				throw new InvalidJwtAuthPropertyException(PREVIOUS,
						"previous key-encryption keys are configured without a key-encryption key",
						"set " + PROPERTY + " too");
			}
			logger.debug("No key-encryption key configured: the memory store's keys are sealed under a key "
					+ "generated for this process");
			byte[] key = new byte[AesGcmKeyEncryptionKey.KEY_BYTES];
			new SecureRandom().nextBytes(key);
			return AesGcmKeyEncryptionKey.of(key);
		}
		List<byte[]> keys = new ArrayList<>();
		keys.add(bytes(PROPERTY, configured));
		List<String> previous = rotation.getPreviousKeyEncryptionKeys();
		for (int i = 0; i < previous.size(); i++) {
			keys.add(bytes(PREVIOUS + "[" + i + "]", previous.get(i)));
		}
		try {
			return AesGcmKeyEncryptionKey.of(keys);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJwtAuthPropertyException(PREVIOUS, ex.getMessage(),
					"list each earlier key once, and not the current one");
		}
	}

	static byte[] bytes(String property, @Nullable String value) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidJwtAuthPropertyException(property, "the key is blank", "set it to " + HOW);
		}
		String trimmed = value.trim();
		if (!trimmed.startsWith("base64:")) {
			throw new InvalidJwtAuthPropertyException(property,
					"the key is not given as 'base64:' followed by 32 random bytes in Base64 (text is not a key)",
					"set it to " + HOW);
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(trimmed.substring("base64:".length()).trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJwtAuthPropertyException(property, "the 'base64:' key is not valid Base64",
					"give the key bytes in standard Base64 after 'base64:'");
		}
		if (bytes.length != AesGcmKeyEncryptionKey.KEY_BYTES) {
			throw new InvalidJwtAuthPropertyException(property,
					"the key has " + bytes.length + " bytes, AES-256 needs exactly " + AesGcmKeyEncryptionKey.KEY_BYTES,
					"set it to " + HOW);
		}
		if (JwtKeySetFactory.isWeak(bytes) || (isPrintable(bytes)
				&& JwtKeySetFactory.isPlaceholder(new String(bytes, StandardCharsets.US_ASCII)))) {
			throw new InvalidJwtAuthPropertyException(property,
					"the key decodes to bytes that are not random (all zero, repeated, sequential, or a placeholder "
							+ "text)",
					"replace it with random bytes, " + HOW);
		}
		return bytes;
	}

	private static boolean isPrintable(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0x20 || b > 0x7E) {
				return false;
			}
		}
		return true;
	}

}
