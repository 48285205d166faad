package io.github.jwtauth.revocation.feed;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationStore;
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
 * <li>{@link #findActive} fetches the full feed;</li>
 * <li>{@link #subscribe} starts a background loop that long-polls the feed (one request
 * held by the issuer until a revocation arrives or the wait ends) and hands every entry
 * of each verified answer to the listener at once;</li>
 * <li>{@link #changesSince} makes no network call (so the synchronizer's frequent polls
 * cost the issuer nothing): it answers "in sync" only while the loop's last attempt
 * succeeded and its last verified answer is recent (within the wait plus the request
 * time-out), and throws otherwise, so that the replica goes stale after the maximum
 * staleness exactly as with an unreachable store.</li>
 * </ul>
 * Every answer is verified by a {@link RevocationFeedVerifier} before anything of it is
 * applied; a refused answer counts as a failure, is logged once (with a fixed
 * description, never its content) and retried with a back-off capped at one second. Only
 * {@code https} feed URLs are accepted, plain {@code http} only for loopback.
 */
public final class RevocationFeedStore implements RevocationStore {

	private static final Log logger = LogFactory.getLog(RevocationFeedStore.class);

	private static final Duration REQUEST_MARGIN = Duration.ofSeconds(5);

	private static final long MIN_BACKOFF_MILLIS = 100;

	private static final long MAX_BACKOFF_MILLIS = 1000;

	/**
	 * The largest answer read: a full snapshot of about 300,000 revocations.
	 */
	private static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

	private final URI uri;

	private final RevocationFeedVerifier verifier;

	private final HttpClient http;

	private final int waitSeconds;

	private final long freshnessNanos;

	private volatile long lastVerifiedNanos;

	private volatile @Nullable String failure = "no answer from the revocation feed yet";

	private volatile boolean failing;

	private RevocationFeedStore(Builder builder) {
		this.uri = builder.uri;
		this.verifier = builder.verifier;
		this.waitSeconds = (int) builder.wait.toSeconds();
		this.freshnessNanos = builder.wait.plus(REQUEST_MARGIN).toNanos();
		this.http = HttpClient.newBuilder()
			.connectTimeout(builder.connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
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
	 * Whether a URL may serve a feed: {@code https}, or {@code http} to a loopback host
	 * ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}).
	 * @param uri the URL
	 * @return {@code true} if acceptable
	 */
	public static boolean isAcceptableUri(URI uri) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		String host = uri.getHost();
		if (host == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
			return false;
		}
		if ("https".equals(scheme)) {
			return true;
		}
		return "http".equals(scheme) && isLoopback(host);
	}

	private static boolean isLoopback(String host) {
		return "localhost".equalsIgnoreCase(host) || "[::1]".equals(host) || "[0:0:0:0:0:0:0:1]".equals(host)
				|| host.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
	}

	@Override
	public void add(RevocationEntry entry) {
		throw new UnsupportedOperationException(
				"A resource server following the issuer's revocation feed does not revoke; revoke at the issuer");
	}

	@Override
	public List<RevocationEntry> findActive(Instant now) {
		RevocationFeedVerifier.Document document = fetch(null, 0);
		succeeded();
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
		String reason = this.failure;
		if (reason != null) {
			throw new RevocationFeedException(reason);
		}
		if (System.nanoTime() - this.lastVerifiedNanos > this.freshnessNanos) {
			throw new RevocationFeedException("no verified answer from the revocation feed recently");
		}
		return List.of();
	}

	@Override
	public AutoCloseable subscribe(Consumer<RevocationEntry> listener) {
		Thread thread = new Thread(() -> follow(listener), "jwt-auth-revocation-feed");
		thread.setDaemon(true);
		thread.start();
		return () -> {
			thread.interrupt();
			thread.join(5000);
		};
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
	 * @return the URL
	 */
	public URI getUri() {
		return this.uri;
	}

	private void follow(Consumer<RevocationEntry> listener) {
		String cursor = null;
		long backoff = MIN_BACKOFF_MILLIS;
		while (!Thread.currentThread().isInterrupted()) {
			try {
				RevocationFeedVerifier.Document document = fetch(cursor, (cursor != null) ? this.waitSeconds : 0);
				document.entries().forEach(listener);
				cursor = document.cursor();
				succeeded();
				backoff = MIN_BACKOFF_MILLIS;
			}
			catch (RevocationFeedException ex) {
				failed(ex.getMessage());
				if (!pause(backoff)) {
					return;
				}
				backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
			}
			catch (RuntimeException ex) {
				// a listener or an unexpected failure must not end the loop
				failed("unexpected " + ex.getClass().getSimpleName());
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

	private RevocationFeedVerifier.Document fetch(@Nullable String cursor, int wait) {
		StringBuilder query = new StringBuilder();
		if (cursor != null) {
			query.append("cursor=")
				.append(URLEncoder.encode(cursor, StandardCharsets.UTF_8))
				.append("&wait=")
				.append(wait);
		}
		URI target = URI.create(this.uri + ((query.length() > 0) ? "?" + query : ""));
		HttpRequest request = HttpRequest.newBuilder(target)
			.GET()
			.header("Accept", RevocationFeed.MEDIA_TYPE)
			.timeout(Duration.ofSeconds(wait).plus(REQUEST_MARGIN))
			.build();
		HttpResponse<InputStream> response;
		String body;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			body = read(response.body());
		}
		catch (IOException ex) {
			throw new RevocationFeedException("revocation feed unreachable (" + ex.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RevocationFeedException("interrupted");
		}
		if (response.statusCode() != 200) {
			throw new RevocationFeedException("revocation feed answered HTTP " + response.statusCode());
		}
		String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
		if (!contentType.startsWith(RevocationFeed.MEDIA_TYPE)) {
			throw new RevocationFeedException(
					"revocation feed answered another content type than " + RevocationFeed.MEDIA_TYPE);
		}
		try {
			return this.verifier.verify(body, cursor);
		}
		catch (RevocationFeedException ex) {
			throw new RevocationFeedException("revocation feed answer refused: " + ex.getMessage());
		}
	}

	private static String read(InputStream in) throws IOException {
		try (in) {
			byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
			if (bytes.length > MAX_ANSWER_BYTES) {
				throw new RevocationFeedException("revocation feed answer too large");
			}
			return new String(bytes, StandardCharsets.US_ASCII);
		}
	}

	private void succeeded() {
		this.lastVerifiedNanos = System.nanoTime();
		this.failure = null;
		if (this.failing) {
			this.failing = false;
			logger.info("Revocation feed " + this.uri + " verified again; revocations are in sync");
		}
	}

	private void failed(@Nullable String reason) {
		this.failure = (reason != null) ? reason : "revocation feed failure";
		if (!this.failing) {
			this.failing = true;
			logger.warn("Revocation feed " + this.uri + ": " + this.failure
					+ "; nothing of it is applied, and tokens are refused once the revocations are older than "
					+ "the maximum staleness");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Revocation feed " + this.uri + ": " + this.failure);
		}
	}

	/**
	 * Builds a {@link RevocationFeedStore}.
	 */
	public static final class Builder {

		private final URI uri;

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
