package io.github.jwtauth.revocation.feed;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.support.BoundedHttpGet;
import io.github.jwtauth.support.RemoteUris;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The revocations of another issuer, followed through its revocation feed: the store of a
 * resource server. It is read-only ({@link #add} refuses: a resource server does not
 * revoke) and shared, so the {@code RevocationSynchronizer} enforces its staleness rule
 * on it.
 * <ul>
 * <li>{@link #findActive} fetches the full feed (it does not by itself put the store in
 * sync: only the follow loop does);</li>
 * <li>{@link #subscribe} starts a background loop that long-polls the feed (one request
 * held by the issuer until a revocation arrives or the wait ends) and hands every entry
 * of each verified answer to the listener at once;</li>
 * <li>{@link #changesSince} makes no network call (so the synchronizer's frequent polls
 * cost the issuer nothing): it answers "in sync" only while the loop's last attempt
 * succeeded and its last verified answer is recent (within the wait plus the request
 * time-out), and throws otherwise; {@link #lag()} then tells how old that information is
 * (time since the answer was received plus the issuing instance's own replica age,
 * {@code age}), so the synchronizer counts the staleness from the information, not from
 * the check.</li>
 * </ul>
 * Every exchange (headers and body) is bounded by the wait plus a margin. Every answer is
 * verified by a {@link RevocationFeedVerifier} before anything of it is applied; a
 * refused answer counts as a failure, is logged once (with a fixed description, never its
 * content) and retried with a back-off capped at one second. An HTTP 400 (a cursor the
 * issuer no longer accepts), or {@value #REFUSALS_BEFORE_RESET} refusals in a row, make
 * the loop start again without a cursor (a full snapshot). Nothing thrown ends the loop;
 * should its thread end nevertheless, {@link #changesSince} fails and starts it again.
 * Only {@code https} feed URLs are accepted, plain {@code http} only for loopback.
 * <p>
 * The feed URL is either given ({@link #builder(String, RevocationFeedVerifier)}) or
 * found when needed ({@link #builder(Location, RevocationFeedVerifier)}, from the
 * issuer's discovered metadata): the loop asks the {@link Location} before each exchange
 * until it answers. While it cannot, the store is not in sync (tokens are refused once
 * the staleness rule says so, and before the first load). When it answers that the issuer
 * publishes no feed, the store has nothing to follow: it holds no revocation and counts
 * as in sync, as a resource server without a feed enforces no revocation of the issuer.
 */
public final class RevocationFeedStore implements RevocationStore {

	private static final Log logger = LogFactory.getLog(RevocationFeedStore.class);

	private static final Duration REQUEST_MARGIN = Duration.ofSeconds(5);

	private static final long MIN_BACKOFF_MILLIS = 100;

	private static final long MAX_BACKOFF_MILLIS = 1000;

	/**
	 * Consecutive refused answers after which the loop starts again without a cursor.
	 */
	static final int REFUSALS_BEFORE_RESET = 3;

	/**
	 * The largest answer read: a full snapshot of about 300,000 revocations.
	 */
	private static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

	private static final BoundedHttpGet.Failures<RevocationFeedException> FEED_FAILURES = new BoundedHttpGet.Failures<>() {

		@Override
		public RevocationFeedException tooLarge() {
			return new RevocationFeedException("revocation feed answer too large");
		}

		@Override
		public RevocationFeedException timedOut() {
			return new RevocationFeedException("revocation feed answer not complete in time");
		}

		@Override
		public RevocationFeedException interrupted() {
			return new RevocationFeedException("interrupted");
		}

		@Override
		public RevocationFeedException unreachable(String cause) {
			return new RevocationFeedException("revocation feed unreachable (" + cause + ")");
		}

	};

	private final Location location;

	private volatile @Nullable URI uri;

	private volatile boolean noFeed;

	private final RevocationFeedVerifier verifier;

	private final HttpClient http;

	private final int waitSeconds;

	private final long freshnessNanos;

	private final long exchangeMillis;

	private volatile @Nullable Verified lastVerified;

	private volatile long lagNanos;

	private volatile @Nullable String failure = "no answer from the revocation feed yet";

	private volatile boolean failing;

	private volatile @Nullable Consumer<RevocationEntry> listener;

	private volatile @Nullable Thread thread;

	private volatile boolean closed;

	private RevocationFeedStore(Builder builder) {
		this.location = builder.location;
		this.uri = builder.uri;
		this.verifier = builder.verifier;
		this.waitSeconds = (int) builder.wait.toSeconds();
		this.freshnessNanos = maxAnswerAge(builder.wait).toNanos();
		this.exchangeMillis = maxAnswerAge(builder.wait).toMillis();
		this.http = BoundedHttpGet.client(builder.connectTimeout);
	}

	/**
	 * Start building a feed store.
	 * @param feedUri the issuer's feed URL ({@code https}, or {@code http} for loopback)
	 * @param verifier verifies every answer
	 * @return a builder
	 */
	public static Builder builder(String feedUri, RevocationFeedVerifier verifier) {
		return new Builder(feedUri, verifier);
	}

	/**
	 * Start building a feed store whose URL is found when needed, for example from the
	 * issuer's discovered metadata.
	 * @param location finds the feed URL
	 * @param verifier verifies every answer
	 * @return a builder
	 */
	public static Builder builder(Location location, RevocationFeedVerifier verifier) {
		return new Builder(location, verifier);
	}

	/**
	 * The longest an exchange with the feed may take, and so the oldest {@code iat} a
	 * verifier should accept (beyond the clock skew): the long-poll wait plus a margin of
	 * five seconds.
	 * @param wait the long-poll wait
	 * @return the wait plus the margin
	 */
	public static Duration maxAnswerAge(Duration wait) {
		return wait.plus(REQUEST_MARGIN);
	}

	/**
	 * Whether a URL may serve a feed: {@code https}, or {@code http} to a loopback host
	 * ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}).
	 * @param uri the URL
	 * @return {@code true} if acceptable
	 */
	public static boolean isAcceptableUri(URI uri) {
		return RemoteUris.isHttpsOrLoopback(uri) && uri.getRawQuery() == null;
	}

	@Override
	public void add(RevocationEntry entry) {
		throw new UnsupportedOperationException(
				"A resource server following the issuer's revocation feed does not revoke; revoke at the issuer");
	}

	/**
	 * Fetch the issuer's full feed. This does not put the store in sync (only the follow
	 * loop does), but sets {@link #lag()} to the issuing instance's replica age.
	 */
	@Override
	public List<RevocationEntry> findActive(Instant now) {
		URI target = resolve();
		if (target == null) {
			this.lagNanos = 0;
			return List.of();
		}
		RevocationFeedVerifier.Document document = verify(exchange(target, null, 0), null);
		this.lagNanos = document.issuerAge().toNanos();
		return document.entries();
	}

	@Override
	public boolean isShared() {
		return true;
	}

	/**
	 * The feed publishes subjects as hashes only.
	 * @return {@code true}
	 */
	@Override
	public boolean hashesSubjects() {
		return true;
	}

	@Override
	public List<RevocationEntry> changesSince(long position) {
		if (this.noFeed) {
			this.lagNanos = 0;
			return List.of();
		}
		Thread current = this.thread;
		if (current != null && !current.isAlive() && !this.closed) {
			restart();
			throw new RevocationFeedException("the revocation feed loop had stopped; started again");
		}
		String reason = this.failure;
		if (reason != null) {
			throw new RevocationFeedException(reason);
		}
		Verified verified = this.lastVerified;
		long sinceAnswer = (verified != null) ? System.nanoTime() - verified.receivedNanos() : Long.MAX_VALUE;
		if (verified == null || sinceAnswer > this.freshnessNanos) {
			throw new RevocationFeedException("no verified answer from the revocation feed recently");
		}
		this.lagNanos = sinceAnswer + verified.issuerAgeNanos();
		return List.of();
	}

	/**
	 * How old the information behind the last successful {@link #findActive} or
	 * {@link #changesSince} is: the time since the follow loop received its last verified
	 * answer plus the issuing instance's own replica age ({@code age}).
	 * @return the lag
	 */
	@Override
	public Duration lag() {
		return Duration.ofNanos(this.lagNanos);
	}

	@Override
	public AutoCloseable subscribe(Consumer<RevocationEntry> listener) {
		this.listener = listener;
		this.closed = false;
		restart();
		return () -> {
			this.closed = true;
			Thread current = this.thread;
			if (current != null) {
				current.interrupt();
				current.join(5000);
			}
		};
	}

	private synchronized void restart() {
		Consumer<RevocationEntry> current = this.listener;
		Thread running = this.thread;
		if (current == null || this.closed || (running != null && running.isAlive())) {
			return;
		}
		Thread follower = new Thread(() -> follow(current), "jwt-auth-revocation-feed");
		follower.setDaemon(true);
		this.thread = follower;
		follower.start();
	}

	/**
	 * Why the feed is not in sync, for health details.
	 * @return the last failure's fixed description, or {@code null} while in sync
	 */
	public @Nullable String getFailure() {
		return this.failure;
	}

	/**
	 * The feed URL.
	 * @return the URL, or {@code null} while it is not known yet (or when the issuer
	 * publishes no feed: {@link #isFollowing()})
	 */
	public @Nullable URI getUri() {
		return this.uri;
	}

	/**
	 * Whether there is a feed to follow: {@code false} once the {@link Location} said the
	 * issuer publishes none. That is decided once, for the life of this store (the
	 * issuer's discovered metadata is kept as long): a feed the issuer publishes later is
	 * followed only after a restart.
	 * @return whether a feed is followed (or will be, once its URL is known)
	 */
	public boolean isFollowing() {
		return !this.noFeed;
	}

	// the feed URL: given, or asked of the location until it answers
	private @Nullable URI resolve() {
		URI known = this.uri;
		if (known != null || this.noFeed) {
			return known;
		}
		URI found;
		try {
			found = this.location.uri();
		}
		catch (RuntimeException ex) {
			// a location's own failure is already worded for us: pass it on as it is
			throw (ex instanceof RevocationFeedException feed) ? feed : new RevocationFeedException(
					"the revocation feed's URL cannot be found (" + ex.getMessage() + ")");
		}
		if (found == null) {
			this.noFeed = true;
			this.failure = null;
			logger.warn("The issuer publishes no revocation feed: revocations made at the issuer (logout, revoke) "
					+ "are not enforced here");
			return null;
		}
		if (!isAcceptableUri(found)) {
			throw new RevocationFeedException("the revocation feed URL is not https (or has a query)");
		}
		this.uri = found;
		return found;
	}

	private void follow(Consumer<RevocationEntry> listener) {
		String cursor = null;
		long backoff = MIN_BACKOFF_MILLIS;
		int refusals = 0;
		while (!Thread.currentThread().isInterrupted() && !this.closed) {
			try {
				URI target = resolve();
				if (target == null) {
					// the issuer publishes no feed: nothing to follow
					return;
				}
				Answer answer = exchange(target, cursor, (cursor != null) ? this.waitSeconds : 0);
				RevocationFeedVerifier.Document document;
				try {
					if (answer.status() == 400 && cursor != null) {
						// e.g. a cursor from the future or too old: start again from a
						// full snapshot rather than resend it forever
						refusals = REFUSALS_BEFORE_RESET;
						throw new RevocationFeedException("revocation feed refused the cursor (HTTP 400)");
					}
					document = verify(answer, cursor);
				}
				catch (RevocationFeedException ex) {
					refusals++;
					if (refusals >= REFUSALS_BEFORE_RESET) {
						cursor = null;
						refusals = 0;
					}
					throw ex;
				}
				refusals = 0;
				document.entries().forEach(listener);
				cursor = document.cursor();
				succeeded(answer.receivedNanos(), document.issuerAge());
				backoff = MIN_BACKOFF_MILLIS;
			}
			catch (Throwable ex) {
				// nothing, not even an Error of a listener, ends the loop
				failed((ex instanceof RevocationFeedException) ? ex.getMessage()
						: "unexpected " + ex.getClass().getSimpleName());
				if (!pause(backoff)) {
					return;
				}
				backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
			}
		}
	}

	private static boolean pause(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private Answer exchange(URI feedUri, @Nullable String cursor, int wait) {
		StringBuilder query = new StringBuilder();
		if (cursor != null) {
			query.append("cursor=")
				.append(URLEncoder.encode(cursor, StandardCharsets.UTF_8))
				.append("&wait=")
				.append(wait);
		}
		URI target = URI.create(feedUri + ((query.length() > 0) ? "?" + query : ""));
		Duration limit = maxAnswerAge(Duration.ofSeconds(wait));
		// bound the whole exchange, body included, so that a stalled answer cannot hold
		// the
		// loop
		HttpResponse<byte[]> response = BoundedHttpGet.get(this.http, target, RevocationFeed.MEDIA_TYPE, limit,
				MAX_ANSWER_BYTES, RevocationFeedException.class, FEED_FAILURES);
		String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
		return new Answer(response.statusCode(), contentType, new String(response.body(), StandardCharsets.US_ASCII),
				System.nanoTime());
	}

	private RevocationFeedVerifier.Document verify(Answer answer, @Nullable String cursor) {
		if (answer.status() != 200) {
			throw new RevocationFeedException("revocation feed answered HTTP " + answer.status());
		}
		if (!answer.contentType().startsWith(RevocationFeed.MEDIA_TYPE)) {
			throw new RevocationFeedException(
					"revocation feed answered another content type than " + RevocationFeed.MEDIA_TYPE);
		}
		try {
			return this.verifier.verify(answer.body(), cursor);
		}
		catch (RevocationFeedException ex) {
			throw new RevocationFeedException("revocation feed answer refused: " + ex.getMessage());
		}
	}

	private void succeeded(long receivedNanos, Duration issuerAge) {
		this.lastVerified = new Verified(receivedNanos, issuerAge.toNanos());
		this.failure = null;
		if (this.failing) {
			this.failing = false;
			logger.info("Revocation feed " + describe() + " verified again; revocations are in sync");
		}
	}

	private void failed(@Nullable String reason) {
		this.failure = (reason != null) ? reason : "revocation feed failure";
		if (!this.failing) {
			this.failing = true;
			logger.warn("Revocation feed " + describe() + ": " + this.failure
					+ "; nothing of it is applied, and tokens are refused once the revocations are older than "
					+ "the maximum staleness");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Revocation feed " + describe() + ": " + this.failure);
		}
	}

	private String describe() {
		URI known = this.uri;
		return (known != null) ? known.toString() : "(URL not known yet)";
	}

	/**
	 * Finds the feed URL when it is not configured, for example in the issuer's
	 * discovered metadata.
	 */
	@FunctionalInterface
	public interface Location {

		/**
		 * The feed URL.
		 * @return the URL ({@code https}, or {@code http} for loopback), or {@code null}
		 * when the issuer publishes no feed
		 * @throws RevocationFeedException (or another runtime exception) while it cannot
		 * be found yet: asked again at the next attempt
		 */
		@Nullable URI uri();

	}

	private record Answer(int status, String contentType, String body, long receivedNanos) {

	}

	private record Verified(long receivedNanos, long issuerAgeNanos) {

	}

	/**
	 * Builds a {@link RevocationFeedStore}.
	 */
	public static final class Builder {

		private final @Nullable URI uri;

		private final Location location;

		private final RevocationFeedVerifier verifier;

		private Duration wait = Duration.ofSeconds(25);

		private Duration connectTimeout = Duration.ofSeconds(2);

		private Builder(String feedUri, RevocationFeedVerifier verifier) {
			Assert.hasText(feedUri, "feedUri must not be empty");
			Assert.notNull(verifier, "verifier must not be null");
			URI uri;
			try {
				uri = URI.create(feedUri);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Invalid revocation feed URL", ex);
			}
			Assert.isTrue(isAcceptableUri(uri),
					"The revocation feed URL must be https (plain http only for loopback), without query");
			this.uri = uri;
			this.location = () -> uri;
			this.verifier = verifier;
		}

		private Builder(Location location, RevocationFeedVerifier verifier) {
			Assert.notNull(location, "location must not be null");
			Assert.notNull(verifier, "verifier must not be null");
			this.uri = null;
			this.location = location;
			this.verifier = verifier;
		}

		/**
		 * How long the issuer may hold a request while nothing changes (default 25 s, 1
		 * to 30 s): a verified answer arrives at least that often.
		 * @param wait the long-poll wait
		 * @return this builder
		 */
		public Builder longPollWait(Duration wait) {
			Assert.isTrue(wait != null && wait.toSeconds() >= 1 && wait.toSeconds() <= RevocationFeed.MAX_WAIT_SECONDS,
					"wait must be between 1 and 30 seconds");
			this.wait = wait;
			return this;
		}

		/**
		 * The connect time-out (default 2 s).
		 * @param connectTimeout the time-out
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			Assert.isTrue(connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
					"connectTimeout must be positive");
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Build the store.
		 * @return the store
		 */
		public RevocationFeedStore build() {
			return new RevocationFeedStore(this);
		}

	}

}
