package io.github.jwtauth.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokens;
import io.github.jwtauth.refresh.RotationResult;
import io.github.jwtauth.refresh.RotationResult.Status;
import io.github.jwtauth.test.redis.RedisCluster;
import io.github.jwtauth.test.redis.RequiresRedisCluster;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A master of a live Redis Cluster killed ({@code SIGKILL}) while refresh tokens of
 * families in its slots are rotated, one chain per family and in races of many rotations
 * of one token: no rotation that was reported done is lost (the token it handed out still
 * works once the cluster has recovered), and of the racing rotations of one token at most
 * one is reported done; the others are refused or fail with a {@link DataAccessException}
 * (503 at the endpoint).
 */
@RequiresRedisCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterFailoverTests {

	private static final Duration IDLE = Duration.ofHours(1);

	private static final int RACERS = 8;

	private final String prefix = "jwt-auth-cluster-failover-" + UUID.randomUUID();

	private RedisCluster cluster;

	private LettuceConnectionFactory redis;

	private RedisRefreshTokenStore store;

	@BeforeAll
	void start() {
		// a cluster of its own: this test kills one of its nodes
		this.cluster = RedisCluster.start();
		this.redis = RedisConnections.cluster(this.cluster);
		this.store = new RedisRefreshTokenStore(new StringRedisTemplate(this.redis), this.prefix,
				ReplicaAcknowledgement.of(1, Duration.ofSeconds(1)));
	}

	@AfterAll
	void stop() {
		if (this.redis != null) {
			this.redis.destroy();
		}
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	void noRotationReportedDoneIsLostAndNoTokenHasTwoWinners() throws Exception {
		this.cluster.awaitHealthy(Duration.ofSeconds(60));
		int victim = this.cluster.masterOf(familySlotKey(UUID.randomUUID().toString()));
		List<Chain> chains = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			chains.add(new Chain(newFamily(familyOn(victim, true))));
		}
		for (int i = 0; i < 3; i++) {
			chains.add(new Chain(newFamily(familyOn(victim, false))));
		}
		List<Race> races = new CopyOnWriteArrayList<>();
		List<Throwable> unexpected = new CopyOnWriteArrayList<>();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService pool = Executors.newCachedThreadPool();
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (Chain chain : chains) {
				workers.add(pool.submit(() -> chain.run(running, unexpected)));
			}
			// the racing tokens exist before the crash, so races run during it too
			List<RefreshTokenRecord> racingFamilies = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				racingFamilies.add(newFamily(familyOn(victim, true)));
			}
			workers.add(pool.submit(() -> race(racingFamilies, running, races, unexpected)));
			awaitProgress(chains, 3);
			int slot = this.cluster.slot(familySlotKey(chains.get(0).familyId));
			// the crash: no shutdown, nothing flushed or handed over
			this.cluster.kill(victim);
			int successor = this.cluster.awaitFailover(slot, victim, Duration.ofSeconds(60));
			assertThat(successor).isNotEqualTo(victim);
			// the killed node comes back as a replica of its successor, so writes in its
			// slots can be acknowledged again
			this.cluster.restart(victim);
			this.cluster.awaitHealthy(Duration.ofSeconds(60));
			chains.forEach(Chain::markRecovery);
			awaitProgress(chains, 2);
			running.set(false);
			for (Future<?> worker : workers) {
				worker.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			running.set(false);
			pool.shutdownNow();
		}
		assertThat(unexpected).isEmpty();
		// no second winner
		assertThat(races).isNotEmpty();
		for (Race race : races) {
			assertThat(race.rotated.get()).as("rotations of one token reported done").isLessThanOrEqualTo(1);
			if (race.unavailable.get() == 0) {
				assertThat(race.rotated.get()).as("a race without a store failure has its winner").isEqualTo(1);
			}
		}
		assertThat(races).anySatisfy((race) -> assertThat(race.unavailable.get()).isPositive());
		// no token lost: every chain's last token reported done works, once
		for (Chain chain : chains) {
			assertThat(chain.lost).as("a token reported done was refused later").isEmpty();
			if (chain.endedByReuse == null) {
				RotationResult result = this.store.rotate(chain.current.tokenHash(), nextHash(chain.familyId),
						Instant.now(), IDLE);
				assertThat(result.status()).isEqualTo(Status.ROTATED);
				assertThat(this.store.rotate(chain.current.tokenHash(), nextHash(chain.familyId), Instant.now(), IDLE)
					.status()).isEqualTo(Status.REUSED);
			}
		}
		// the chains in the killed master's slots saw it fail, and recovered
		assertThat(chains.subList(0, 6)).anySatisfy((chain) -> assertThat(chain.unavailable.get()).isPositive());
	}

	@Test
	void aRotationNoReplicaHasIsNeverReportedDone() {
		this.cluster.awaitHealthy(Duration.ofSeconds(60));
		String familyId = UUID.randomUUID().toString();
		int master = this.cluster.masterOf(familySlotKey(familyId));
		String otherId = familyOn(master, true);
		int slot = this.cluster.slot(familySlotKey(familyId));
		int replica = this.cluster.replicaOf(master);
		RedisRefreshTokenStore unacknowledged = new RedisRefreshTokenStore(new StringRedisTemplate(this.redis),
				this.prefix, ReplicaAcknowledgement.none());
		RefreshTokenRecord acknowledgedToken = newFamily(familyId);
		RefreshTokenRecord unacknowledgedToken = newFamily(otherId);
		// the replica hangs, and its master soon gives up on it: the master's writes from
		// then on reach no replica
		this.cluster.command(master, "CONFIG", "SET", "repl-timeout", "1");
		this.cluster.pause(replica);
		try {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> String.valueOf(this.cluster.command(master, "INFO", "replication"))
					.contains("connected_slaves:0"));
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(
					() -> this.store.rotate(acknowledgedToken.tokenHash(), nextHash(familyId), Instant.now(), IDLE));
			RotationResult reportedDone = unacknowledged.rotate(unacknowledgedToken.tokenHash(), nextHash(otherId),
					Instant.now(), IDLE);
			assertThat(reportedDone.status()).isEqualTo(Status.ROTATED);
			// the master crashes; the replica wakes up and takes over without those
			// writes
			this.cluster.kill(master);
		}
		finally {
			this.cluster.resume(replica);
		}
		assertThat(this.cluster.awaitFailover(slot, master, Duration.ofSeconds(60))).isEqualTo(replica);
		// acknowledged: the client that got 503 retries with its token, which still works
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(
					unacknowledged.rotate(acknowledgedToken.tokenHash(), nextHash(familyId), Instant.now(), IDLE)
						.status())
				.isEqualTo(Status.ROTATED));
		// unacknowledged: the rotation reported done is gone, and the spent token wins
		// again
		RotationResult lost = unacknowledged.rotate(unacknowledgedToken.tokenHash(), nextHash(otherId), Instant.now(),
				IDLE);
		assertThat(lost.status()).isEqualTo(Status.ROTATED);
		this.cluster.restart(master);
		this.cluster.awaitHealthy(Duration.ofSeconds(60));
	}

	private void awaitProgress(List<Chain> chains, int rotations) {
		try {
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> chains.stream()
					.allMatch((chain) -> chain.endedByReuse != null || !chain.lost.isEmpty()
							|| chain.rotationsSinceMark.get() >= rotations));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("No progress: " + chains, ex);
		}
	}

	private void race(List<RefreshTokenRecord> tokens, AtomicBoolean running, List<Race> races,
			List<Throwable> unexpected) {
		ExecutorService racers = Executors.newFixedThreadPool(RACERS);
		try {
			for (int next = 0; running.get() && next < tokens.size(); next++) {
				RefreshTokenRecord token = tokens.get(next);
				Thread.sleep(10);
				Race race = new Race();
				CountDownLatch go = new CountDownLatch(1);
				List<Future<?>> attempts = new ArrayList<>();
				for (int i = 0; i < RACERS; i++) {
					attempts.add(racers.submit(() -> {
						go.await();
						try {
							Status status = this.store
								.rotate(token.tokenHash(), nextHash(token.familyId()), Instant.now(), IDLE)
								.status();
							if (status == Status.ROTATED) {
								race.rotated.incrementAndGet();
							}
							else if (status != Status.REUSED && status != Status.REVOKED) {
								unexpected.add(new AssertionError("a racing rotation answered " + status));
							}
						}
						catch (DataAccessException ex) {
							race.unavailable.incrementAndGet();
						}
						return null;
					}));
				}
				go.countDown();
				for (Future<?> attempt : attempts) {
					attempt.get(60, TimeUnit.SECONDS);
				}
				races.add(race);
			}
		}
		catch (Exception ex) {
			unexpected.add(ex);
		}
		finally {
			racers.shutdownNow();
		}
	}

	private RefreshTokenRecord newFamily(String familyId) {
		Instant now = Instant.now();
		RefreshTokenRecord record = new RefreshTokenRecord(RefreshTokens.hash(RefreshTokens.generate(familyId)),
				familyId, "user-" + familyId, now, now.plus(IDLE), now.plus(Duration.ofHours(3)));
		this.store.create(record, 10);
		return record;
	}

	/**
	 * A family ID whose slot is (or is not) served by a given master.
	 */
	private String familyOn(int master, boolean on) {
		while (true) {
			String familyId = UUID.randomUUID().toString();
			if ((this.cluster.masterOf(familySlotKey(familyId)) == master) == on) {
				return familyId;
			}
		}
	}

	private String familySlotKey(String familyId) {
		return "{" + this.prefix + ":f:" + RefreshTokens.familyTag(familyId) + "}";
	}

	private static String nextHash(String familyId) {
		return RefreshTokens.hash(RefreshTokens.generate(familyId));
	}

	/**
	 * A client refreshing one session over and over; after a store failure it retries
	 * with the token it holds, as a client that got 503 does.
	 */
	private final class Chain {

		private final String familyId;

		private volatile RefreshTokenRecord current;

		private final AtomicInteger rotationsSinceMark = new AtomicInteger();

		private final AtomicInteger unavailable = new AtomicInteger();

		private final Map<String, Status> lost = new ConcurrentHashMap<>();

		private volatile Status endedByReuse;

		private volatile boolean failedSinceLastSuccess;

		private volatile String lastFailure;

		@Override
		public String toString() {
			return "Chain[rotations=" + this.rotationsSinceMark + ", unavailable=" + this.unavailable + ", lost="
					+ this.lost + ", reuse=" + this.endedByReuse + ", last failure=" + this.lastFailure + "]";
		}

		Chain(RefreshTokenRecord first) {
			this.familyId = first.familyId();
			this.current = first;
		}

		void markRecovery() {
			this.rotationsSinceMark.set(0);
		}

		Void run(AtomicBoolean running, List<Throwable> unexpected) throws InterruptedException {
			while (running.get() && this.endedByReuse == null) {
				try {
					RotationResult result = RedisClusterFailoverTests.this.store.rotate(this.current.tokenHash(),
							nextHash(this.familyId), Instant.now(), IDLE);
					if (result.status() == Status.ROTATED) {
						this.current = result.next();
						this.failedSinceLastSuccess = false;
						this.rotationsSinceMark.incrementAndGet();
					}
					else if (this.failedSinceLastSuccess
							&& (result.status() == Status.REUSED || result.status() == Status.REVOKED)) {
						// a rotation that failed (503) had happened after all: the retry
						// with the old token is a reuse, and the family ends (RFC 9700);
						// if that retry failed too, the next finds the family revoked
						this.endedByReuse = result.status();
					}
					else {
						this.lost.put(this.current.tokenHash(), result.status());
						return null;
					}
				}
				catch (DataAccessException ex) {
					this.lastFailure = ex.getMessage();
					this.unavailable.incrementAndGet();
					this.failedSinceLastSuccess = true;
					Thread.sleep(20);
				}
				catch (RuntimeException ex) {
					unexpected.add(ex);
					return null;
				}
			}
			return null;
		}

	}

	/**
	 * The outcomes of racing rotations of one token.
	 */
	private static final class Race {

		private final AtomicInteger rotated = new AtomicInteger();

		private final AtomicInteger unavailable = new AtomicInteger();

	}

}
