package io.github.jwtauth.keys.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.keys.KeyAlgorithms;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Another issuer's keys, fetched from a {@link JwkSetSource} and cached:
 * <ul>
 * <li>a set is kept for the {@code max-age} its answer declares, bounded by a floor
 * ({@link Builder#minLifetime}, 30 s by default) and a ceiling
 * ({@link Builder#maxLifetime}, one day); {@code no-cache} and {@code no-store} mean the
 * floor, no {@code Cache-Control} the default lifetime (5 minutes);</li>
 * <li>in the last tenth of that lifetime a request starts a refresh in the background and
 * goes on with the cached keys (refresh-ahead), so requests rarely wait; a request after
 * the lifetime waits for a fresh set (one fetch, which concurrent requests share);</li>
 * <li>a token with an unknown key ID makes it fetch again at once, but at most once per
 * {@link Builder#refreshMinInterval} (30 s by default) since the last fetch started:
 * tokens with made-up key IDs cannot make it hammer the issuer; concurrent misses share
 * one fetch;</li>
 * <li>when a fetch fails (no answer in time, an HTTP error, a body that is no JWK Set or
 * holds no key) the last good set stays in use for at most {@link Builder#maxStale} (one
 * day by default) after it was fetched, and the fetch is tried again in the background at
 * most once per refresh interval; beyond that, and before the first success,
 * {@link #keys()} throws {@link JwkSetUnavailableException} (tokens are refused, never
 * accepted unchecked), and the next success recovers by itself;</li>
 * <li>a source that does not know yet where the set is
 * ({@link JwkSetNotLocatedException}, an issuer's metadata not discovered yet) fetched
 * nothing: tokens are refused, but the next need asks the source again without waiting
 * the refresh interval, as the source bounds its own attempts.</li>
 * </ul>
 * Keeping the last good set longer only delays the removal of a key while the issuer
 * cannot be reached: keys are added and removed by the issuer only, and a removed key
 * disappears with the first successful fetch.
 */
public final class JwkSetCache {

	private static final Log logger = LogFactory.getLog(JwkSetCache.class);

	private final JwkSetSource source;

	private final Set<JWSAlgorithm> accepted;

	private final Clock clock;

	private final Duration refreshMinInterval;

	private final Duration minLifetime;

	private final Duration maxLifetime;

	private final Duration defaultLifetime;

	private final Duration maxStale;

	private final Executor executor;

	private volatile @Nullable Snapshot current;

	private @Nullable CompletableFuture<Snapshot> inflight;

	private volatile @Nullable Instant lastAttempt;

	private volatile Instant retryAfter = Instant.MIN;

	private volatile @Nullable String failure;

	private volatile boolean staleLogged;

	private volatile boolean warned;

	private JwkSetCache(Builder builder) {
		this.source = builder.source;
		this.accepted = Set.copyOf(builder.accepted);
		this.clock = builder.clock;
		this.refreshMinInterval = builder.refreshMinInterval;
		this.minLifetime = builder.minLifetime;
		this.maxLifetime = builder.maxLifetime;
		this.defaultLifetime = builder.defaultLifetime;
		this.maxStale = builder.maxStale;
		this.executor = (builder.executor != null) ? builder.executor : DefaultExecutor.INSTANCE;
	}

	/**
	 * Start building a cache.
	 * @param source where the JWK Set comes from
	 * @return a builder
	 */
	public static Builder builder(JwkSetSource source) {
		return new Builder(source);
	}

	/**
	 * The usable keys, fetched or refreshed as needed.
	 * @return the keys
	 * @throws JwkSetUnavailableException if no set could be fetched yet, or the last good
	 * one is older than the maximum staleness
	 */
	public RemoteKeys keys() {
		Instant now = this.clock.instant();
		Snapshot snapshot = this.current;
		if (snapshot == null) {
			return fetchAndWait(now).keys();
		}
		if (!now.isBefore(snapshot.expiresAt())) {
			if (this.failure == null) {
				try {
					return fetchAndWait(now).keys();
				}
				catch (JwkSetUnavailableException ex) {
					// served from the last good set below, within the maximum staleness
				}
			}
			else {
				fetchInBackground(now);
			}
			return staleKeys(now);
		}
		if (!now.isBefore(snapshot.refreshAt())) {
			fetchInBackground(now);
		}
		return snapshot.keys();
	}

	/**
	 * The keys after a token named a key ID that {@code seen} does not hold: a fresh set
	 * if another request fetched one meanwhile, or if a fetch is allowed now (at most one
	 * per minimum refresh interval), {@code seen} otherwise.
	 * @param seen the keys in which the key ID was not found
	 * @return the keys to look in again
	 */
	public RemoteKeys keysAfterUnknownKeyId(RemoteKeys seen) {
		Snapshot snapshot = this.current;
		if (snapshot != null && snapshot.keys() != seen) {
			return snapshot.keys();
		}
		Instant now = this.clock.instant();
		Instant last = this.lastAttempt;
		boolean limited = last != null && now.isBefore(last.plus(this.refreshMinInterval));
		CompletableFuture<Snapshot> fetch;
		synchronized (this) {
			fetch = this.inflight;
			if (fetch == null) {
				if (limited || now.isBefore(this.retryAfter)) {
					return seen;
				}
				fetch = start(now);
			}
		}
		try {
			return run(fetch).keys();
		}
		catch (JwkSetUnavailableException ex) {
			return seen;
		}
	}

	/**
	 * The keys last fetched, without waiting for a fetch (one starts in the background
	 * when the set is due for a refresh): the same object while a refresh brings the same
	 * set, a new one when the set changed.
	 * @return the current version of the keys
	 */
	public Object version() {
		Snapshot snapshot = this.current;
		if (snapshot == null) {
			return this;
		}
		long now = this.clock.millis();
		if (now >= snapshot.refreshAt().toEpochMilli()) {
			// tokens served from the decoder's cache ask for no keys: start the refresh
			// here, so a key the issuer removed stops its cached tokens too
			fetchInBackground(this.clock.instant());
			snapshot = this.current;
			if (now >= snapshot.expiresAt().toEpochMilli()
					&& now >= snapshot.fetchedAt().plus(this.maxStale).toEpochMilli()) {
				// past the maximum staleness no key is trusted: a version no cached
				// token carries, so every token goes to the resolver, which refuses it
				return new Object();
			}
		}
		return snapshot.keys();
	}

	/**
	 * Where the set comes from.
	 * @return the source
	 */
	public JwkSetSource getSource() {
		return this.source;
	}

	/**
	 * Why the last fetch failed.
	 * @return its fixed description, or {@code null} while fetches succeed
	 */
	public @Nullable String getFailure() {
		return this.failure;
	}

	/**
	 * The set last fetched, without fetching: for monitoring.
	 * @return the keys and when they were fetched, or {@code null} before the first
	 * successful fetch
	 */
	public @Nullable Fetched lastFetched() {
		Snapshot snapshot = this.current;
		return (snapshot != null) ? new Fetched(snapshot.keys(), snapshot.fetchedAt(), snapshot.expiresAt()) : null;
	}

	private RemoteKeys staleKeys(Instant now) {
		Snapshot snapshot = this.current;
		if (snapshot == null) {
			throw new JwkSetUnavailableException("no JWK Set fetched yet");
		}
		if (now.isBefore(snapshot.expiresAt())) {
			return snapshot.keys();
		}
		if (now.isBefore(snapshot.fetchedAt().plus(this.maxStale))) {
			return snapshot.keys();
		}
		if (!this.staleLogged) {
			this.staleLogged = true;
			logger.error("JWK Set " + this.source + ": the last good set was fetched at " + snapshot.fetchedAt()
					+ ", longer ago than the maximum staleness (" + this.maxStale
					+ "), and the issuer still cannot be reached (" + this.failure
					+ "): every token is refused until it answers");
		}
		throw new JwkSetUnavailableException("the issuer's JWK Set cannot be fetched and the last good one is too old");
	}

	private Snapshot fetchAndWait(Instant now) {
		CompletableFuture<Snapshot> fetch;
		synchronized (this) {
			fetch = this.inflight;
			if (fetch == null) {
				if (now.isBefore(this.retryAfter)) {
					String reason = this.failure;
					throw new JwkSetUnavailableException(
							"the issuer's JWK Set cannot be fetched" + ((reason != null) ? " (" + reason + ")" : ""));
				}
				fetch = start(now);
			}
		}
		return run(fetch);
	}

	private void fetchInBackground(Instant now) {
		CompletableFuture<Snapshot> fetch;
		synchronized (this) {
			if (this.inflight != null || now.isBefore(this.retryAfter)) {
				return;
			}
			fetch = start(now);
		}
		try {
			this.executor.execute(() -> runQuietly(fetch));
		}
		catch (RejectedExecutionException ex) {
			runQuietly(fetch);
		}
	}

	private void runQuietly(CompletableFuture<Snapshot> fetch) {
		try {
			run(fetch);
		}
		catch (JwkSetUnavailableException ex) {
			// already logged; the last good set stays in use
		}
	}

	// register a new fetch as the one in flight; the caller holds the lock
	private CompletableFuture<Snapshot> start(Instant now) {
		CompletableFuture<Snapshot> fetch = new Fetch();
		this.inflight = fetch;
		this.lastAttempt = now;
		return fetch;
	}

	// run a fetch (the first thread to get there) or wait for it (every other thread)
	private Snapshot run(CompletableFuture<Snapshot> fetch) {
		if (fetch instanceof Fetch owned && owned.claim()) {
			try {
				Snapshot snapshot = fetchOnce();
				finish(fetch);
				fetch.complete(snapshot);
			}
			catch (RuntimeException ex) {
				finish(fetch);
				fetch.completeExceptionally(ex);
			}
		}
		try {
			return fetch.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof JwkSetUnavailableException unavailable) {
				throw unavailable;
			}
			throw new JwkSetUnavailableException("JWK Set fetch failed (" + ex.getCause() + ")");
		}
	}

	private synchronized void finish(CompletableFuture<Snapshot> fetch) {
		if (this.inflight == fetch) {
			this.inflight = null;
		}
	}

	private Snapshot fetchOnce() {
		JwkSetResponse response;
		try {
			response = this.source.fetch();
		}
		catch (JwkSetNotLocatedException ex) {
			// nothing was fetched: the source bounds its own attempts to find the set
			notLocated(ex.getMessage());
			throw ex;
		}
		catch (RuntimeException ex) {
			String reason = (ex instanceof JwkSetUnavailableException) ? ex.getMessage()
					: "unexpected " + ex.getClass().getSimpleName();
			failed(reason);
			throw (ex instanceof JwkSetUnavailableException unavailable) ? unavailable
					: new JwkSetUnavailableException(reason);
		}
		Instant fetchedAt = this.clock.instant();
		Snapshot previous = this.current;
		String fingerprint = response.keys().toString();
		boolean changed = previous == null || !previous.fingerprint().equals(fingerprint);
		RemoteKeys keys;
		if (changed) {
			keys = RemoteKeys.of(response.keys(), this.accepted,
					(warning) -> logger.warn(warning + " (JWK Set " + this.source + ")"));
		}
		else {
			keys = previous.keys();
		}
		if (keys.all().isEmpty()) {
			failed("the JWK Set holds no usable key");
			throw new JwkSetUnavailableException("the JWK Set holds no usable key");
		}
		Duration lifetime = lifetime(response.maxAge());
		Snapshot snapshot = new Snapshot(keys, fingerprint, fetchedAt,
				fetchedAt.plus(lifetime.multipliedBy(9).dividedBy(10)), fetchedAt.plus(lifetime));
		this.current = snapshot;
		succeeded();
		return snapshot;
	}

	Duration lifetime(@Nullable Duration maxAge) {
		if (maxAge == null) {
			return this.defaultLifetime;
		}
		if (maxAge.compareTo(this.minLifetime) < 0) {
			return this.minLifetime;
		}
		return (maxAge.compareTo(this.maxLifetime) > 0) ? this.maxLifetime : maxAge;
	}

	private void failed(String reason) {
		this.retryAfter = this.clock.instant().plus(this.refreshMinInterval);
		boolean first = !this.warned;
		this.warned = true;
		this.failure = reason;
		if (first) {
			Snapshot snapshot = this.current;
			logger.warn("JWK Set " + this.source + ": " + reason + "; "
					+ ((snapshot != null)
							? "the keys fetched at " + snapshot.fetchedAt() + " stay in use until "
									+ snapshot.fetchedAt().plus(this.maxStale)
							: "tokens are refused (401 invalid_token) until it answers")
					+ "; trying again at most every " + this.refreshMinInterval);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("JWK Set " + this.source + ": " + reason);
		}
	}

	private void notLocated(String reason) {
		// no back-off of our own (the source has one), no WARN (the source logs it)
		this.failure = reason;
		if (logger.isDebugEnabled()) {
			logger.debug("JWK Set " + this.source + ": " + reason);
		}
	}

	private void succeeded() {
		this.retryAfter = Instant.MIN;
		this.staleLogged = false;
		this.warned = false;
		if (this.failure != null) {
			this.failure = null;
			logger.info("JWK Set " + this.source + " fetched again");
		}
	}

	/**
	 * The set last fetched, as {@link #lastFetched()} describes it.
	 *
	 * @param keys the usable keys
	 * @param fetchedAt when they were fetched
	 * @param expiresAt when the set is due to be fetched again (it stays in use past it,
	 * within the maximum staleness, while the issuer cannot be reached)
	 */
	public record Fetched(RemoteKeys keys, Instant fetchedAt, Instant expiresAt) {

	}

	/**
	 * One fetched set.
	 */
	private record Snapshot(RemoteKeys keys, String fingerprint, Instant fetchedAt, Instant refreshAt,
			Instant expiresAt) {

	}

	/**
	 * A fetch that exactly one thread runs.
	 */
	private static final class Fetch extends CompletableFuture<Snapshot> {

		private boolean claimed;

		synchronized boolean claim() {
			if (this.claimed) {
				return false;
			}
			this.claimed = true;
			return true;
		}

	}

	/**
	 * Daemon threads for background refreshes, which end when idle.
	 */
	private static final class DefaultExecutor {

		static final ExecutorService INSTANCE = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "jwt-auth-jwk-set-refresh");
			thread.setDaemon(true);
			return thread;
		});

		private DefaultExecutor() {
		}

	}

	/**
	 * Builds a {@link JwkSetCache}.
	 */
	public static final class Builder {

		private final JwkSetSource source;

		private Set<JWSAlgorithm> accepted = Set.of();

		private Clock clock = Clock.systemUTC();

		private Duration refreshMinInterval = Duration.ofSeconds(30);

		private Duration minLifetime = Duration.ofSeconds(30);

		private Duration maxLifetime = Duration.ofDays(1);

		private Duration defaultLifetime = Duration.ofMinutes(5);

		private Duration maxStale = Duration.ofDays(1);

		private @Nullable Executor executor;

		private Builder(JwkSetSource source) {
			Assert.notNull(source, "source must not be null");
			this.source = source;
		}

		/**
		 * The accepted algorithms (asymmetric only); by default (an empty set) the
		 * algorithm each key declares, or the one its type implies.
		 * @param accepted the algorithms
		 * @return this builder
		 */
		public Builder algorithms(Set<JWSAlgorithm> accepted) {
			Assert.notNull(accepted, "accepted must not be null");
			for (JWSAlgorithm algorithm : accepted) {
				Assert.isTrue(KeyAlgorithms.supported().contains(algorithm) && KeyAlgorithms.isAsymmetric(algorithm),
						() -> algorithm + " cannot be accepted from a JWK Set");
			}
			this.accepted = Set.copyOf(accepted);
			return this;
		}

		/**
		 * The clock (default: the system's).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * The least time between the starts of two fetches caused by unknown key IDs, and
		 * between a failed fetch and the next attempt (default 30 s).
		 * @param interval the interval
		 * @return this builder
		 */
		public Builder refreshMinInterval(Duration interval) {
			Assert.isTrue(interval != null && !interval.isNegative(), "refreshMinInterval must not be negative");
			this.refreshMinInterval = interval;
			return this;
		}

		/**
		 * The shortest a set is kept, whatever its answer says (default 30 s).
		 * @param lifetime the lifetime
		 * @return this builder
		 */
		public Builder minLifetime(Duration lifetime) {
			Assert.isTrue(lifetime != null && lifetime.toMillis() > 0, "minLifetime must be positive");
			this.minLifetime = lifetime;
			return this;
		}

		/**
		 * The longest a set is kept, whatever its answer says (default one day).
		 * @param lifetime the lifetime
		 * @return this builder
		 */
		public Builder maxLifetime(Duration lifetime) {
			Assert.isTrue(lifetime != null && lifetime.toMillis() > 0, "maxLifetime must be positive");
			this.maxLifetime = lifetime;
			return this;
		}

		/**
		 * How long a set is kept when its answer declares no {@code max-age} (default 5
		 * minutes).
		 * @param lifetime the lifetime
		 * @return this builder
		 */
		public Builder defaultLifetime(Duration lifetime) {
			Assert.isTrue(lifetime != null && lifetime.toMillis() > 0, "defaultLifetime must be positive");
			this.defaultLifetime = lifetime;
			return this;
		}

		/**
		 * How long after it was fetched the last good set stays in use while the issuer
		 * cannot be reached (default one day).
		 * @param maxStale the bound
		 * @return this builder
		 */
		public Builder maxStale(Duration maxStale) {
			Assert.isTrue(maxStale != null && !maxStale.isNegative(), "maxStale must not be negative");
			this.maxStale = maxStale;
			return this;
		}

		/**
		 * Runs the background refreshes (default: daemon threads of the cache's own).
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(Executor executor) {
			Assert.notNull(executor, "executor must not be null");
			this.executor = executor;
			return this;
		}

		/**
		 * Build the cache.
		 * @return the cache
		 */
		public JwkSetCache build() {
			Assert.isTrue(this.minLifetime.compareTo(this.maxLifetime) <= 0, "minLifetime must not exceed maxLifetime");
			Assert.isTrue(
					this.defaultLifetime.compareTo(this.minLifetime) >= 0
							&& this.defaultLifetime.compareTo(this.maxLifetime) <= 0,
					"defaultLifetime must be between minLifetime and maxLifetime");
			return new JwkSetCache(this);
		}

	}

}
