package io.github.jwtauth.benchmarks;

import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.LocalJwsVerifierResolver;
import io.github.jwtauth.web.AccessTokenRefusalListener;
import io.github.jwtauth.web.AccessTokenRefusedException;
import io.github.jwtauth.web.AccessTokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What counting refused tokens costs (issue 15): the same {@link AccessTokenVerifier}
 * (HS256, cache on, as {@link DecoderBenchmark}'s {@code oursCached}) without a refusal
 * listener and with the starter's own {@code TokenRefusalMetrics} counting in a
 * Micrometer {@link SimpleMeterRegistry} (a counter per reason and scheme, found in an
 * array). In one run, so that both see the same machine; the cache-hit path never calls
 * the listener and is here for reference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@State(Scope.Thread)
public class RefusalMetricsBenchmark {

	AccessTokenVerifier plain;

	AccessTokenVerifier counted;

	MeterRegistry registry;

	private byte[] hitToken;

	private byte[] garbage;

	private byte[] badSignature;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		Clock clock = Clock.systemUTC();
		JwtSigner signer = Signers.generate(DecoderBenchmark.KEY_ID, JWSAlgorithm.HS256);
		JwtSigner other = Signers.generate(DecoderBenchmark.KEY_ID, JWSAlgorithm.HS256);
		JwtAuthDecoder decoder = JwtAuthDecoder
			.withVerifiers(new LocalJwsVerifierResolver(List.of(signer.verificationKey())),
					new RevocationValidator(new RevocationRegistry(clock)))
			.issuer(DecoderBenchmark.ISSUER)
			.audiences(List.of(DecoderBenchmark.AUDIENCE))
			.clockSkew(DecoderBenchmark.CLOCK_SKEW)
			.clock(clock)
			.cacheSize(10_000)
			.build();
		this.plain = AccessTokenVerifier.bearerOnly(decoder);
		this.registry = new SimpleMeterRegistry();
		this.counted = this.plain.withRefusalListener(tokenRefusalMetrics(this.registry));
		SecureRandom random = new SecureRandom();
		this.hitToken = new DecoderBenchmark.Minter(signer).mint("alice", "hit-" + random.nextLong())
			.getBytes(StandardCharsets.ISO_8859_1);
		this.badSignature = new DecoderBenchmark.Minter(other).mint("alice", "bad-" + random.nextLong())
			.getBytes(StandardCharsets.ISO_8859_1);
		this.garbage = "not-a-token-but-long-enough-to-look-like-one".getBytes(StandardCharsets.ISO_8859_1);
		this.plain.verifyBearer(DecoderBenchmark.fresh(this.hitToken));
		refuse(this.counted, this.garbage, null);
		refuse(this.counted, this.badSignature, null);
		if (this.registry.get("jwt.auth.tokens.refused").tag("reason", "bad_signature").counter().count() != 1) {
			throw new IllegalStateException("the refusal was not counted");
		}
	}

	@Benchmark
	public Jwt verifier_cacheHit() {
		return this.plain.verifyBearer(DecoderBenchmark.fresh(this.hitToken));
	}

	@Benchmark
	public void verifier_reject_garbage(Blackhole bh) {
		refuse(this.plain, this.garbage, bh);
	}

	@Benchmark
	public void verifier_reject_garbage_counted(Blackhole bh) {
		refuse(this.counted, this.garbage, bh);
	}

	@Benchmark
	public void verifier_reject_badSignature(Blackhole bh) {
		refuse(this.plain, this.badSignature, bh);
	}

	@Benchmark
	public void verifier_reject_badSignature_counted(Blackhole bh) {
		refuse(this.counted, this.badSignature, bh);
	}

	private static void refuse(AccessTokenVerifier verifier, byte[] token, Blackhole bh) {
		try {
			Jwt jwt = verifier.verifyBearer(DecoderBenchmark.fresh(token));
			throw new IllegalStateException("accepted a bad token: " + jwt.getId());
		}
		catch (AccessTokenRefusedException ex) {
			if (bh != null) {
				bh.consume(ex);
			}
		}
	}

	/**
	 * The starter's own {@code TokenRefusalMetrics} (package-private, hence reflection,
	 * as {@link DPoPProofBenchmark} reaches package-private classes).
	 * @param registry the registry it counts in
	 * @return the listener
	 */
	private static AccessTokenRefusalListener tokenRefusalMetrics(MeterRegistry registry)
			throws ReflectiveOperationException {
		Constructor<?> constructor = Class.forName("io.github.jwtauth.autoconfigure.TokenRefusalMetrics")
			.getDeclaredConstructor(MeterRegistry.class);
		constructor.setAccessible(true);
		return (AccessTokenRefusalListener) constructor.newInstance(registry);
	}

}
