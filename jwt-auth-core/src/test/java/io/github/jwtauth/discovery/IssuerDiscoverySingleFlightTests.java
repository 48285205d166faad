package io.github.jwtauth.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fetch in flight, made outside any lock: while it runs, other callers wait for its
 * outcome interruptibly and at most the bound, never parked on a monitor for the whole
 * network call.
 */
class IssuerDiscoverySingleFlightTests {

	private static final String ISSUER = "https://issuer.example";

	private static final IssuerMetadata METADATA = new IssuerMetadata(ISSUER, URI.create("https://issuer.example/jwks"),
			null, URI.create(ISSUER + RemoteIssuerMetadata.OAUTH_WELL_KNOWN));

	private final CountDownLatch inFetch = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger fetches = new AtomicInteger();

	private final AtomicReference<RuntimeException> outcome = new AtomicReference<>();

	private final IssuerMetadataSource stalled = () -> {
		this.fetches.incrementAndGet();
		this.inFetch.countDown();
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		RuntimeException failure = this.outcome.get();
		if (failure != null) {
			throw failure;
		}
		return METADATA;
	};

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void releaseTheFetch() {
		this.release.countDown();
		this.executor.shutdownNow();
	}

	@Test
	void aSecondCallerGivesUpAfterTheBoundWhileTheFirstStillFetches() throws Exception {
		IssuerDiscovery discovery = IssuerDiscovery.withSource(this.stalled, ISSUER)
			.maxWait(Duration.ofMillis(50))
			.build();
		CompletableFuture<IssuerMetadata> first = CompletableFuture.supplyAsync(discovery::metadata, this.executor);
		assertThat(this.inFetch.await(30, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> {
			try {
				return discovery.metadata();
			}
			catch (IssuerMetadataException ex) {
				return ex;
			}
		}, this.executor);
		// the first fetch is still held on its latch: with the monitor held for the whole
		// fetch, the second caller could not come back before it ends
		Object answer = second.get(30, TimeUnit.SECONDS);
		assertThat(first).isNotDone();
		assertThat(answer).isInstanceOf(IssuerMetadataException.class);
		assertThat(((IssuerMetadataException) answer).getMessage()).contains("still being fetched");
		this.release.countDown();
		assertThat(first.get(30, TimeUnit.SECONDS)).isSameAs(METADATA);
		assertThat(discovery.metadata()).isSameAs(METADATA);
		assertThat(this.fetches).hasValue(1);
	}

	@Test
	void waitersShareTheOneFetchAndAreNeverBlockedOnAMonitor() throws Exception {
		IssuerDiscovery discovery = IssuerDiscovery.withSource(this.stalled, ISSUER)
			.maxWait(Duration.ofMinutes(5))
			.build();
		CompletableFuture<IssuerMetadata> first = CompletableFuture.supplyAsync(discovery::metadata, this.executor);
		assertThat(this.inFetch.await(30, TimeUnit.SECONDS)).isTrue();
		AtomicReference<Object> answer = new AtomicReference<>();
		Thread second = new Thread(() -> answer.set(discovery.metadata()));
		second.start();
		awaitTimedWaiting(second);
		this.release.countDown();
		second.join(30_000);
		assertThat(second.isAlive()).isFalse();
		assertThat(answer.get()).isSameAs(METADATA);
		assertThat(first.get(30, TimeUnit.SECONDS)).isSameAs(METADATA);
		assertThat(this.fetches).hasValue(1);
	}

	@Test
	void aWaiterCanBeInterrupted() throws Exception {
		IssuerDiscovery discovery = IssuerDiscovery.withSource(this.stalled, ISSUER)
			.maxWait(Duration.ofMinutes(5))
			.build();
		CompletableFuture.supplyAsync(discovery::metadata, this.executor);
		assertThat(this.inFetch.await(30, TimeUnit.SECONDS)).isTrue();
		AtomicReference<Object> answer = new AtomicReference<>();
		AtomicReference<Boolean> interrupted = new AtomicReference<>();
		Thread second = new Thread(() -> {
			try {
				answer.set(discovery.metadata());
			}
			catch (IssuerMetadataException ex) {
				answer.set(ex);
			}
			interrupted.set(Thread.currentThread().isInterrupted());
		});
		second.start();
		awaitTimedWaiting(second);
		second.interrupt();
		second.join(30_000);
		assertThat(second.isAlive()).isFalse();
		assertThat(answer.get()).isInstanceOf(IssuerMetadataException.class);
		assertThat(interrupted.get()).isTrue();
		assertThat(this.fetches).hasValue(1);
	}

	@Test
	void waitersGetTheSharedFailureAndTheBackOffStillHolds() throws Exception {
		this.outcome.set(new IssuerMetadataException("issuer metadata unreachable (ConnectException)", false));
		IssuerDiscovery discovery = IssuerDiscovery.withSource(this.stalled, ISSUER)
			.maxWait(Duration.ofMinutes(5))
			.minRetryInterval(Duration.ofHours(1))
			.build();
		CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> outcomeOf(discovery), this.executor);
		assertThat(this.inFetch.await(30, TimeUnit.SECONDS)).isTrue();
		AtomicReference<Object> answer = new AtomicReference<>();
		Thread second = new Thread(() -> answer.set(outcomeOf(discovery)));
		second.start();
		awaitTimedWaiting(second);
		this.release.countDown();
		second.join(30_000);
		assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOf(IssuerMetadataException.class);
		assertThat(answer.get()).isInstanceOf(IssuerMetadataException.class);
		assertThat(((IssuerMetadataException) answer.get()).getMessage()).contains("unreachable");
		// within the back-off: the last failure at once, no second fetch
		assertThat(outcomeOf(discovery)).isInstanceOf(IssuerMetadataException.class);
		assertThat(this.fetches).hasValue(1);
		assertThat(discovery.getFailure()).contains("unreachable");
	}

	// parked in a timed wait for the fetch's outcome: not BLOCKED on a monitor, not
	// WAITING on a lock, not gone
	private static void awaitTimedWaiting(Thread thread) {
		Thread.State state = thread.getState();
		while (state != Thread.State.TIMED_WAITING) {
			assertThat(state).isNotIn(Thread.State.BLOCKED, Thread.State.TERMINATED);
			Thread.onSpinWait();
			state = thread.getState();
		}
	}

	private static Object outcomeOf(IssuerDiscovery discovery) {
		try {
			return discovery.metadata();
		}
		catch (IssuerMetadataException ex) {
			return ex;
		}
	}

}
