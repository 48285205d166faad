package io.github.jwtauth.keys.rotation;

import java.time.Instant;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.keys.SigningKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SigningKeySealerTests {

	private final SigningKeySealer sealer = new SigningKeySealer(
			AesGcmKeyEncryptionKey.of(AesGcmKeyEncryptionKeyTests.randomKey()));

	private final Instant now = Instant.parse("2026-11-29T00:00:00Z");

	@Test
	void roundTripKeepsThePrivateKeyOutOfTheRow() throws Exception {
		SigningKey key = ManagedKeyGenerator.generate(JWSAlgorithm.ES256);
		StoredSigningKey stored = this.sealer.seal(3, key, this.now, this.now.plusSeconds(60));
		assertThat(stored.keyId()).isEqualTo(key.keyId());
		assertThat(stored.algorithm()).isEqualTo("ES256");
		assertThat(JWK.parse(stored.publicJwk()).isPrivate()).isFalse();
		String d = key.jwk().toJSONObject().get("d").toString();
		assertThat(stored.sealedPrivateKey()).doesNotContain(d);
		assertThat(stored.toString()).doesNotContain(d).doesNotContain(stored.sealedPrivateKey());
		SigningKey opened = this.sealer.open(stored);
		assertThat(opened.keyId()).isEqualTo(key.keyId());
		assertThat(opened.jwk()).isEqualTo(key.jwk());
	}

	@Test
	void hmacKeysPublishNothing() {
		SigningKey key = ManagedKeyGenerator.generate(JWSAlgorithm.HS256);
		StoredSigningKey stored = this.sealer.seal(1, key, this.now, this.now);
		assertThat(stored.publicJwk()).isEmpty();
		assertThat(this.sealer.open(stored).jwk()).isEqualTo(key.jwk());
	}

	@Test
	void swappedOrAlteredRowsDoNotOpen() {
		SigningKey key = ManagedKeyGenerator.generate(JWSAlgorithm.ES256);
		StoredSigningKey stored = this.sealer.seal(2, key, this.now, this.now);
		StoredSigningKey otherGeneration = new StoredSigningKey(3, stored.keyId(), stored.algorithm(),
				stored.createdAt(), stored.activatesAt(), stored.publicJwk(), stored.sealedPrivateKey());
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> this.sealer.open(otherGeneration));
		StoredSigningKey otherKeyId = new StoredSigningKey(2, "other", stored.algorithm(), stored.createdAt(),
				stored.activatesAt(), stored.publicJwk(), stored.sealedPrivateKey());
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> this.sealer.open(otherKeyId));
		StoredSigningKey otherAlgorithm = new StoredSigningKey(2, stored.keyId(), "ES384", stored.createdAt(),
				stored.activatesAt(), stored.publicJwk(), stored.sealedPrivateKey());
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> this.sealer.open(otherAlgorithm));
		// a public key replaced in the row: the published key would not verify the
		// signatures
		StoredSigningKey otherPublic = new StoredSigningKey(2, stored.keyId(), stored.algorithm(), stored.createdAt(),
				stored.activatesAt(),
				ManagedKeyGenerator.generate(JWSAlgorithm.ES256).verificationKey().jwk().toJSONString(),
				stored.sealedPrivateKey());
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> this.sealer.open(otherPublic))
			.withMessageContaining("does not match");
		StoredSigningKey unsupported = new StoredSigningKey(2, stored.keyId(), "none", stored.createdAt(),
				stored.activatesAt(), stored.publicJwk(), stored.sealedPrivateKey());
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> this.sealer.open(unsupported));
	}

	@Test
	void aRowWithOtherTimesDoesNotOpen() {
		SigningKey key = ManagedKeyGenerator.generate(JWSAlgorithm.ES256);
		StoredSigningKey stored = this.sealer.seal(2, key, this.now, this.now.plusSeconds(600));
		assertThat(this.sealer.open(stored).keyId()).isEqualTo(key.keyId());
		// rescheduled: signing before it is published, or held back
		StoredSigningKey earlier = new StoredSigningKey(2, stored.keyId(), stored.algorithm(), stored.createdAt(),
				this.now, stored.publicJwk(), stored.sealedPrivateKey());
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> this.sealer.open(earlier));
		StoredSigningKey later = new StoredSigningKey(2, stored.keyId(), stored.algorithm(), stored.createdAt(),
				stored.activatesAt().plusMillis(1), stored.publicJwk(), stored.sealedPrivateKey());
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> this.sealer.open(later));
		// an old row brought back as if it were new
		StoredSigningKey recreated = new StoredSigningKey(2, stored.keyId(), stored.algorithm(),
				stored.createdAt().plusSeconds(3600), stored.activatesAt(), stored.publicJwk(),
				stored.sealedPrivateKey());
		assertThatExceptionOfType(KeyOperationException.class).isThrownBy(() -> this.sealer.open(recreated));
		// the stores keep milliseconds: a time read back at that precision still opens
		StoredSigningKey precise = this.sealer.seal(4, key, this.now.plusNanos(1_234_567),
				this.now.plusNanos(7_654_321));
		StoredSigningKey readBack = new StoredSigningKey(4, precise.keyId(), precise.algorithm(),
				Instant.ofEpochMilli(precise.createdAt().toEpochMilli()),
				Instant.ofEpochMilli(precise.activatesAt().toEpochMilli()), precise.publicJwk(),
				precise.sealedPrivateKey());
		assertThat(this.sealer.open(readBack).keyId()).isEqualTo(key.keyId());
	}

}
