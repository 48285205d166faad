package io.github.jwtauth.keys.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

class RotatingKeySourceTests {

	private static final Duration PERIOD = Duration.ofHours(1);

	private static final Duration PUBLISH_AHEAD = Duration.ofMinutes(10);

	private static final Duration RETAIN_AFTER = Duration.ofMinutes(15);

	private static final Duration CHECK = Duration.ofMinutes(1);

	private final RotationPolicy policy = RotationPolicy.builder(JWSAlgorithm.ES256)
		.period(PERIOD)
		.publishAhead(PUBLISH_AHEAD)
		.retainAfter(RETAIN_AFTER)
		.checkInterval(CHECK)
		.build();

	private final SettableClock clock = new SettableClock();

	private final KeyEncryptionKey kek = AesGcmKeyEncryptionKey.of(AesGcmKeyEncryptionKeyTests.randomKey());

	private final FaultyStore store = new FaultyStore(new InMemorySigningKeyStore());

	private RotatingKeySource source(SigningKeyStore store, KeyEncryptionKey kek) {
		return RotatingKeySource.builder(store, kek, this.policy).clock(this.clock).build();
	}

	@Test
	void createsTheFirstKeyActiveNowAndKeepsTheSameSetUntilSomethingChanges() {
		RotatingKeySource source = source(this.store, this.kek);
		assertThat(source.refresh()).isTrue();
		JwtKeySet keys = source.current();
		assertThat(this.store.findAll()).singleElement().satisfies((key) -> {
			assertThat(key.generation()).isEqualTo(1);
			assertThat(key.activatesAt()).isEqualTo(this.clock.instant());
			assertThat(key.keyId()).isEqualTo(keys.active().keyId());
		});
		this.clock.advance(Duration.ofMinutes(5));
		source.refresh();
		assertThat(source.current()).isSameAs(keys);
		assertThat(source.current()).isSameAs(keys);
	}

	@Test
	void publishesTheNextKeyAheadSwitchesAtItsInstantAndRemovesTheOldOneAfterRetention() {
		RotatingKeySource source = source(this.store, this.kek);
		source.refresh();
		String first = source.current().active().keyId();
		Instant start = this.clock.instant();
		this.clock.advance(PERIOD.minus(PUBLISH_AHEAD).minus(CHECK).minusSeconds(1));
		source.refresh();
		assertThat(this.store.findAll()).hasSize(1);
		this.clock.advance(Duration.ofSeconds(1));
		source.refresh();
		List<StoredSigningKey> stored = this.store.findAll();
		assertThat(stored).hasSize(2);
		StoredSigningKey next = stored.get(1);
		assertThat(next.generation()).isEqualTo(2);
		assertThat(next.activatesAt()).isEqualTo(start.plus(PERIOD));
		assertThat(Duration.between(next.createdAt(), next.activatesAt())).isEqualTo(PUBLISH_AHEAD.plus(CHECK));
		JwtKeySet published = source.current();
		assertThat(published.active().keyId()).isEqualTo(first);
		assertThat(kids(published)).containsExactly(first, next.keyId());
		// the switch happens on the clock, without reading the store
		this.store.down = true;
		this.clock.advance(PUBLISH_AHEAD.plus(CHECK).minusMillis(1));
		assertThat(source.current()).isSameAs(published);
		this.clock.advance(Duration.ofMillis(1));
		JwtKeySet switched = source.current();
		assertThat(switched).isNotSameAs(published);
		assertThat(switched.active().keyId()).isEqualTo(next.keyId());
		assertThat(kids(switched)).containsExactly(next.keyId(), first);
		// the replaced key stops verifying after the retention, even before the store is
		// read
		this.clock.advance(RETAIN_AFTER.minusMillis(1));
		assertThat(kids(source.current())).contains(first);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(kids(source.current())).containsExactly(next.keyId());
		this.store.down = false;
		source.refresh();
		assertThat(this.store.findAll()).extracting(StoredSigningKey::generation).containsExactly(2L);
	}

	@Test
	void managedKeysDescribeGenerationsTimesAndTheActiveOne() {
		RotatingKeySource source = source(this.store, this.kek);
		source.refresh();
		Instant start = this.clock.instant();
		assertThat(source.managedKeys()).singleElement().satisfies((key) -> {
			assertThat(key.generation()).isEqualTo(1);
			assertThat(key.keyId()).isEqualTo(source.current().active().keyId());
			assertThat(key.algorithm()).isEqualTo("ES256");
			assertThat(key.createdAt()).isEqualTo(start);
			assertThat(key.activatesAt()).isEqualTo(start);
			assertThat(key.retiresAt()).isNull();
			assertThat(key.active()).isTrue();
		});
		this.clock.advance(PERIOD.minus(PUBLISH_AHEAD).minus(CHECK));
		source.refresh();
		Instant published = this.clock.instant();
		assertThat(source.managedKeys())
			.extracting(RotatingKeySource.ManagedKey::generation, RotatingKeySource.ManagedKey::active,
					RotatingKeySource.ManagedKey::createdAt, RotatingKeySource.ManagedKey::activatesAt,
					RotatingKeySource.ManagedKey::retiresAt)
			.containsExactly(tuple(1L, true, start, start, start.plus(PERIOD).plus(RETAIN_AFTER)),
					tuple(2L, false, published, start.plus(PERIOD), null));
		// the switch and the retirement follow the clock, as current() does
		this.clock.advance(PUBLISH_AHEAD.plus(CHECK));
		assertThat(source.managedKeys())
			.extracting(RotatingKeySource.ManagedKey::generation, RotatingKeySource.ManagedKey::active)
			.containsExactly(tuple(1L, false), tuple(2L, true));
		this.clock.advance(RETAIN_AFTER);
		assertThat(source.managedKeys()).extracting(RotatingKeySource.ManagedKey::generation).containsExactly(2L);
		assertThat(source.managedKeys().toString()).doesNotContain(this.store.findAll().get(0).sealedPrivateKey());
	}

	@Test
	void aStoreThatIsDownKeepsTheLastGoodKeys() {
		RotatingKeySource source = source(this.store, this.kek);
		source.refresh();
		JwtKeySet keys = source.current();
		this.store.down = true;
		this.clock.advance(PERIOD);
		assertThat(source.refresh()).isFalse();
		assertThat(source.current()).isSameAs(keys);
		this.store.down = false;
		assertThat(source.refresh()).isTrue();
		assertThat(this.store.findAll()).hasSize(2);
	}

	@Test
	void startFailsWhenNothingCanBeLoaded() {
		this.store.down = true;
		RotatingKeySource source = source(this.store, this.kek);
		assertThatIllegalStateException().isThrownBy(source::start).withMessageContaining("Cannot read");
		assertThat(source.isRunning()).isFalse();
		assertThatIllegalStateException().isThrownBy(source::current);
	}

	@Test
	void aKeyThatDoesNotOpenFailsStartAndIsNeverUsedWhileRunning() {
		RotatingKeySource source = source(this.store, this.kek);
		source.refresh();
		JwtKeySet keys = source.current();
		KeyEncryptionKey otherKek = AesGcmKeyEncryptionKey.of(AesGcmKeyEncryptionKeyTests.randomKey());
		RotatingKeySource wrong = source(this.store, otherKek);
		assertThatIllegalStateException().isThrownBy(wrong::start)
			.withMessageContaining("key-encryption key")
			.withMessageContaining("generation=1");
		// an instance with the wrong key-encryption key adds a key the others cannot open
		this.store.remove(1);
		RotatingKeySource rogue = source(this.store, otherKek);
		rogue.refresh();
		assertThat(source.refresh()).isFalse();
		assertThat(source.current()).isSameAs(keys);
		assertThat(source.current().active().keyId()).isNotEqualTo(rogue.current().active().keyId());
	}

	@Test
	void aRowRescheduledInTheStoreIsNeverUsed() {
		RotatingKeySource source = source(this.store, this.kek);
		source.refresh();
		String first = source.current().active().keyId();
		this.clock.advance(PERIOD.minus(PUBLISH_AHEAD));
		source.refresh();
		StoredSigningKey next = this.store.findAll().get(1);
		// a store writer without the key-encryption key makes the successor sign now,
		// before the other instances publish it
		this.store.remove(next.generation());
		this.store.add(new StoredSigningKey(next.generation(), next.keyId(), next.algorithm(), next.createdAt(),
				this.clock.instant(), next.publicJwk(), next.sealedPrivateKey()));
		assertThat(source.refresh()).isFalse();
		assertThat(source.current().active().keyId()).isEqualTo(first);
		RotatingKeySource fresh = source(this.store, this.kek);
		assertThatIllegalStateException().isThrownBy(fresh::start).withMessageContaining("generation=2");
		assertThatIllegalStateException().isThrownBy(fresh::current);
	}

	@Test
	void twoSourcesRacingOnOneStoreCreateOneKeyPerGeneration() throws Exception {
		for (int round = 0; round < 5; round++) {
			FaultyStore store = new FaultyStore(new InMemorySigningKeyStore());
			// both read the store before either adds: both try to add the same generation
			store.readBarrier = new CyclicBarrier(2);
			RotatingKeySource a = source(store, this.kek);
			RotatingKeySource b = source(store, this.kek);
			ExecutorService threads = Executors.newFixedThreadPool(2);
			try {
				Future<Boolean> first = threads.submit(a::refresh);
				Future<Boolean> second = threads.submit(b::refresh);
				assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
				assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
			}
			finally {
				threads.shutdownNow();
			}
			assertThat(store.attempts.get(1L).get()).isEqualTo(2);
			assertThat(store.added).containsExactly(1L);
			assertThat(a.current().active().keyId()).isEqualTo(b.current().active().keyId());
		}
	}

	@Test
	void aChangedAlgorithmTakesOverAfterPublication() {
		RotatingKeySource source = source(this.store, this.kek);
		source.refresh();
		RotationPolicy edDsa = new RotationPolicy(JWSAlgorithm.EdDSA, PERIOD, PUBLISH_AHEAD, RETAIN_AFTER,
				Duration.ofMinutes(1));
		RotatingKeySource changed = RotatingKeySource.builder(this.store, this.kek, edDsa).clock(this.clock).build();
		changed.refresh();
		assertThat(changed.current().active().algorithm()).isEqualTo(JWSAlgorithm.ES256);
		this.clock.advance(PUBLISH_AHEAD);
		assertThat(changed.current().active().algorithm()).isEqualTo(JWSAlgorithm.EdDSA);
		assertThat(source.current().active().algorithm()).isEqualTo(JWSAlgorithm.ES256);
		source.refresh();
		assertThat(source.current().active().algorithm()).isEqualTo(JWSAlgorithm.EdDSA);
	}

	@Test
	void aStoreThatHangsAcrossASwitchDelaysNeitherSigningNorVerification() throws Exception {
		RotatingKeySource source = source(this.store, this.kek);
		source.refresh();
		String first = source.current().active().keyId();
		this.clock.advance(PERIOD.minus(PUBLISH_AHEAD));
		source.refresh();
		StoredSigningKey next = this.store.findAll().get(1);
		JwtTokenService tokens = JwtTokenService.withKeys(source)
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.build();
		JwtAuthDecoder decoder = JwtAuthDecoder
			.withKeys(source, new RevocationValidator(new RevocationRegistry(this.clock)))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.cacheSize(100)
			.build();
		String old = tokens.issue("alice", List.of(), null).tokenValue();
		assertThat(decoder.decode(old).getSubject()).isEqualTo("alice");
		// the store hangs (a partition, a stuck KMS) while a check runs, and the switch
		// instant passes meanwhile
		CountDownLatch release = new CountDownLatch(1);
		this.store.readGate = release;
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<Boolean> refresh = threads.submit(source::refresh);
			assertThat(this.store.readEntered.await(30, TimeUnit.SECONDS)).as("the check is reading the store")
				.isTrue();
			this.clock.advance(PUBLISH_AHEAD);
			// bounded waits: liveness bounds, not timings (the store stays hung
			// throughout)
			JwtKeySet switched = threads.submit(source::current).get(5, TimeUnit.SECONDS);
			assertThat(switched.active().keyId()).isEqualTo(next.keyId());
			assertThat(kids(switched)).containsExactly(next.keyId(), first);
			String fresh = threads.submit(() -> tokens.issue("bob", List.of(), null).tokenValue())
				.get(5, TimeUnit.SECONDS);
			assertThat(SignedJWT.parse(fresh).getHeader().getKeyID()).isEqualTo(next.keyId());
			assertThat(threads.submit(() -> decoder.decode(old).getSubject()).get(5, TimeUnit.SECONDS))
				.isEqualTo("alice");
			assertThat(threads.submit(() -> decoder.decode(fresh).getSubject()).get(5, TimeUnit.SECONDS))
				.isEqualTo("bob");
			assertThat(refresh).isNotDone();
			release.countDown();
			assertThat(refresh.get(30, TimeUnit.SECONDS)).isTrue();
			assertThat(source.current().active().keyId()).isEqualTo(next.keyId());
		}
		finally {
			release.countDown();
			threads.shutdownNow();
		}
	}

	@Test
	void startAndStop() {
		RotatingKeySource source = source(this.store, this.kek);
		source.start();
		assertThat(source.isRunning()).isTrue();
		assertThat(source.current().active()).isNotNull();
		source.stop();
		assertThat(source.isRunning()).isFalse();
		assertThat(source.current().active()).isNotNull();
	}

	static List<String> kids(JwtKeySet keys) {
		return keys.verificationKeys().stream().map((key) -> key.keyId()).toList();
	}

	static List<String> published(JwtKeySet keys) {
		return keys.publicJwkSet().getKeys().stream().map(JWK::getKeyID).toList();
	}

	/**
	 * A real store with a switch that makes it fail like a store that is down, and a
	 * count of successful adds per generation.
	 */
	static final class FaultyStore implements SigningKeyStore {

		private final SigningKeyStore delegate;

		volatile boolean down;

		volatile CyclicBarrier readBarrier;

		volatile CountDownLatch readGate;

		final CountDownLatch readEntered = new CountDownLatch(1);

		final AtomicInteger barrierReads = new AtomicInteger();

		final Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();

		final List<Long> added = java.util.Collections.synchronizedList(new ArrayList<>());

		FaultyStore(SigningKeyStore delegate) {
			this.delegate = delegate;
		}

		private void check() {
			if (this.down) {
				throw new IllegalStateException("store is down");
			}
		}

		@Override
		public List<StoredSigningKey> findAll() {
			check();
			CountDownLatch gate = this.readGate;
			if (gate != null) {
				this.readEntered.countDown();
				try {
					gate.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
			List<StoredSigningKey> all = this.delegate.findAll();
			CyclicBarrier barrier = this.readBarrier;
			if (barrier != null && this.barrierReads.incrementAndGet() <= barrier.getParties()) {
				try {
					barrier.await(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
			return all;
		}

		@Override
		public boolean add(StoredSigningKey key) {
			check();
			this.attempts.computeIfAbsent(key.generation(), (g) -> new AtomicInteger()).incrementAndGet();
			boolean added = this.delegate.add(key);
			if (added) {
				this.added.add(key.generation());
			}
			return added;
		}

		@Override
		public void remove(long generation) {
			check();
			this.delegate.remove(generation);
		}

	}

}
