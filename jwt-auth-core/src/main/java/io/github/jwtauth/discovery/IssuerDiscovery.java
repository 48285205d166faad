package io.github.jwtauth.discovery;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import io.github.jwtauth.revocation.feed.RevocationFeedException;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An issuer's metadata, discovered on first need and then kept: nothing is fetched when
 * it is built, so an application starts whether or not the issuer is up (as Spring Boot's
 * lazy issuer-uri decoder does). The first need may come during start-up: a revocation
 * feed store on {@link #revocationFeedLocation()} asks for the metadata in its initial
 * sync, which waits at most its own time-out and lets the application start either way.
 * <ul>
 * <li>{@link #metadata()} fetches the metadata from its {@link IssuerMetadataSource} the
 * first time, and returns the same metadata ever after (a change of the issuer's
 * {@code jwks_uri} or feed URL takes a restart; the keys themselves are refreshed by the
 * JWK Set cache);</li>
 * <li>concurrent callers share one fetch: the first runs it, outside any lock; the others
 * wait for its outcome, interruptibly and at most {@link Builder#maxWait} (10 s), then
 * fail;</li>
 * <li>after a failure no fetch is made for a back-off that starts at
 * {@link Builder#minRetryInterval} (1 s) and doubles up to
 * {@link Builder#maxRetryInterval} (30 s): callers in between get the last failure at
 * once, without a network call, so requests with tokens cannot make it hammer the
 * issuer;</li>
 * <li>a refused document (an {@code issuer} that is not the configured one, no
 * {@code jwks_uri}, a URL that is not https) is logged once at ERROR, an unreachable
 * issuer once at WARN, a change of the reason again; repeats at DEBUG, and recovery at
 * INFO. Attempts go on with the back-off, so a corrected document is picked up.</li>
 * </ul>
 * {@link DiscoveredJwkSet} makes it the JWK Set source of a {@code JwkSetCache}, and
 * {@link #revocationFeedLocation()} the location of a {@link RevocationFeedStore}.
 */
public final class IssuerDiscovery {

	private static final Log logger = LogFactory.getLog(IssuerDiscovery.class);

	private final IssuerMetadataSource source;

	private final String issuer;

	private final Clock clock;

	private final Duration minRetryInterval;

	private final Duration maxRetryInterval;

	private final Duration maxWait;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile @Nullable IssuerMetadata metadata;

	private @Nullable CompletableFuture<IssuerMetadata> inflight;

	private volatile @Nullable IssuerMetadataException failure;

	private Instant retryAfter = Instant.MIN;

	private Duration backoff;

	private @Nullable String logged;

	private IssuerDiscovery(Builder builder) {
		this.source = builder.source;
		this.issuer = builder.issuer;
		this.clock = builder.clock;
		this.minRetryInterval = builder.minRetryInterval;
		this.maxRetryInterval = builder.maxRetryInterval;
		this.maxWait = builder.maxWait;
		this.backoff = builder.minRetryInterval;
	}

	/**
	 * Start building the discovery of an issuer over HTTP ({@link RemoteIssuerMetadata}
	 * with its defaults).
	 * @param issuer the issuer URL
	 * @return a builder
	 * @throws IllegalArgumentException if the issuer is not a URL metadata can be fetched
	 * from
	 */
	public static Builder forIssuer(String issuer) {
		return new Builder(RemoteIssuerMetadata.builder(issuer).build(), issuer);
	}

	/**
	 * Start building a discovery from a source of its own.
	 * @param source where the metadata comes from
	 * @param issuer the issuer it describes, for messages
	 * @return a builder
	 */
	public static Builder withSource(IssuerMetadataSource source, String issuer) {
		return new Builder(source, issuer);
	}

	/**
	 * The issuer's metadata, fetched the first time and kept.
	 * @return the metadata
	 * @throws IssuerMetadataException if it has not been discovered yet and cannot be
	 * fetched now (or may not be fetched yet, within the back-off after a failure)
	 */
	public IssuerMetadata metadata() {
		IssuerMetadata discovered = this.metadata;
		if (discovered != null) {
			return discovered;
		}
		CompletableFuture<IssuerMetadata> fetch;
		Instant now = this.clock.instant();
		boolean started = false;
		// a short lock: the network call is made outside it
		this.lock.lock();
		try {
			discovered = this.metadata;
			if (discovered != null) {
				return discovered;
			}
			fetch = this.inflight;
			if (fetch == null) {
				IssuerMetadataException last = this.failure;
				if (last != null && now.isBefore(this.retryAfter)) {
					throw new IssuerMetadataException(last.getMessage(), last.isRefused());
				}
				fetch = new CompletableFuture<>();
				this.inflight = fetch;
				started = true;
			}
		}
		finally {
			this.lock.unlock();
		}
		return started ? fetchNow(fetch, now) : await(fetch);
	}

	// the one fetch in flight, run by the thread that started it, outside the lock
	private IssuerMetadata fetchNow(CompletableFuture<IssuerMetadata> fetch, Instant now) {
		IssuerMetadata discovered = null;
		IssuerMetadataException failed = new IssuerMetadataException("issuer metadata: fetch aborted", false);
		try {
			discovered = this.source.fetch();
			if (discovered == null) {
				failed = new IssuerMetadataException("issuer metadata: the source returned nothing", false);
			}
		}
		catch (IssuerMetadataException ex) {
			failed = ex;
		}
		catch (RuntimeException ex) {
			failed = new IssuerMetadataException("issuer metadata: unexpected " + ex.getClass().getSimpleName(), false);
		}
		finally {
			// also after an Error: the waiters learn the outcome, the next caller may try
			finish(fetch, discovered, failed, now);
		}
		if (discovered == null) {
			throw failed;
		}
		return discovered;
	}

	private void finish(CompletableFuture<IssuerMetadata> fetch, @Nullable IssuerMetadata discovered,
			IssuerMetadataException failed, Instant now) {
		this.lock.lock();
		try {
			if (discovered != null) {
				this.metadata = discovered;
				succeeded(discovered);
			}
			else {
				failed(failed, now);
			}
			this.inflight = null;
		}
		finally {
			this.lock.unlock();
		}
		if (discovered != null) {
			fetch.complete(discovered);
		}
		else {
			fetch.completeExceptionally(failed);
		}
	}

	// another caller's fetch: wait for it, at most the bound, interruptibly
	private IssuerMetadata await(CompletableFuture<IssuerMetadata> fetch) {
		try {
			return fetch.get(this.maxWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IssuerMetadataException failed) {
				throw new IssuerMetadataException(failed.getMessage(), failed.isRefused());
			}
			throw new IssuerMetadataException("issuer metadata: unexpected "
					+ ((ex.getCause() != null) ? ex.getCause() : ex).getClass().getSimpleName(), false);
		}
		catch (TimeoutException ex) {
			throw new IssuerMetadataException(
					"issuer metadata: still being fetched after " + this.maxWait.toMillis() + " ms", false);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IssuerMetadataException("interrupted while waiting for the issuer metadata", false);
		}
	}

	/**
	 * The metadata if it has been discovered, without fetching: for monitoring.
	 * @return the metadata, or {@code null}
	 */
	public @Nullable IssuerMetadata current() {
		return this.metadata;
	}

	/**
	 * Why the last attempt failed, for health details.
	 * @return its fixed description, or {@code null} when discovered or not tried yet
	 */
	public @Nullable String getFailure() {
		IssuerMetadataException last = this.failure;
		return (this.metadata == null && last != null) ? last.getMessage() : null;
	}

	/**
	 * The issuer this discovers.
	 * @return the issuer URL
	 */
	public String getIssuer() {
		return this.issuer;
	}

	/**
	 * The revocation feed's location for a {@link RevocationFeedStore} following this
	 * issuer: the metadata's {@value IssuerMetadata#REVOCATION_FEED_URI}, {@code null}
	 * when the metadata names none; while the metadata cannot be discovered, a
	 * {@link RevocationFeedException} (the replica is not in sync, tokens are refused).
	 * @return the location
	 */
	public RevocationFeedStore.Location revocationFeedLocation() {
		return () -> {
			try {
				return metadata().revocationFeedUri();
			}
			catch (IssuerMetadataException ex) {
				throw new RevocationFeedException(ex.getMessage());
			}
		};
	}

	private void failed(IssuerMetadataException ex, Instant now) {
		this.failure = ex;
		this.retryAfter = now.plus(this.backoff);
		Duration next = this.backoff.multipliedBy(2);
		this.backoff = (next.compareTo(this.maxRetryInterval) > 0) ? this.maxRetryInterval : next;
		String reason = ex.getMessage();
		if (Objects.equals(reason, this.logged)) {
			if (logger.isDebugEnabled()) {
				logger.debug("Issuer " + this.issuer + ": " + reason);
			}
			return;
		}
		this.logged = reason;
		String message = "Issuer " + this.issuer + ": " + reason + "; tokens are refused (401 invalid_token) until "
				+ "its metadata is discovered; trying again at most every " + this.maxRetryInterval;
		if (ex.isRefused()) {
			logger.error(message);
		}
		else {
			logger.warn(message);
		}
	}

	private void succeeded(IssuerMetadata discovered) {
		URI feed = discovered.revocationFeedUri();
		String message = "Issuer " + this.issuer + " discovered at " + discovered.location() + ": JWK Set "
				+ discovered.jwksUri() + ", " + ((feed != null) ? "revocation feed " + feed : "no revocation feed");
		if (this.logged != null) {
			logger.info(message + " (after: " + this.logged + ")");
		}
		else {
			logger.info(message);
		}
		this.logged = null;
		this.backoff = this.minRetryInterval;
	}

	@Override
	public String toString() {
		return "IssuerDiscovery[" + this.issuer + "]";
	}

	/**
	 * Builds an {@link IssuerDiscovery}.
	 */
	public static final class Builder {

		private final IssuerMetadataSource source;

		private final String issuer;

		private Clock clock = Clock.systemUTC();

		private Duration minRetryInterval = Duration.ofSeconds(1);

		private Duration maxRetryInterval = Duration.ofSeconds(30);

		private Duration maxWait = Duration.ofSeconds(10);

		private Builder(IssuerMetadataSource source, String issuer) {
			Assert.notNull(source, "source must not be null");
			Assert.hasText(issuer, "issuer must not be empty");
			this.source = source;
			this.issuer = issuer;
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
		 * The back-off after the first failure (default 1 s), doubled after each further
		 * one.
		 * @param interval the interval
		 * @return this builder
		 */
		public Builder minRetryInterval(Duration interval) {
			Assert.isTrue(interval != null && interval.toMillis() > 0, "minRetryInterval must be positive");
			this.minRetryInterval = interval;
			return this;
		}

		/**
		 * The longest back-off (default 30 s).
		 * @param interval the interval
		 * @return this builder
		 */
		public Builder maxRetryInterval(Duration interval) {
			Assert.isTrue(interval != null && interval.toMillis() > 0, "maxRetryInterval must be positive");
			this.maxRetryInterval = interval;
			return this;
		}

		/**
		 * The longest a caller waits for a fetch another caller started (default 10 s,
		 * the two bounded exchanges of a {@link RemoteIssuerMetadata}); it then fails
		 * with {@link IssuerMetadataException}, as it does at once when interrupted.
		 * @param maxWait the bound
		 * @return this builder
		 */
		public Builder maxWait(Duration maxWait) {
			Assert.isTrue(maxWait != null && maxWait.toMillis() > 0, "maxWait must be positive");
			this.maxWait = maxWait;
			return this;
		}

		/**
		 * Build the discovery; nothing is fetched yet.
		 * @return the discovery
		 */
		public IssuerDiscovery build() {
			if (this.minRetryInterval.compareTo(this.maxRetryInterval) > 0) {
				this.minRetryInterval = this.maxRetryInterval;
			}
			return new IssuerDiscovery(this);
		}

	}

}
