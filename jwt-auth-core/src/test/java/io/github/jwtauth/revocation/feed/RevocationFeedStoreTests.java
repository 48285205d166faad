package io.github.jwtauth.revocation.feed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationSynchronizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * A resource server's registry following a feed over real HTTP: revocations arrive by
 * long poll; every bad answer is refused, nothing of it applied, and the registry goes
 * stale past the maximum staleness; it recovers by itself.
 */
class RevocationFeedStoreTests {

	private static final Duration MAX_STALENESS = Duration.ofMillis(500);

	private final RevocationRegistry issuerRegistry = new RevocationRegistry(Clock.systemUTC());

	private final RevocationLog log = new RevocationLog(this.issuerRegistry, Clock.systemUTC(), Duration.ofSeconds(31),
			Duration.ofSeconds(30));

	private final AtomicReference<String> mode = new AtomicReference<>("good");

	private final AtomicInteger requests = new AtomicInteger();

	/**
	 * What the issuer saw and answered: "req none", "req cursor", "ans 400", "ans
	 * garbage".
	 */
	private final List<String> seen = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private int port;

	private RevocationRegistry registry;

	private RevocationSynchronizer synchronizer;

	private RevocationFeedStore store;

	@BeforeEach
	void start() {
		startServer(0);
		this.registry = new RevocationRegistry(Clock.systemUTC(), Duration.ZERO, false, FeedKeys.ISSUER);
		this.store = RevocationFeedStore
			.builder("http://127.0.0.1:" + this.port + "/auth/revocations", FeedKeys.verifier(Clock.systemUTC()))
			.longPollWait(Duration.ofSeconds(1))
			.build();
		this.synchronizer = new RevocationSynchronizer(this.registry, this.store, Clock.systemUTC(),
				new RevocationSynchronizer.Settings(Duration.ofMillis(50), MAX_STALENESS, Duration.ofMinutes(1),
						Duration.ofSeconds(5)));
	}

	@AfterEach
	void stop() {
		this.synchronizer.stop();
		this.server.stop(0);
	}

	@Test
	void revocationsAtTheIssuerReachTheRegistryAndSubjectsMatchByHash() {
		revokeAtIssuer(Kind.TOKEN, "jti-early");
		this.synchronizer.start();
		assertThat(this.registry.isStale()).isFalse();
		assertThat(this.registry.isRevoked(token("alice", "jti-early"))).isTrue();
		revokeAtIssuer(Kind.TOKEN, "jti-1");
		revokeAtIssuer(Kind.SUBJECT, "bob");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.isRevoked(token("alice", "jti-1")));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.isRevoked(token("bob", "jti-x")));
		assertThat(this.registry.isRevoked(token("alice", "jti-2"))).isFalse();
		// the loop hands the entries on before it records its success
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.getFailure() == null);
	}

	@Test
	void theSynchronizersPollsCostTheIssuerNoRequest() {
		this.synchronizer.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.getFailure() == null);
		int before = this.requests.get();
		for (int i = 0; i < 100; i++) {
			assertThat(this.store.changesSince(0)).isEmpty();
		}
		// the long-poll loop may have started one request meanwhile, never one per poll
		assertThat(this.requests.get() - before).isLessThanOrEqualTo(1);
	}

	@Test
	void everyBadAnswerIsRefusedNothingAppliedThenStaleThenRecovers() {
		this.synchronizer.start();
		assertThat(this.registry.isStale()).isFalse();
		for (String bad : new String[] { "html", "garbage", "tampered", "other-key", "access-token", "wrong-issuer",
				"wrong-since", "future", "wrong-type", "down", "negative-age", "fractional-age" }) {
			this.mode.set(bad);
			revokeAtIssuer(Kind.TOKEN, "jti-" + bad);
			// idle long polls leave the registry stale for a moment too: wait for the
			// bad answer itself
			await(bad).atMost(Duration.ofSeconds(10))
				.until(() -> this.store.getFailure() != null && this.registry.isStale());
			assertThat(this.registry.isRevoked(token("alice", "jti-" + bad))).as(bad).isFalse();
			assertThatExceptionOfType(RevocationFeedException.class).isThrownBy(() -> this.store.changesSince(0));
			this.mode.set("good");
			await(bad).atMost(Duration.ofSeconds(10)).until(() -> !this.registry.isStale());
			await(bad).atMost(Duration.ofSeconds(10))
				.until(() -> this.registry.isRevoked(token("alice", "jti-" + bad)));
			assertThat(this.store.getFailure()).isNull();
		}
	}

	@Test
	void anIssuerStoppedAndStartedAgainOnTheSamePortIsFollowedAgain() throws IOException {
		this.synchronizer.start();
		this.server.stop(0);
		try (Socket reservation = reserve(this.port)) {
			await().atMost(Duration.ofSeconds(10)).until(this.registry::isStale);
			assertThat(this.store.getFailure()).contains("unreachable");
			startServer(this.port);
		}
		revokeAtIssuer(Kind.SESSION, "sid-after-restart");
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.registry.isStale());
		Jwt token = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("carol")
			.jti("j")
			.claim("sid", "sid-after-restart")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.isRevoked(token));
	}

	@Test
	void aResourceServerDoesNotRevokeAndTheFeedMustBeHttpsExceptLoopback() {
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.store
			.add(new RevocationEntry(Kind.TOKEN, "x", Instant.now(), Instant.now().plusSeconds(5))));
		assertThat(this.store.isShared()).isTrue();
		RevocationFeedVerifier verifier = FeedKeys.verifier(Clock.systemUTC());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RevocationFeedStore.builder("http://issuer.example/auth/revocations", verifier));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RevocationFeedStore.builder("https://issuer.example/auth/revocations?x=1", verifier));
		assertThat(RevocationFeedStore.builder("https://issuer.example/auth/revocations", verifier).build())
			.isNotNull();
		assertThat(RevocationFeedStore.builder("http://localhost:8080/auth/revocations", verifier).build()).isNotNull();
	}

	@Test
	void stalenessIsCountedFromTheLastVerifiedAnswerNotFromTheCheck() {
		this.synchronizer.start();
		assertThat(this.registry.isStale()).isFalse();
		// the follow loop's first answer (its own snapshot) arrives after start(): wait
		// for it, or the stall below would leave "no answer yet" as the failure
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.getFailure() == null);
		// the issuer accepts requests and never answers: no failure is known yet, but
		// the information is getting older
		this.mode.set("stall-headers");
		await().atMost(Duration.ofSeconds(10)).until(this.registry::isStale);
		assertThat(this.store.getFailure()).isNull();
		assertThat(this.store.changesSince(0)).isEmpty();
		assertThat(this.store.lag()).isGreaterThan(MAX_STALENESS);
		this.mode.set("good");
		revokeAtIssuer(Kind.TOKEN, "jti-after-stall");
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.registry.isStale());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.isRevoked(token("alice", "jti-after-stall")));
	}

	@Test
	void anAnswerWhoseBodyStallsIsBoundedAndTheLoopRecovers() {
		this.synchronizer.start();
		this.mode.set("stall-body");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "revocation feed answer not complete in time".equals(this.store.getFailure()));
		assertThat(this.registry.isStale()).isTrue();
		this.mode.set("good");
		revokeAtIssuer(Kind.TOKEN, "jti-after-body-stall");
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.registry.isStale());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.isRevoked(token("alice", "jti-after-body-stall")));
	}

	@Test
	void aRefusedCursorIsDroppedAndTheNextRequestAsksForAFullSnapshot() throws Exception {
		List<RevocationEntry> received = new CopyOnWriteArrayList<>();
		try (AutoCloseable subscription = this.store.subscribe(received::add)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.store.getFailure() == null);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.seen.contains("req cursor"));
			this.mode.set("bad-request");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.seen.contains("ans 400"));
			int refused = this.seen.indexOf("ans 400");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.seen.size() > refused + 1);
			assertThat(this.seen.get(refused + 1)).isEqualTo("req none");
			revokeAtIssuer(Kind.TOKEN, "jti-after-400");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> received.stream().anyMatch((entry) -> entry.value().equals("jti-after-400")));
		}
	}

	@Test
	void repeatedRefusalsDropTheCursor() throws Exception {
		try (AutoCloseable subscription = this.store.subscribe((entry) -> {
		})) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.seen.contains("req cursor"));
			int from = this.seen.size();
			this.mode.set("garbage");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.seen.subList(from, this.seen.size()).contains("req none"));
			List<String> after = this.seen.subList(from, this.seen.size());
			List<String> beforeReset = after.subList(0, after.indexOf("req none"));
			// the request held when the issuer broke was the first refusal
			assertThat(beforeReset.stream().filter("req cursor"::equals).count())
				.isEqualTo(RevocationFeedStore.REFUSALS_BEFORE_RESET - 1);
		}
	}

	@Test
	void anErrorInsideTheLoopDoesNotEndFollowing() throws Exception {
		revokeAtIssuer(Kind.TOKEN, "jti-before-error");
		AtomicBoolean thrown = new AtomicBoolean();
		List<RevocationEntry> received = new CopyOnWriteArrayList<>();
		try (AutoCloseable subscription = this.store.subscribe((entry) -> {
			if (thrown.compareAndSet(false, true)) {
				throw new Error("injected");
			}
			received.add(entry);
		})) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> received.stream().anyMatch((entry) -> entry.value().equals("jti-before-error")));
			assertThat(thrown).isTrue();
			revokeAtIssuer(Kind.TOKEN, "jti-after-error");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> received.stream().anyMatch((entry) -> entry.value().equals("jti-after-error")));
			// the loop hands the entries on before it records its success
			await().atMost(Duration.ofSeconds(10)).until(() -> this.store.getFailure() == null);
		}
	}

	@Test
	void aLoopThatStoppedMakesTheStoreFailAndIsStartedAgain() throws Exception {
		List<RevocationEntry> received = new CopyOnWriteArrayList<>();
		try (AutoCloseable subscription = this.store.subscribe(received::add)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.store.getFailure() == null);
			Thread loop = followThread();
			loop.interrupt();
			loop.join(10_000);
			assertThat(loop.isAlive()).isFalse();
			assertThatExceptionOfType(RevocationFeedException.class).isThrownBy(() -> this.store.changesSince(0))
				.withMessageContaining("stopped");
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> this.store.changesSince(0).isEmpty());
			assertThat(followThread()).isNotSameAs(loop);
			revokeAtIssuer(Kind.TOKEN, "jti-after-restart");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> received.stream().anyMatch((entry) -> entry.value().equals("jti-after-restart")));
		}
	}

	@Test
	void theIssuersReplicaAgeAddsToTheLagAndAMissingAgeIsAccepted() {
		this.synchronizer.start();
		assertThat(this.registry.isStale()).isFalse();
		this.mode.set("aged");
		revokeAtIssuer(Kind.TOKEN, "jti-aged");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.isRevoked(token("alice", "jti-aged")));
		// stale because of the issuer's age, not for want of an answer
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.store.lag().compareTo(Duration.ofMinutes(2)) >= 0 && this.registry.isStale());
		assertThat(this.store.getFailure()).isNull();
		this.mode.set("no-age");
		revokeAtIssuer(Kind.TOKEN, "jti-no-age");
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.registry.isStale());
		assertThat(this.store.lag()).isLessThan(Duration.ofMinutes(2));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.isRevoked(token("alice", "jti-no-age")));
	}

	@Test
	void findActiveAloneDoesNotPutTheStoreInSync() {
		revokeAtIssuer(Kind.TOKEN, "jti-snapshot");
		assertThat(this.store.findActive(Instant.now())).extracting(RevocationEntry::value).contains("jti-snapshot");
		assertThatExceptionOfType(RevocationFeedException.class).isThrownBy(() -> this.store.changesSince(0));
	}

	@Test
	void aFeedFoundLaterIsFollowedOnceItsLocationAnswers() {
		AtomicReference<String> found = new AtomicReference<>();
		RevocationFeedStore lazy = RevocationFeedStore.builder(() -> {
			String uri = found.get();
			if (uri == null) {
				throw new RevocationFeedException("issuer metadata unreachable");
			}
			return URI.create(uri);
		}, FeedKeys.verifier(Clock.systemUTC())).longPollWait(Duration.ofSeconds(1)).build();
		RevocationSynchronizer following = new RevocationSynchronizer(this.registry, lazy, Clock.systemUTC(),
				new RevocationSynchronizer.Settings(Duration.ofMillis(50), MAX_STALENESS, Duration.ofMinutes(1),
						Duration.ZERO));
		try {
			revokeAtIssuer(Kind.TOKEN, "jti-lazy");
			following.start();
			// not found yet: not in sync, tokens refused
			// (the failure starts as "no answer yet": wait for the follow loop's own)
			await().atMost(Duration.ofSeconds(10))
				.until(() -> String.valueOf(lazy.getFailure()).contains("issuer metadata unreachable"));
			assertThat(lazy.getUri()).isNull();
			assertThat(lazy.isFollowing()).isTrue();
			assertThatExceptionOfType(RevocationFeedException.class).isThrownBy(() -> lazy.changesSince(0));
			assertThat(this.registry.getLastSync()).isNull();
			found.set("http://127.0.0.1:" + this.port + "/auth/revocations");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.isRevoked(token("alice", "jti-lazy")));
			assertThat(lazy.getUri()).hasToString(found.get());
		}
		finally {
			following.stop();
		}
	}

	@Test
	void aFoundFeedUrlThatIsNotHttpsForARemoteHostIsRefusedAndNeverAsked() throws Exception {
		// every request of a client built meanwhile goes through this proxy, whatever its
		// host: it would see a request to evil.example
		List<String> proxied = new CopyOnWriteArrayList<>();
		HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		proxy.createContext("/", (exchange) -> {
			proxied.add(exchange.getRequestURI().toString());
			send(exchange, 503, "text/plain", "proxied");
		});
		proxy.start();
		List<URI> selected = new CopyOnWriteArrayList<>();
		ProxySelector previous = ProxySelector.getDefault();
		ProxySelector.setDefault(new ProxySelector() {

			@Override
			public List<Proxy> select(URI uri) {
				selected.add(uri);
				return List.of(new Proxy(Proxy.Type.HTTP, proxy.getAddress()));
			}

			@Override
			public void connectFailed(URI uri, SocketAddress address, IOException ex) {
			}

		});
		AtomicInteger asked = new AtomicInteger();
		RevocationFeedStore lazy;
		try {
			lazy = RevocationFeedStore.builder(() -> {
				asked.incrementAndGet();
				return URI.create("http://evil.example/auth/revocations");
			}, FeedKeys.verifier(Clock.systemUTC())).longPollWait(Duration.ofSeconds(1)).build();
		}
		finally {
			ProxySelector.setDefault(previous);
		}
		try {
			assertThatExceptionOfType(RevocationFeedException.class).isThrownBy(() -> lazy.findActive(Instant.now()))
				.withMessage("the revocation feed URL is not https (or has a query)");
			try (AutoCloseable subscription = lazy.subscribe((entry) -> {
			})) {
				await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() >= 3);
				assertThat(lazy.getFailure()).isEqualTo("the revocation feed URL is not https (or has a query)");
				assertThatExceptionOfType(RevocationFeedException.class).isThrownBy(() -> lazy.changesSince(0))
					.withMessageContaining("not https");
			}
			assertThat(lazy.getUri()).isNull();
			assertThat(lazy.isFollowing()).isTrue();
			assertThat(selected).isEmpty();
			assertThat(proxied).isEmpty();
			assertThat(this.requests).hasValue(0);
		}
		finally {
			proxy.stop(0);
		}
	}

	@Test
	void anIssuerWithoutFeedLeavesNothingToFollowAndCountsAsInSync() {
		RevocationFeedStore none = RevocationFeedStore.builder(() -> null, FeedKeys.verifier(Clock.systemUTC()))
			.build();
		RevocationSynchronizer following = new RevocationSynchronizer(this.registry, none, Clock.systemUTC(),
				new RevocationSynchronizer.Settings(Duration.ofMillis(50), MAX_STALENESS, Duration.ofMinutes(1),
						Duration.ofSeconds(5)));
		try {
			following.start();
			assertThat(none.isFollowing()).isFalse();
			assertThat(none.getUri()).isNull();
			assertThat(none.changesSince(0)).isEmpty();
			assertThat(none.lag()).isZero();
			assertThat(this.registry.isStale()).isFalse();
			assertThat(this.requests).hasValue(0);
		}
		finally {
			following.stop();
		}
	}

	private static Thread followThread() {
		List<Thread> loops = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("jwt-auth-revocation-feed") && thread.isAlive())
			.toList();
		assertThat(loops).hasSize(1);
		return loops.get(0);
	}

	private void revokeAtIssuer(Kind kind, String value) {
		Instant now = Instant.now();
		this.issuerRegistry.apply(new RevocationEntry(kind, value, now, now.plusSeconds(600)));
	}

	private static Jwt token(String subject, String jti) {
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject(subject)
			.jti(jti)
			.issuedAt(Instant.now().minusSeconds(10))
			.expiresAt(Instant.now().plusSeconds(600))
			.build();
	}

	/**
	 * Hold a port that a stopped server released, so that no other socket takes it while
	 * the issuer is down: a bound, unconnected socket with {@code SO_REUSEADDR} refuses
	 * connections, and the JDK's server sockets (which set {@code SO_REUSEADDR}) can
	 * still listen on the port. The kernel releases a closed listening socket
	 * asynchronously: try for a while.
	 * @param port the port
	 * @return the bound socket, to close once the server listens again
	 */
	private static Socket reserve(int port) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (true) {
			Socket socket = new Socket();
			try {
				socket.setReuseAddress(true);
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
				return socket;
			}
			catch (IOException ex) {
				try {
					socket.close();
				}
				catch (IOException closing) {
					ex.addSuppressed(closing);
				}
				if (System.nanoTime() > deadline) {
					throw new UncheckedIOException("Cannot reserve port " + port, ex);
				}
				LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
			}
		}
	}

	private void startServer(int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newFixedThreadPool(4));
		this.server.createContext("/auth/revocations", this::serve);
		this.server.start();
		this.port = this.server.getAddress().getPort();
	}

	private void serve(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		String cursor = query.get("cursor");
		this.seen.add((cursor != null) ? "req cursor" : "req none");
		int wait = Integer.parseInt(query.getOrDefault("wait", "0"));
		long deadline = System.nanoTime() + Duration.ofSeconds(wait).toNanos();
		RevocationLog.Page page = this.log.read(cursor);
		while (page.entries().isEmpty() && System.nanoTime() < deadline && "good".equals(this.mode.get())) {
			sleep();
			page = this.log.read(cursor);
		}
		// the mode when answering: a request held before a switch gets the new behaviour
		String mode = this.mode.get();
		if ("stall-headers".equals(mode)) {
			holdWhile(mode);
			exchange.close();
			return;
		}
		if ("stall-body".equals(mode)) {
			exchange.getResponseHeaders().set("Content-Type", RevocationFeed.MEDIA_TYPE);
			exchange.sendResponseHeaders(200, 10_000);
			exchange.getResponseBody().write("eyJhbGciOi".getBytes(StandardCharsets.US_ASCII));
			exchange.getResponseBody().flush();
			holdWhile(mode);
			exchange.close();
			return;
		}
		if ("bad-request".equals(mode) && cursor != null) {
			this.mode.set("good");
			this.seen.add("ans 400");
			send(exchange, 400, "application/json", "{\"error\":\"invalid_cursor\"}");
			return;
		}
		this.seen.add("ans " + mode);
		if ("down".equals(mode)) {
			send(exchange, 503, "application/json", "{\"error\":\"temporarily_unavailable\"}");
			return;
		}
		if ("html".equals(mode)) {
			send(exchange, 502, "text/html", "<html><body>Bad gateway</body></html>");
			return;
		}
		Instant now = Instant.now();
		RevocationFeedSigner signer = new RevocationFeedSigner(FeedKeys.ISSUER_KEY, FeedKeys.ISSUER);
		String body = switch (mode) {
			case "garbage" -> "not a document";
			case "tampered" -> {
				String document = signer.sign(cursor, page, now);
				yield document.substring(0, document.length() - 4) + (document.endsWith("AAAA") ? "BBBB" : "AAAA");
			}
			case "other-key" -> new RevocationFeedSigner(FeedKeys.OTHER_KEY, FeedKeys.ISSUER).sign(cursor, page, now);
			case "access-token" -> accessToken();
			case "wrong-issuer" ->
				new RevocationFeedSigner(FeedKeys.ISSUER_KEY, "https://evil").sign(cursor, page, now);
			case "wrong-since" -> signer.sign("Replayed1.1", page, now);
			case "future" -> signer.sign(cursor, page, now.plusSeconds(120));
			case "aged" -> FeedKeys.withClaim(signer.sign(cursor, page, now), "age", 120_000);
			case "no-age" -> FeedKeys.withClaim(signer.sign(cursor, page, now), "age", null);
			case "negative-age" -> FeedKeys.withClaim(signer.sign(cursor, page, now), "age", -1);
			case "fractional-age" -> FeedKeys.withClaim(signer.sign(cursor, page, now), "age", 0.5);
			default -> signer.sign(cursor, page, now);
		};
		send(exchange, 200, "wrong-type".equals(mode) ? "text/plain" : RevocationFeed.MEDIA_TYPE, body);
	}

	private static String accessToken() {
		try {
			JWSObject token = new JWSObject(
					new JWSHeader.Builder(FeedKeys.ISSUER_KEY.algorithm()).keyID(FeedKeys.ISSUER_KEY.keyId())
						.type(new JOSEObjectType("at+jwt"))
						.build(),
					new Payload(Map.of("iss", FeedKeys.ISSUER, "sub", "alice")));
			token.sign(new RSASSASigner(FeedKeys.ISSUER_KEY.jwk().toRSAKey()));
			return token.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void holdWhile(String mode) {
		while (mode.equals(this.mode.get())) {
			sleep();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> query = new HashMap<>();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int equals = pair.indexOf('=');
				query.put(pair.substring(0, equals),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return query;
	}

	private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
