package io.github.jwtauth.benchmarks;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.token.AccessToken;
import io.github.jwtauth.token.JwtAuthDecoder;
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

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The cost of each signing algorithm, in µs per operation, for the README's table (issue
 * 12): signing (the raw {@link JwtSigner#sign} of a token's signing input, and
 * {@link JwtTokenService#issue}: claims, JSON, base64url and the signature), verification
 * without the cache (a {@link JwtAuthDecoder} with the cache off, cycling through
 * {@value #POOL} distinct tokens) and with it (a cache hit, which verifies nothing).
 * <p>
 * Signing always uses the JDK's provider (the private key never meets Bouncy Castle).
 * ECDSA and EdDSA verification use Bouncy Castle when it is on the class path (it is, in
 * this module) unless {@code -Djwtauth.verify.jdk-provider=true}: the {@code provider}
 * parameter ({@code default}, {@code jdk} or {@code bc}) picks one in the forked JVM and
 * checks that the decoder really uses it. Compare them with
 * {@code java -jar benchmarks/target/benchmarks.jar 'SigningBenchmark.verify_uncached' -p algorithm=ES256,EdDSA -p provider=jdk,bc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SigningBenchmark {

	static final int POOL = 1024;

	static final String KEY_ID = "bench-key";

	private static final List<GrantedAuthority> AUTHORITIES = List.of(new SimpleGrantedAuthority("ROLE_USER"));

	/** The algorithm and its key: see {@link Signers}. */
	@Param({ "HS256", "RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA" })
	public String algorithm;

	/**
	 * The verification provider of ECDSA and EdDSA: {@code default} (whatever the class
	 * path gives: Bouncy Castle here), {@code jdk} (forced with
	 * {@code jwtauth.verify.jdk-provider}) or {@code bc} (fails if Bouncy Castle is not
	 * used). No effect on HMAC and RSA, which always verify with the JDK.
	 */
	@Param({ "default" })
	public String provider;

	private JwtSigner signer;

	private byte[] signingInput;

	private JwtTokenService tokenService;

	private JwtAuthDecoder uncached;

	private JwtAuthDecoder cached;

	private byte[][] tokens;

	private byte[] hitToken;

	private int next;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		if ("jdk".equals(this.provider)) {
			// read once, when the first verifier is built: in this forked JVM, that is
			// later
			System.setProperty("jwtauth.verify.jdk-provider", "true");
		}
		JWSAlgorithm algorithm = KeyAlgorithms.parse(this.algorithm);
		if (algorithm == null) {
			throw new IllegalArgumentException(this.algorithm);
		}
		this.signer = Signers.generate(KEY_ID, algorithm);
		JwtKeySet keys = new JwtKeySet(this.signer, List.of());
		Clock clock = Clock.systemUTC();
		this.tokenService = JwtTokenService.withKeys(keys)
			.issuer(DecoderBenchmark.ISSUER)
			.audiences(List.of(DecoderBenchmark.AUDIENCE))
			.timeToLive(Duration.ofHours(2))
			.clock(clock)
			.build();
		this.uncached = decoder(keys, clock, 0);
		this.cached = decoder(keys, clock, 10_000);
		this.tokens = IntStream.range(0, POOL)
			.mapToObj((i) -> this.tokenService.issue("user-" + i, AUTHORITIES, null).tokenValue())
			.map((t) -> t.getBytes(StandardCharsets.ISO_8859_1))
			.toArray(byte[][]::new);
		this.hitToken = this.tokens[0].clone();
		String token = DecoderBenchmark.fresh(this.tokens[0]);
		this.signingInput = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
		for (byte[] each : this.tokens) {
			if (this.uncached.decode(DecoderBenchmark.fresh(each)).getSubject() == null) {
				throw new IllegalStateException("a token lost its subject");
			}
		}
		this.cached.decode(DecoderBenchmark.fresh(this.hitToken));
		if (this.cached.getCache().size() != 1) {
			throw new IllegalStateException("the cache does not hold the hit token");
		}
		checkProvider(algorithm);
	}

	private static JwtAuthDecoder decoder(JwtKeySet keys, Clock clock, int cacheSize) {
		return JwtAuthDecoder.withKeys(keys, new RevocationValidator(new RevocationRegistry(clock)))
			.issuer(DecoderBenchmark.ISSUER)
			.audiences(List.of(DecoderBenchmark.AUDIENCE))
			.clockSkew(DecoderBenchmark.CLOCK_SKEW)
			.clock(clock)
			.cacheSize(cacheSize)
			.build();
	}

	/**
	 * Fail rather than measure the wrong provider: the one the decoder's ECDSA and EdDSA
	 * verifiers use is read from jwt-auth-core (package-private, hence reflection).
	 * @param algorithm the algorithm measured
	 */
	private void checkProvider(JWSAlgorithm algorithm) throws ReflectiveOperationException {
		Class<?> type = Class.forName("io.github.jwtauth.token.JwsVerifiers$VerificationProvider");
		Method get = type.getDeclaredMethod("get");
		get.setAccessible(true);
		Provider used = (Provider) get.invoke(null);
		String name = (used != null) ? used.getName() : "JDK";
		boolean asymmetricCurve = KeyAlgorithms.EC.contains(algorithm) || KeyAlgorithms.EDDSA.contains(algorithm);
		if (("jdk".equals(this.provider) && used != null) || ("bc".equals(this.provider) && used == null)) {
			throw new IllegalStateException("provider=" + this.provider + " but the decoder verifies with " + name);
		}
		if (asymmetricCurve) {
			System.out.println("# " + algorithm + " verification provider: " + name + ", Java "
					+ System.getProperty("java.version"));
		}
	}

	private String nextToken() {
		return DecoderBenchmark.fresh(this.tokens[this.next++ & (POOL - 1)]);
	}

	/** The signature alone: what a {@link JwtSigner} (or an HSM, a KMS) is asked for. */
	@Benchmark
	public byte[] sign_raw() {
		return this.signer.sign(this.signingInput);
	}

	/**
	 * A whole access token, as {@code /auth/login} and {@code /auth/refresh} issue it.
	 */
	@Benchmark
	public AccessToken sign_issue() {
		return this.tokenService.issue("alice", AUTHORITIES, "session");
	}

	/** Verification of a token seen for the first time (cache off). */
	@Benchmark
	public Jwt verify_uncached() {
		return this.uncached.decode(nextToken());
	}

	/** A token already verified: the cache answers (revocation is still checked). */
	@Benchmark
	public Jwt verify_cacheHit() {
		return this.cached.decode(DecoderBenchmark.fresh(this.hitToken));
	}

}
