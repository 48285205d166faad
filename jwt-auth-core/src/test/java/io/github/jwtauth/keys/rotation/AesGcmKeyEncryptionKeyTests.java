package io.github.jwtauth.keys.rotation;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import io.github.jwtauth.keys.KeyOperationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AesGcmKeyEncryptionKeyTests {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final byte[] PLAINTEXT = "{\"kty\":\"EC\",\"d\":\"secret\"}".getBytes(StandardCharsets.UTF_8);

	private static final byte[] AAD = "jwt-auth signing key|1|kid-1|ES256".getBytes(StandardCharsets.UTF_8);

	static byte[] randomKey() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return key;
	}

	@Test
	void sealsAndOpens() {
		AesGcmKeyEncryptionKey kek = AesGcmKeyEncryptionKey.of(randomKey());
		String sealed = kek.seal(PLAINTEXT, AAD);
		assertThat(sealed).startsWith("v1." + kek.keyId() + ".");
		assertThat(sealed).doesNotContain("secret");
		assertThat(kek.open(sealed, AAD)).isEqualTo(PLAINTEXT);
	}

	@Test
	void everySealUsesAFreshNonce() {
		AesGcmKeyEncryptionKey kek = AesGcmKeyEncryptionKey.of(randomKey());
		String first = kek.seal(PLAINTEXT, AAD);
		String second = kek.seal(PLAINTEXT, AAD);
		assertThat(first.split("\\.")[2]).isNotEqualTo(second.split("\\.")[2]);
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void tamperedCiphertextDoesNotOpen() {
		AesGcmKeyEncryptionKey kek = AesGcmKeyEncryptionKey.of(randomKey());
		String sealed = kek.seal(PLAINTEXT, AAD);
		String[] parts = sealed.split("\\.");
		byte[] ciphertext = Base64.getUrlDecoder().decode(parts[3]);
		for (int i : new int[] { 0, ciphertext.length / 2, ciphertext.length - 1 }) {
			byte[] altered = ciphertext.clone();
			altered[i] ^= 1;
			String tampered = parts[0] + "." + parts[1] + "." + parts[2] + "."
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
			assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> kek.open(tampered, AAD))
				.withMessageContaining("altered");
		}
		byte[] nonce = Base64.getUrlDecoder().decode(parts[2]);
		nonce[0] ^= 1;
		String otherNonce = parts[0] + "." + parts[1] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(nonce) + "." + parts[3];
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> kek.open(otherNonce, AAD));
		String truncated = parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3].substring(0, 10);
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> kek.open(truncated, AAD));
		assertThatExceptionOfType(KeyOperationException.class)
			.isThrownBy(() -> kek.open("v2" + sealed.substring(2), AAD))
			.withMessageContaining("version");
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> kek.open("not sealed", AAD));
	}

	@Test
	void wrongAadDoesNotOpen() {
		AesGcmKeyEncryptionKey kek = AesGcmKeyEncryptionKey.of(randomKey());
		String sealed = kek.seal(PLAINTEXT, AAD);
		byte[] otherGeneration = "jwt-auth signing key|2|kid-1|ES256".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> kek.open(sealed, otherGeneration));
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> kek.open(sealed, new byte[0]));
	}

	@Test
	void wrongKeyEncryptionKeyDoesNotOpen() {
		String sealed = AesGcmKeyEncryptionKey.of(randomKey()).seal(PLAINTEXT, AAD);
		AesGcmKeyEncryptionKey other = AesGcmKeyEncryptionKey.of(randomKey());
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> other.open(sealed, AAD))
			.withMessageContaining("not configured");
	}

	@Test
	void aForgedKeyIdDoesNotSelectAnotherKey() {
		byte[] key = randomKey();
		AesGcmKeyEncryptionKey kek = AesGcmKeyEncryptionKey.of(key);
		AesGcmKeyEncryptionKey both = AesGcmKeyEncryptionKey.of(randomKey(), key);
		String sealed = kek.seal(PLAINTEXT, AAD);
		String relabelled = sealed.replace("." + kek.keyId() + ".", "." + both.keyId() + ".");
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> both.open(relabelled, AAD));
		assertThat(both.open(sealed, AAD)).isEqualTo(PLAINTEXT);
	}

	@Test
	void keyEncryptionKeyRotation() {
		byte[] oldKey = randomKey();
		byte[] newKey = randomKey();
		AesGcmKeyEncryptionKey before = AesGcmKeyEncryptionKey.of(oldKey);
		String sealedBefore = before.seal(PLAINTEXT, AAD);
		AesGcmKeyEncryptionKey during = AesGcmKeyEncryptionKey.of(newKey, oldKey);
		assertThat(during.open(sealedBefore, AAD)).isEqualTo(PLAINTEXT);
		String sealedDuring = during.seal(PLAINTEXT, AAD);
		assertThat(sealedDuring).contains("." + AesGcmKeyEncryptionKey.of(newKey).keyId() + ".");
		assertThat(AesGcmKeyEncryptionKey.of(newKey).open(sealedDuring, AAD)).isEqualTo(PLAINTEXT);
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> before.open(sealedDuring, AAD));
	}

	@Test
	void keyIdRevealsNothingOfTheKey() {
		byte[] key = randomKey();
		AesGcmKeyEncryptionKey kek = AesGcmKeyEncryptionKey.of(key);
		assertThat(kek.keyId()).isEqualTo(AesGcmKeyEncryptionKey.of(key.clone()).keyId());
		assertThat(kek.keyId())
			.doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(key).substring(0, 8));
		assertThat(kek.toString()).doesNotContain(Base64.getEncoder().encodeToString(key));
	}

	@Test
	void refusesKeysThatAreNot32Bytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> AesGcmKeyEncryptionKey.of(new byte[16]))
			.withMessageContaining("32 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> AesGcmKeyEncryptionKey.of(new byte[31]));
		assertThatIllegalArgumentException().isThrownBy(() -> AesGcmKeyEncryptionKey.of(randomKey(), new byte[24]));
		byte[] key = randomKey();
		assertThatIllegalArgumentException().isThrownBy(() -> AesGcmKeyEncryptionKey.of(key, key.clone()))
			.withMessageContaining("twice");
	}

}
