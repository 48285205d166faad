package io.github.jwtauth.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.keys.rotation.SigningKeyStore;
import io.github.jwtauth.keys.rotation.StoredSigningKey;
import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.refresh.RotationResult.Status;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.LoginSession;
import io.github.jwtauth.test.store.AttemptStoreContractTests;
import io.github.jwtauth.test.store.DPoPProofReplayStoreContractTests;
import io.github.jwtauth.test.store.RefreshTokenStoreContractTests;
import io.github.jwtauth.test.store.RevocationStoreContractTests;
import io.github.jwtauth.test.store.SigningKeyStoreContractTests;
import io.github.jwtauth.throttle.AttemptStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store contracts against a real Redis, under a key prefix of the test's own: a
 * single server ({@link StandaloneRedisStoreContractTests}) or a Redis Cluster
 * ({@link ClusterRedisStoreContractTests}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRedisStoreContractTests {

	private LettuceConnectionFactory redis;

	private final List<LettuceConnectionFactory> otherConnections = new CopyOnWriteArrayList<>();

	/**
	 * A new connection factory, started.
	 * @return the factory
	 */
	protected abstract LettuceConnectionFactory newConnectionFactory();

	/**
	 * The key prefix of the test.
	 * @return the prefix
	 */
	protected abstract String prefix();

	/**
	 * The replicas that must acknowledge the stores' writes.
	 * @return the acknowledgement
	 */
	protected abstract ReplicaAcknowledgement acknowledgement();

	synchronized LettuceConnectionFactory redis() {
		if (this.redis == null) {
			this.redis = newConnectionFactory();
		}
		return this.redis;
	}

	StringRedisTemplate template() {
		return new StringRedisTemplate(redis());
	}

	Set<String> keys() {
		return template().keys("*" + prefix() + "*");
	}

	@AfterAll
	void close() {
		if (this.redis != null) {
			Set<String> keys = keys();
			if (keys != null) {
				keys.forEach((key) -> template().delete(key));
			}
			this.redis.destroy();
		}
		this.otherConnections.forEach(LettuceConnectionFactory::destroy);
	}

	/**
	 * The refresh-token contract; a subclass declares a {@code @Nested} class extending
	 * it.
	 */
	abstract class RefreshTokensContract extends RefreshTokenStoreContractTests {

		@Override
		protected RefreshTokenStore store() {
			return new RedisRefreshTokenStore(template(), prefix(), acknowledgement());
		}

		@Override
		protected boolean purgesItself() {
			return true;
		}

		/**
		 * Unlike the JDBC store (whose logins of one user on two instances at the same
		 * instant may each miss the other's uncommitted family), the Redis store keeps
		 * the bound under concurrency: the bound is applied in one script in the user's
		 * slot.
		 */
		@Test
		void concurrentLoginsOfOneSubjectKeepItsBound() throws Exception {
			String subject = "concurrent-" + UUID.randomUUID();
			int logins = 24;
			int bound = 3;
			ExecutorService pool = Executors.newFixedThreadPool(8);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Created>> results = new ArrayList<>();
				for (int i = 0; i < logins; i++) {
					Instant issuedAt = this.now.plusMillis(i);
					results.add(pool.submit(() -> {
						start.await();
						return newFamily(subject, issuedAt, bound);
					}));
				}
				start.countDown();
				List<Created> created = new ArrayList<>();
				for (Future<Created> result : results) {
					created.add(result.get(60, TimeUnit.SECONDS));
				}
				long live = created.stream().filter((c) -> store().find(c.record().tokenHash()).isPresent()).count();
				long ended = created.stream().mapToLong((c) -> c.ended().size()).sum();
				assertThat(live).isEqualTo(bound);
				assertThat(ended).isEqualTo(logins - bound);
			}
			finally {
				pool.shutdownNow();
			}
		}

		@Test
		void clientDetailsAreKeptInTheFamilysHashAndDeletedWhenItIsRevoked() {
			String subject = newSubject();
			RefreshTokenRecord token = newFamily(subject, this.now, null, new ClientDetails("agent", "198.51.100.1"));
			String family = new RedisKeys(prefix()).family(token.familyId());
			assertThat(template().<String, String>opsForHash().entries(family)).containsEntry("ua", "agent")
				.containsEntry("addr", "198.51.100.1")
				.containsEntry("created", Long.toString(this.now.toEpochMilli()))
				.containsEntry("used", Long.toString(this.now.toEpochMilli()))
				.containsEntry("last", Long.toString(token.expiresAt().toEpochMilli()));
			// the key expires at the family's end (a second's leeway for the clocks)
			long untilEnd = Duration.between(Instant.now().minusSeconds(1), token.familyExpiresAt()).toMillis();
			assertThat(template().getExpire(family, TimeUnit.MILLISECONDS)).isPositive().isLessThanOrEqualTo(untilEnd);
			assertThat(store().revokeSession(token.familyId())).isTrue();
			// the revoked family stays, for reuse detection, without the personal data
			assertThat(template().<String, String>opsForHash().entries(family)).containsEntry("revoked", "1")
				.doesNotContainKeys("ua", "addr");
		}

		@Test
		void aReusedFamilyKeepsNoClientDetails() {
			RefreshTokenRecord token = newFamily(newSubject(), this.now, null, new ClientDetails("agent", "192.0.2.1"));
			String family = new RedisKeys(prefix()).family(token.familyId());
			assertThat(store().rotate(token.tokenHash(), nextHash(token), this.now, IDLE).status())
				.isEqualTo(Status.ROTATED);
			assertThat(store().rotate(token.tokenHash(), nextHash(token), this.now, IDLE).status())
				.isEqualTo(Status.REUSED);
			assertThat(template().<String, String>opsForHash().entries(family)).containsEntry("revoked", "1")
				.doesNotContainKeys("ua", "addr");
		}

		@Test
		void aFamilyOfAnEarlierVersionIsListedWithItsLoginTimeAndItsEnd() {
			String subject = newSubject();
			Instant loggedIn = this.now.minusSeconds(10);
			RefreshTokenRecord token = newFamily(subject, loggedIn, null, ClientDetails.NONE);
			String family = new RedisKeys(prefix()).family(token.familyId());
			template().opsForHash().delete(family, "created", "used", "last");
			LoginSession session = new LoginSession(token.familyId(), subject, loggedIn, loggedIn,
					token.familyExpiresAt(), false, ClientDetails.NONE);
			assertThat(store().findSessions(subject, this.now)).containsExactly(session);
			assertThat(store().findSession(token.familyId(), this.now)).contains(session);
			// its first rotation by this version records the use and the new token's
			// expiry
			Instant later = this.now.plusSeconds(20);
			ClientDetails client = new ClientDetails("agent", "2001:db8::7");
			assertThat(store().rotate(token.tokenHash(), nextHash(token), later, IDLE, client).status())
				.isEqualTo(Status.ROTATED);
			assertThat(store().findSession(token.familyId(), later)).contains(
					new LoginSession(token.familyId(), subject, loggedIn, later, later.plus(IDLE), false, client));
		}

		@Test
		void aFamilyOfAnEarlierVersionMissingFromTheIndexIsFoundWithAnUnknownCreation() {
			String subject = newSubject();
			RefreshTokenRecord token = newFamily(subject, this.now, newJkt(), ClientDetails.NONE);
			RedisKeys keys = new RedisKeys(prefix());
			template().opsForHash().delete(keys.family(token.familyId()), "created", "used", "last");
			template().opsForZSet().remove(keys.sessions(subject), token.familyId());
			LoginSession session = store().findSession(token.familyId(), this.now).orElseThrow();
			assertThat(session.createdAt()).isEqualTo(Instant.EPOCH);
			assertThat(session.lastUsedAt()).isEqualTo(Instant.EPOCH);
			assertThat(session.expiresAt()).isEqualTo(token.familyExpiresAt());
			assertThat(session.dpopBound()).isTrue();
			assertThat(store().findSessions(subject, this.now)).containsExactly(session);
		}

		@Test
		void everyKeyExpiresWithItsFamily() {
			newFamily("ttl-check");
			Set<String> keys = keys();
			assertThat(keys).isNotEmpty();
			for (String key : keys) {
				Long ttl = template().getExpire(key, TimeUnit.MILLISECONDS);
				assertThat(ttl).as(key).isPositive();
			}
		}

	}

	/**
	 * The revocation contract; a subclass declares a {@code @Nested} class extending it.
	 */
	abstract class RevocationsContract extends RevocationStoreContractTests {

		@Override
		protected RevocationStore store() {
			return new RedisRevocationStore(template(), redis(), prefix(), acknowledgement());
		}

		@Test
		void revocationsArePushedToSubscribers() throws Exception {
			BlockingQueue<RevocationEntry> received = new LinkedBlockingQueue<>();
			RevocationStore store = store();
			try (AutoCloseable subscription = store.subscribe(received::add)) {
				RevocationEntry entry = entry(Kind.SESSION, Duration.ofMinutes(5));
				// the subscription connects asynchronously: publish until it is heard
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
					store.add(entry);
					return entry.equals(received.poll(50, TimeUnit.MILLISECONDS));
				});
			}
		}

	}

	/**
	 * The failed-attempt contract; a subclass declares a {@code @Nested} class extending
	 * it.
	 */
	abstract class AttemptsContract extends AttemptStoreContractTests {

		@Override
		protected AttemptStore store() {
			return new RedisAttemptStore(template(), prefix());
		}

		@Override
		protected AttemptStore secondInstance() {
			LettuceConnectionFactory other = newConnectionFactory();
			AbstractRedisStoreContractTests.this.otherConnections.add(other);
			return new RedisAttemptStore(new StringRedisTemplate(other), prefix());
		}

		@Override
		protected boolean purgesItself() {
			return true;
		}

		@Test
		void keysExpireByThemselves() {
			String key = newKey();
			store().recordFailure(key, this.now, RETENTION);
			Long ttl = template().getExpire(prefix() + ":attempt:" + key, TimeUnit.MILLISECONDS);
			assertThat(ttl).isPositive().isLessThanOrEqualTo(RETENTION.toMillis());
		}

	}

	/**
	 * The signing-key contract; a subclass declares a {@code @Nested} class extending it.
	 */
	abstract class SigningKeysContract extends SigningKeyStoreContractTests {

		@Override
		protected SigningKeyStore store() {
			return new RedisSigningKeyStore(template(), prefix(), acknowledgement());
		}

		@Override
		protected SigningKeyStore secondInstance() {
			LettuceConnectionFactory other = newConnectionFactory();
			AbstractRedisStoreContractTests.this.otherConnections.add(other);
			return new RedisSigningKeyStore(new StringRedisTemplate(other), prefix(), acknowledgement());
		}

		@Test
		void keysAreFieldsOfOneHashWithoutExpiry() {
			StoredSigningKey key = key(this.generation);
			store().add(key);
			String hash = prefix() + ":signing-keys";
			assertThat(template().type(hash)).hasToString("HASH");
			assertThat(template().getExpire(hash)).isEqualTo(-1);
			Object value = template().opsForHash().get(hash, Long.toString(this.generation));
			assertThat(value).isInstanceOf(String.class);
			assertThat(RedisSigningKeyStore.decode(Long.toString(this.generation), (String) value)).isEqualTo(key);
			assertThat((String) value).contains("\"kid\":\"" + key.keyId() + "\"")
				.contains("\"createdAt\":" + key.createdAt().toEpochMilli());
		}

	}

	/**
	 * The DPoP proof replay contract; a subclass declares a {@code @Nested} class
	 * extending it. Keys expire by the server's clock: the tests that let time pass wait.
	 */
	abstract class DPoPProofsContract extends DPoPProofReplayStoreContractTests {

		@Override
		protected DPoPProofReplayStore store() {
			return new RedisDPoPProofReplayStore(template(), prefix(), this.clock, acknowledgement());
		}

		@Override
		protected DPoPProofReplayStore secondInstance() {
			LettuceConnectionFactory other = newConnectionFactory();
			AbstractRedisStoreContractTests.this.otherConnections.add(other);
			return new RedisDPoPProofReplayStore(new StringRedisTemplate(other), prefix(), this.clock,
					acknowledgement());
		}

		@Override
		protected void letTimePass(Duration duration) {
			super.letTimePass(duration);
			try {
				Thread.sleep(duration.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		@Test
		void aProofIsOneKeyThatExpiresWithTheProof() {
			String proofKey = newKey();
			assertThat(store().markUsed(proofKey, expiresIn(LIFETIME))).isTrue();
			String key = prefix() + ":dpop:" + proofKey;
			assertThat(template().opsForValue().get(key)).isEqualTo("1");
			Long ttl = template().getExpire(key, TimeUnit.MILLISECONDS);
			assertThat(ttl).isPositive().isLessThanOrEqualTo(LIFETIME.toMillis());
		}

		@Test
		void aProofAlreadyExpiredIsForgottenAtOnce() throws Exception {
			String proofKey = newKey();
			assertThat(store().markUsed(proofKey, this.clock.instant().minusSeconds(1))).isTrue();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> template().hasKey(prefix() + ":dpop:" + proofKey), (present) -> !present);
			assertThat(store().markUsed(proofKey, expiresIn(LIFETIME))).isTrue();
		}

	}

}
