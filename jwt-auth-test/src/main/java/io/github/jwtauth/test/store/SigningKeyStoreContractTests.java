package io.github.jwtauth.test.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.keys.rotation.SigningKeyStore;
import io.github.jwtauth.keys.rotation.StoredSigningKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link SigningKeyStore} keeps. Extend it in a test of your own store
 * and implement {@link #store()}; jwt-auth runs it against each of its stores. A shared
 * store also overrides {@link #secondInstance()}.
 * <p>
 * The tests may run on a database or server that other tests use at the same time: each
 * test works on generations of its own (far apart, at random) and removes them
 * afterwards, and checks the order of every key the store returns, its own among them.
 */
public abstract class SigningKeyStoreContractTests {

	/**
	 * A moment of the tests, to the millisecond (the precision every store keeps).
	 */
	protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	/**
	 * The first generation of this test; the test uses the ten that follow it too.
	 */
	protected final long generation = (ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2) & ~0xFFL) + 0x100;

	private final List<Long> added = new ArrayList<>();

	/**
	 * The store under test.
	 * @return the store
	 */
	protected abstract SigningKeyStore store();

	/**
	 * Another store on the same database or server, as a second application instance
	 * would have; {@code null} for a store of one instance only.
	 * @return the other store, or {@code null}
	 */
	protected @Nullable SigningKeyStore secondInstance() {
		return null;
	}

	/**
	 * Whether the store is shared by instances.
	 * @return {@code true} unless overridden
	 */
	protected boolean shared() {
		return true;
	}

	@AfterEach
	void removeTheKeysOfTheTest() {
		for (long generation : this.added) {
			store().remove(generation);
		}
	}

	/**
	 * A key of a generation, its values made up for the test: an EC public JWK and a long
	 * sealed private key in opaque text.
	 * @param generation the generation
	 * @return the key
	 */
	protected StoredSigningKey key(long generation) {
		this.added.add(generation);
		String keyId = "kid-" + UUID.randomUUID();
		String publicJwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + keyId
				+ "\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
				+ "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";
		// a sealed RSA-4096 private key is about 4 KB of text
		String sealed = "v1.kek-" + generation + "." + "Ab0_-".repeat(1200);
		return new StoredSigningKey(generation, keyId, "ES256", this.now, this.now.plus(1, ChronoUnit.HOURS), publicJwk,
				sealed);
	}

	private static Optional<StoredSigningKey> find(SigningKeyStore store, long generation) {
		return store.findAll().stream().filter((key) -> key.generation() == generation).findFirst();
	}

	private static void assertOrdered(List<StoredSigningKey> keys) {
		for (int i = 1; i < keys.size(); i++) {
			assertThat(keys.get(i).generation()).as("generation after %s", keys.get(i - 1))
				.isGreaterThan(keys.get(i - 1).generation());
		}
	}

	@Test
	protected void isSharedOrNotAsDeclared() {
		assertThat(store().isShared()).isEqualTo(shared());
	}

	@Test
	protected void anAddedKeyComesBackWithEveryValue() {
		StoredSigningKey key = key(this.generation);
		assertThat(store().add(key)).isTrue();
		assertThat(find(store(), this.generation)).contains(key);
	}

	@Test
	protected void anHmacKeyWithoutAPublicJwkComesBack() {
		StoredSigningKey key = new StoredSigningKey(this.generation, "hmac-" + UUID.randomUUID(), "HS256",
				this.now.minusSeconds(60), this.now, "", key(this.generation).sealedPrivateKey());
		assertThat(store().add(key)).isTrue();
		assertThat(find(store(), this.generation)).contains(key);
	}

	@Test
	protected void instantsKeepTheirMillisecond() {
		Instant created = Instant.parse("2031-02-03T04:05:06.789123456Z");
		Instant activates = Instant.parse("2031-03-03T04:05:06.001999Z");
		StoredSigningKey template = key(this.generation);
		StoredSigningKey key = new StoredSigningKey(this.generation, template.keyId(), template.algorithm(), created,
				activates, template.publicJwk(), template.sealedPrivateKey());
		assertThat(store().add(key)).isTrue();
		StoredSigningKey found = find(store(), this.generation).orElseThrow();
		assertThat(found.createdAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo("2031-02-03T04:05:06.789Z");
		assertThat(found.activatesAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo("2031-03-03T04:05:06.001Z");
		assertThat(found.createdAt()).isBetween(Instant.parse("2031-02-03T04:05:06.789Z"), created);
	}

	@Test
	protected void keysAreFoundInTheOrderOfTheirGenerations() {
		StoredSigningKey third = key(this.generation + 3);
		StoredSigningKey first = key(this.generation + 1);
		StoredSigningKey second = key(this.generation + 2);
		assertThat(store().add(third)).isTrue();
		assertThat(store().add(first)).isTrue();
		assertThat(store().add(second)).isTrue();
		List<StoredSigningKey> keys = store().findAll();
		assertOrdered(keys);
		assertThat(keys).containsSubsequence(first, second, third);
	}

	@Test
	protected void aTakenGenerationIsRefusedAndTheFirstKeyKept() {
		StoredSigningKey first = key(this.generation);
		StoredSigningKey other = key(this.generation);
		assertThat(store().add(first)).isTrue();
		assertThat(store().add(other)).isFalse();
		assertThat(store().add(first)).isFalse();
		assertThat(find(store(), this.generation)).contains(first);
		assertThat(store().findAll().stream().filter((key) -> key.generation() == this.generation)).hasSize(1);
	}

	@Test
	protected void removeRemovesOneGenerationAndMayBeRepeated() {
		StoredSigningKey kept = key(this.generation);
		StoredSigningKey removed = key(this.generation + 1);
		store().add(kept);
		store().add(removed);
		store().remove(this.generation + 1);
		assertThat(find(store(), this.generation + 1)).isEmpty();
		assertThat(find(store(), this.generation)).contains(kept);
		store().remove(this.generation + 1);
		store().remove(this.generation + 7);
		assertThat(find(store(), this.generation)).contains(kept);
	}

	@Test
	protected void aRemovedGenerationIsFreeAgain() {
		store().add(key(this.generation));
		store().remove(this.generation);
		StoredSigningKey again = key(this.generation);
		assertThat(store().add(again)).isTrue();
		assertThat(find(store(), this.generation)).contains(again);
	}

	@Test
	protected void aSecondInstanceSeesTheKeys() {
		SigningKeyStore second = secondInstance();
		if (second == null) {
			return;
		}
		StoredSigningKey key = key(this.generation);
		assertThat(store().add(key)).isTrue();
		assertThat(find(second, this.generation)).contains(key);
		assertThat(second.add(key(this.generation))).isFalse();
		second.remove(this.generation);
		assertThat(find(store(), this.generation)).isEmpty();
	}

	@Test
	protected void ofConcurrentAddsOfOneGenerationExactlyOneWins() throws Exception {
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<StoredSigningKey> keys = new ArrayList<>();
			List<Future<Boolean>> results = new ArrayList<>();
			SigningKeyStore second = secondInstance();
			for (int i = 0; i < threads; i++) {
				SigningKeyStore store = (i % 2 == 0 || second == null) ? store() : second;
				StoredSigningKey key = key(this.generation);
				keys.add(key);
				results.add(executor.submit(() -> {
					start.await();
					return store.add(key);
				}));
			}
			start.countDown();
			List<StoredSigningKey> winners = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				if (results.get(i).get(60, TimeUnit.SECONDS)) {
					winners.add(keys.get(i));
				}
			}
			assertThat(winners).hasSize(1);
			assertThat(find(store(), this.generation)).contains(winners.get(0));
		}
		finally {
			executor.shutdownNow();
		}
	}

}
