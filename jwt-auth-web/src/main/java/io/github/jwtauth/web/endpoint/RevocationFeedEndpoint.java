package io.github.jwtauth.web.endpoint;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.feed.InvalidCursorException;
import io.github.jwtauth.revocation.feed.RevocationFeed;
import io.github.jwtauth.revocation.feed.RevocationFeedSigner;
import io.github.jwtauth.revocation.feed.RevocationLog;
import io.github.jwtauth.web.endpoint.TokenEndpointSupport.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code GET /auth/revocations?cursor=…&wait=…}: this issuer's revocation feed, a
 * {@link RevocationFeed} document signed with its active key. Without a cursor every live
 * revocation; with one, what came after it. With {@code wait} (seconds, 0 to 30) and
 * nothing new, the request is held (asynchronously: no thread waits) until a revocation
 * arrives or the wait ends, then answered with a freshly signed document. At most
 * {@code maxWaiting} requests are held at once; beyond that 503, as beyond one signature
 * in progress per processor. Each document carries the age of this instance's replica
 * ({@code age}), from which a resource server counts its own staleness. A bad cursor or
 * wait is 400 {@code invalid_request} (a cursor older than this instance too: the client
 * starts again without one); while this instance's own replica is stale 503
 * {@code temporarily_unavailable} (it must not publish an incomplete picture as
 * complete), and so while the signing key cannot sign (an HSM or KMS outage). On shutdown
 * every held request is answered at once, so long polls never delay it.
 */
@RestController
public class RevocationFeedEndpoint implements SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(RevocationFeedEndpoint.class);

	private static final MediaType FEED = MediaType.parseMediaType(RevocationFeed.MEDIA_TYPE);

	private final RevocationLog log;

	private final RevocationFeedSigner signer;

	private final RevocationRegistry registry;

	private final Clock clock;

	private final int maxWaiting;

	private final AtomicInteger waiting = new AtomicInteger();

	private final Set<Runnable> held = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService scheduler;

	private final AtomicReference<@Nullable CompletableFuture<Void>> watched = new AtomicReference<>();

	private final Semaphore signing = new Semaphore(Runtime.getRuntime().availableProcessors());

	private volatile @Nullable Signed lastSigned;

	private volatile boolean running;

	/**
	 * Create the endpoint.
	 * @param log this instance's revocation log
	 * @param signer signs the answers
	 * @param registry this instance's registry, whose staleness refuses to answer
	 * @param clock the clock ({@code iat})
	 * @param maxWaiting the most requests held at once
	 */
	public RevocationFeedEndpoint(RevocationLog log, RevocationFeedSigner signer, RevocationRegistry registry,
			Clock clock, int maxWaiting) {
		Assert.notNull(log, "log must not be null");
		Assert.notNull(signer, "signer must not be null");
		Assert.notNull(registry, "registry must not be null");
		Assert.notNull(clock, "clock must not be null");
		Assert.isTrue(maxWaiting >= 0, "maxWaiting must not be negative");
		this.log = log;
		this.signer = signer;
		this.registry = registry;
		this.clock = clock;
		this.maxWaiting = maxWaiting;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "jwt-auth-revocation-feed-answers");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
	}

	@GetMapping(path = "${jwt.auth.endpoints.revocations-path:/auth/revocations}")
	DeferredResult<ResponseEntity<?>> revocations(HttpServletRequest request) {
		DeferredResult<ResponseEntity<?>> result = new DeferredResult<>(
				TimeUnit.SECONDS.toMillis(RevocationFeed.MAX_WAIT_SECONDS + 15L));
		String cursor;
		int wait;
		try {
			cursor = single(request, "cursor");
			wait = waitSeconds(single(request, "wait"));
		}
		catch (InvalidRequestException ex) {
			result.setResult(error(HttpStatus.BAD_REQUEST, "invalid_request", ex.getMessage()));
			return result;
		}
		if (this.registry.isStale()) {
			result.setResult(unavailable());
			return result;
		}
		// take the future before reading: a change after the read completes it
		CompletableFuture<Void> change = this.log.nextChange();
		RevocationLog.Page page;
		try {
			page = this.log.read(cursor);
		}
		catch (InvalidCursorException ex) {
			result.setResult(error(HttpStatus.BAD_REQUEST, "invalid_request", ex.getMessage()));
			return result;
		}
		if (!page.entries().isEmpty() || wait == 0 || !this.running) {
			result.setResult(answer(cursor, page));
			return result;
		}
		if (this.waiting.incrementAndGet() > this.maxWaiting) {
			this.waiting.decrementAndGet();
			result.setResult(unavailable());
			return result;
		}
		hold(result, cursor, wait);
		watch(change);
		return result;
	}

	/**
	 * Answer every held request at the next change. One callback per generation of the
	 * log's future, never one per request: a request that ends by its wait leaves nothing
	 * behind.
	 * @param change the log's future taken before the read
	 */
	private void watch(CompletableFuture<Void> change) {
		if (change.isDone()) {
			this.scheduler.execute(this::answerHeld);
		}
		else if (this.watched.getAndSet(change) != change) {
			change.thenRunAsync(this::answerHeld, this.scheduler);
		}
	}

	private void answerHeld() {
		// every held request lacks the change: its cursor read nothing newer
		for (Runnable complete : Set.copyOf(this.held)) {
			complete.run();
		}
	}

	private void hold(DeferredResult<ResponseEntity<?>> result, @Nullable String cursor, int wait) {
		AtomicBoolean done = new AtomicBoolean();
		ScheduledFuture<?>[] timer = new ScheduledFuture<?>[1];
		Runnable[] self = new Runnable[1];
		Runnable release = () -> {
			if (done.compareAndSet(false, true)) {
				this.waiting.decrementAndGet();
				this.held.remove(self[0]);
				if (timer[0] != null) {
					timer[0].cancel(false);
				}
			}
		};
		Runnable complete = () -> {
			if (done.get()) {
				return;
			}
			ResponseEntity<?> answer;
			try {
				answer = this.registry.isStale() ? unavailable() : answer(cursor, this.log.read(cursor));
			}
			catch (RuntimeException ex) {
				answer = unavailable();
			}
			release.run();
			result.setResult(answer);
		};
		self[0] = complete;
		this.held.add(complete);
		result.onCompletion(release);
		result.onTimeout(complete);
		result.onError((ex) -> release.run());
		timer[0] = this.scheduler.schedule(complete, wait, TimeUnit.SECONDS);
		if (!this.running) {
			complete.run();
		}
	}

	private ResponseEntity<?> answer(@Nullable String cursor, RevocationLog.Page page) {
		Instant now = this.clock.instant();
		Duration age = replicaAge(now);
		// resource servers held at one cursor, and new ones (no cursor), are answered
		// together: one signature for identical answers within one second
		String key = cursor + "|" + page.cursor() + "|" + page.full() + "|" + now.getEpochSecond() + "|"
				+ age.toSeconds();
		Signed cached = this.lastSigned;
		byte[] body;
		if (cached != null && cached.key().equals(key)) {
			body = cached.body();
		}
		else {
			// a signature costs the issuer up to a millisecond of CPU: at most one per
			// processor at a time, so that requests with made-up cursors cannot take the
			// application's CPU from its logins
			if (!this.signing.tryAcquire()) {
				return unavailable();
			}
			try {
				body = this.signer.sign(cursor, page, now, age).getBytes(StandardCharsets.US_ASCII);
			}
			catch (KeyOperationException ex) {
				// an HSM or KMS outage: temporary, like a stale replica (here rather than
				// in a controller advice: held requests are answered off the request
				// thread)
				logger.warn("The signing key cannot sign the revocation feed: " + ex.getMessage()
						+ ((ex.getCause() != null) ? " (" + ex.getCause() + ")" : ""));
				return TokenEndpointSupport.unavailable("The signing key is unavailable; try again shortly");
			}
			finally {
				this.signing.release();
			}
			this.lastSigned = new Signed(key, body);
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(FEED).body(body);
	}

	/**
	 * How old this instance's picture of the revocations is: the time since its replica
	 * last synchronised with a shared store (zero when the store is not shared).
	 * @param now the current time
	 * @return the age
	 */
	private Duration replicaAge(Instant now) {
		Instant lastSync = this.registry.getLastSync();
		if (lastSync == null || !lastSync.isBefore(now)) {
			return Duration.ZERO;
		}
		return Duration.between(lastSync, now);
	}

	private static ResponseEntity<Map<String, Object>> unavailable() {
		return TokenEndpointSupport.unavailable("Revocations not in sync; try again shortly");
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description) {
		return TokenEndpointSupport.error(status, error, description);
	}

	private static @Nullable String single(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		if (values == null) {
			return null;
		}
		if (values.length != 1) {
			throw new InvalidRequestException("'" + name + "' must be given once");
		}
		return values[0];
	}

	private static int waitSeconds(@Nullable String text) {
		if (text == null) {
			return 0;
		}
		if (!text.matches("[0-9]{1,2}") || Integer.parseInt(text) > RevocationFeed.MAX_WAIT_SECONDS) {
			throw new InvalidRequestException("'wait' must be a number of seconds from 0 to 30");
		}
		return Integer.parseInt(text);
	}

	/**
	 * The number of requests held now.
	 * @return the number
	 */
	public int getWaiting() {
		return this.waiting.get();
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Answer every held request now; new requests are answered at once.
	 */
	@Override
	public void stop() {
		this.running = false;
		for (Runnable complete : Set.copyOf(this.held)) {
			complete.run();
		}
	}

	@Override
	public void destroy() {
		stop();
		this.scheduler.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stopped before the web server's graceful shutdown, so held requests are answered
	 * rather than waited for.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/**
	 * A signed answer and what it answered.
	 *
	 * @param key the since cursor, next cursor, full flag, second of signing and age in
	 * seconds
	 * @param body the signed document
	 */
	private record Signed(String key, byte[] body) {
	}

}
