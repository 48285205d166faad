package io.github.jwtauth.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtauth.dpop.DPoPProof;
import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.dpop.DPoPProofVerifier;
import io.github.jwtauth.dpop.InMemoryDPoPProofReplayStore;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.token.JwtTokenService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a DPoP proof (RFC 9449) costs a resource server per request, in µs per operation,
 * per proof algorithm (issue 13):
 * <ul>
 * <li>{@code verify}: the whole {@link DPoPProofVerifier#verify} of a resource request
 * ({@code GET}, an {@code htu}, the access token for {@code ath}, the token's
 * {@code cnf.jkt}) with an {@link InMemoryDPoPProofReplayStore}: parse, thumbprint, claim
 * checks, one signature verification (the verifier is cached per client key) and the
 * replay-store insert;</li>
 * <li>{@code verify_signatureOnly}: the signature verification alone, by the very
 * verifier {@code DPoPProofVerifier} caches for the client's key (read by reflection), on
 * the same inputs as {@code verify}'s last step: what part of {@code verify} is the
 * signature;</li>
 * <li>{@code verify_noReplayStore}: {@code verify} with a replay store that accepts
 * everything ({@code (key, expiresAt) -> true});</li>
 * <li>{@code replay_markUsed}: the replay step alone, as {@code verify} does it (the
 * SHA-256 proof key of {@code jkt:jti}, then
 * {@link InMemoryDPoPProofReplayStore#markUsed}): a difference of two ~50–100 µs figures
 * cannot show a sub-microsecond cost;</li>
 * <li>{@code sign_proof}: what a Java client pays to make one proof (nimbus JSON, the
 * {@code ath} hash of the token, a signature with the JDK's provider); informative.</li>
 * </ul>
 * Every {@code verify} needs a proof never seen before (a unique {@code jti}, a recent
 * {@code iat}). Signing costs up to 25 times what verifying does (RSA), so proofs are not
 * signed per iteration: {@value #DEFAULT_POOL} of them ({@code -p pool=…}) are signed
 * once per trial (on all cores, before the measurement; about 15–45 s per trial on a
 * quiet machine, a pool older than {@link #POOL_RESIGN} is signed again at an iteration's
 * start so none outlives the 10-minute {@code maxAge}), and the benchmarks walk them in
 * order. The replay store is replaced by an empty one whenever the walk starts over, so
 * no proof ever reaches the same store twice: the store holds between 0 and {@code pool}
 * live proofs, as a server's would at {@code pool / 600} requests per second with the
 * 10-minute {@code maxAge}. A refused proof throws and fails the run.
 * <p>
 * ECDSA and EdDSA verification use Bouncy Castle when it is on the class path (it is, in
 * this module) unless {@code -Djwtauth.verify.jdk-provider=true}: the {@code provider}
 * parameter ({@code default}, {@code jdk} or {@code bc}) picks one in the forked JVM and
 * checks that the verifier really uses it, as in {@link SigningBenchmark}. Signing (the
 * pool and {@code sign_proof}) always uses the JDK's provider.
 *
 * <pre>
 * # every algorithm, every benchmark (about 10 minutes on a quiet machine, pool signing included)
 * java -jar benchmarks/target/benchmarks.jar DPoPProofBenchmark
 * # Bouncy Castle vs the JDK's provider for ECDSA/EdDSA proofs
 * java -jar benchmarks/target/benchmarks.jar 'DPoPProofBenchmark.verify' -p algorithm=ES256,EdDSA -p provider=jdk,bc
 * # allocation per proof
 * java -jar benchmarks/target/benchmarks.jar 'DPoPProofBenchmark.verify$' -prof gc
 * # smoke test (seconds per algorithm; a small pool)
 * java -jar benchmarks/target/benchmarks.jar DPoPProofBenchmark -f 1 -wi 1 -i 1 -r 1 -w 1 -p pool=2000
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class DPoPProofBenchmark {

	static final int DEFAULT_POOL = 65_536;

	static final String METHOD = "GET";

	static final String HTU = "https://api.example.com/api/me";

	static final Duration MAX_AGE = Duration.ofMinutes(10);

	/** The verifier's default clock skew, part of a replay key's lifetime. */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

	/** A pool older than this at an iteration's start is signed again. */
	static final Duration POOL_RESIGN = Duration.ofMinutes(8);

	/** The proof algorithm and the client's key: see {@link Signers#keyPair}. */
	@Param({ "ES256", "ES384", "EdDSA", "RS256", "PS256" })
	public String algorithm;

	/**
	 * The verification provider of ECDSA and EdDSA: {@code default} (whatever the class
	 * path gives: Bouncy Castle here), {@code jdk} (forced with
	 * {@code jwtauth.verify.jdk-provider}) or {@code bc} (fails if Bouncy Castle is not
	 * used). No effect on RSA, which always verifies with the JDK.
	 */
	@Param({ "default" })
	public String provider;

	/** How many distinct proofs the {@code verify*} benchmarks walk. */
	@Param({ "" + DEFAULT_POOL })
	public int pool;

	private DPoPClient client;

	private String accessToken;

	private String boundKey;

	private String ath;

	private InMemoryDPoPProofReplayStore replayStore;

	private DPoPProofVerifier verifier;

	private DPoPProofVerifier noReplayVerifier;

	private JWSVerifier signatureVerifier;

	private JWSHeader signatureHeader;

	private String[] proofs;

	private long poolSignedAt;

	private int next;

	private String jtiPrefix;

	private long counter;

	private InMemoryDPoPProofReplayStore markStore;

	private int marked;

	private Instant markExpiresAt;

	@Setup(Level.Trial)
	public void setUp(BenchmarkParams params) throws Exception {
		if ("jdk".equals(this.provider)) {
			// read once, when the first verifier is built: in this forked JVM, that is
			// later
			System.setProperty("jwtauth.verify.jdk-provider", "true");
		}
		JWSAlgorithm algorithm = KeyAlgorithms.parse(this.algorithm);
		if (algorithm == null || !KeyAlgorithms.isAsymmetric(algorithm)) {
			throw new IllegalArgumentException("Not a DPoP proof algorithm: " + this.algorithm);
		}
		if (this.pool < 2) {
			throw new IllegalArgumentException("pool must be at least 2");
		}
		this.client = DPoPClient.generate(algorithm);
		this.accessToken = accessToken();
		this.ath = DPoPClient.ath(this.accessToken);
		this.boundKey = this.client.thumbprint();
		this.jtiPrefix = UUID.randomUUID().toString();
		this.replayStore = new InMemoryDPoPProofReplayStore();
		DPoPProofReplayStore current = (key, expiresAt) -> this.replayStore.markUsed(key, expiresAt);
		this.verifier = verifier(algorithm, current);
		this.noReplayVerifier = verifier(algorithm, (key, expiresAt) -> true);
		// one proof outside the pool for each verifier: builds the per-key verifier that
		// every later proof of this client finds cached, and checks the whole set-up
		// (nimbus's thumbprint of the key is the one DPoPProofVerifier computes)
		long now = Instant.now().getEpochSecond();
		for (DPoPProofVerifier each : List.of(this.verifier, this.noReplayVerifier)) {
			DPoPProof proof = each.verify(this.client.proof("warm-" + this.jtiPrefix, METHOD, HTU, now, this.ath),
					METHOD, HTU, this.accessToken, this.boundKey);
			if (!this.boundKey.equals(proof.jkt())) {
				throw new IllegalStateException("the verifier's thumbprint is not nimbus's");
			}
		}
		this.signatureVerifier = cachedVerifier(this.verifier);
		this.signatureHeader = new JWSHeader(algorithm);
		String benchmark = params.getBenchmark();
		if (benchmark.substring(benchmark.lastIndexOf('.') + 1).startsWith("verify")) {
			signPool();
		}
		this.markStore = new InMemoryDPoPProofReplayStore();
		this.markExpiresAt = Instant.ofEpochSecond(now).plus(MAX_AGE).plus(CLOCK_SKEW).plusSeconds(1);
		checkProvider(algorithm);
	}

	@Setup(Level.Iteration)
	public void signPoolAgainIfOld() {
		if (this.proofs != null && System.currentTimeMillis() - this.poolSignedAt > POOL_RESIGN.toMillis()) {
			signPool();
		}
	}

	private static DPoPProofVerifier verifier(JWSAlgorithm algorithm, DPoPProofReplayStore store) {
		return DPoPProofVerifier.withReplayStore(store).algorithms(List.of(algorithm)).maxAge(MAX_AGE).build();
	}

	/**
	 * An access token as the sample issues them (RS256, {@code typ at+jwt}, about 600
	 * characters): only its length matters here, through {@code ath}.
	 */
	private static String accessToken() {
		JwtKeySet keys = new JwtKeySet(Signers.generate("bench-key", JWSAlgorithm.RS256), List.of());
		return JwtTokenService.withKeys(keys)
			.issuer(DecoderBenchmark.ISSUER)
			.audiences(List.of(DecoderBenchmark.AUDIENCE))
			.timeToLive(Duration.ofHours(1))
			.clock(Clock.systemUTC())
			.build()
			.issue("alice", List.of(new SimpleGrantedAuthority("ROLE_USER")), "session")
			.tokenValue();
	}

	/**
	 * Sign {@link #pool} proofs with unique {@code jti}s and the current {@code iat}, on
	 * all cores, and start the walk (and the replay store) over.
	 */
	private void signPool() {
		long started = System.nanoTime();
		long now = Instant.now().getEpochSecond();
		String prefix = UUID.randomUUID().toString();
		this.proofs = IntStream.range(0, this.pool)
			.parallel()
			.mapToObj((i) -> this.client.proof(prefix + "-" + i, METHOD, HTU, now, this.ath))
			.toArray(String[]::new);
		this.poolSignedAt = System.currentTimeMillis();
		this.next = 0;
		this.replayStore = new InMemoryDPoPProofReplayStore();
		System.out.printf("# signed %,d %s proofs (%d characters each) in %.1f s%n", this.pool, this.algorithm,
				this.proofs[0].length(), (System.nanoTime() - started) / 1e9);
	}

	/**
	 * The verifier {@link DPoPProofVerifier} keeps for the client's key (its
	 * {@code ProofKeys} are package-private, hence reflection).
	 * @param verifier a verifier that has verified one proof of the client
	 * @return the cached {@link JWSVerifier}
	 */
	private static JWSVerifier cachedVerifier(DPoPProofVerifier verifier) throws ReflectiveOperationException {
		Field keysField = DPoPProofVerifier.class.getDeclaredField("keys");
		keysField.setAccessible(true);
		Object keys = keysField.get(verifier);
		Field verifiersField = keys.getClass().getDeclaredField("verifiers");
		verifiersField.setAccessible(true);
		Map<?, ?> verifiers = (Map<?, ?>) verifiersField.get(keys);
		if (verifiers.size() != 1) {
			throw new IllegalStateException("expected one cached proof verifier, found " + verifiers.size());
		}
		return (JWSVerifier) verifiers.values().iterator().next();
	}

	/**
	 * Fail rather than measure the wrong provider: the one jwt-auth-core's ECDSA and
	 * EdDSA verifiers use (package-private, hence reflection), as
	 * {@link SigningBenchmark} does.
	 * @param algorithm the algorithm measured
	 */
	private void checkProvider(JWSAlgorithm algorithm) throws ReflectiveOperationException {
		Class<?> type = Class.forName("io.github.jwtauth.token.JwsVerifiers$VerificationProvider");
		Method get = type.getDeclaredMethod("get");
		get.setAccessible(true);
		Provider used = (Provider) get.invoke(null);
		String name = (used != null) ? used.getName() : "JDK";
		if (("jdk".equals(this.provider) && used != null) || ("bc".equals(this.provider) && used == null)) {
			throw new IllegalStateException("provider=" + this.provider + " but proofs are verified with " + name);
		}
		if (KeyAlgorithms.EC.contains(algorithm) || KeyAlgorithms.EDDSA.contains(algorithm)) {
			System.out.println("# " + algorithm + " proof verification provider: " + name + " ("
					+ this.signatureVerifier.getClass().getSimpleName() + "), Java "
					+ System.getProperty("java.version"));
		}
	}

	/**
	 * The next proof of the pool; when the walk starts over, the replay store is replaced
	 * by an empty one, so that no proof is presented to one store twice.
	 */
	private String nextProof() {
		if (this.next == this.proofs.length) {
			this.next = 0;
			this.replayStore = new InMemoryDPoPProofReplayStore();
		}
		return this.proofs[this.next++];
	}

	/** The whole verification of a resource request's proof, replay store included. */
	@Benchmark
	public DPoPProof verify() {
		return this.verifier.verify(nextProof(), METHOD, HTU, this.accessToken, this.boundKey);
	}

	/** The same without the replay store (one that accepts every proof). */
	@Benchmark
	public DPoPProof verify_noReplayStore() {
		return this.noReplayVerifier.verify(nextProof(), METHOD, HTU, this.accessToken, this.boundKey);
	}

	/**
	 * The signature alone, as {@code verify} checks it: the cached verifier, the signing
	 * input's bytes and the signature's base64url.
	 * @return whether it is valid (always)
	 */
	@Benchmark
	public boolean verify_signatureOnly() throws JOSEException {
		String proof = nextProof();
		int secondDot = proof.lastIndexOf('.');
		boolean valid = this.signatureVerifier.verify(this.signatureHeader,
				proof.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII),
				new Base64URL(proof.substring(secondDot + 1)));
		if (!valid) {
			throw new IllegalStateException("a proof's signature did not verify");
		}
		return valid;
	}

	/**
	 * The replay step alone, as {@code verify} takes it: the SHA-256 of {@code jkt:jti}
	 * and one insert into the in-memory store (replaced by an empty one every
	 * {@code pool} proofs, as in {@code verify}).
	 * @return {@code true} (a new proof)
	 */
	@Benchmark
	public boolean replay_markUsed() {
		if (this.marked == this.pool) {
			this.marked = 0;
			this.markStore = new InMemoryDPoPProofReplayStore();
		}
		this.marked++;
		String key = sha256(this.boundKey + ':' + this.jtiPrefix + '-' + this.counter++);
		if (!this.markStore.markUsed(key, this.markExpiresAt)) {
			throw new IllegalStateException("a new proof key was taken for a replay");
		}
		return true;
	}

	/**
	 * A client's cost of one proof: claims, JSON, base64url, the {@code ath} hash of the
	 * token and the signature.
	 * @return the proof
	 */
	@Benchmark
	public String sign_proof() {
		return this.client.proof(this.jtiPrefix + '-' + this.counter++, METHOD, HTU, System.currentTimeMillis() / 1000,
				DPoPClient.ath(this.accessToken));
	}

	/** As {@code ProofKeys.sha256} (package-private in jwt-auth-core). */
	private static String sha256(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
