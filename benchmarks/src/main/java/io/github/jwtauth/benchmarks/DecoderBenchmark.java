package io.github.jwtauth.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.LocalJwsVerifierResolver;
import io.github.jwtauth.token.TrustedIssuer;
import io.github.jwtauth.token.TrustedIssuers;
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
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Decoding cost of one access token, in µs per operation, for HS256, RS256 and PS256 (RSA
 * 2048), ES256, ES384, ES512 and (ours only) EdDSA: jwt-auth's {@link JwtAuthDecoder}
 * without and with its cache, Spring Security's stock {@link NimbusJwtDecoder} with an
 * equivalent validator, raw nimbus (parse + prebuilt verifier + claim checks), and the
 * rejection of garbage and badly signed tokens.
 * <p>
 * Every operation gets a <em>new</em> {@code String} instance of its token, as a request
 * does (a reused instance would carry a cached hash code and flatter the cache lookup).
 * The "valid" paths rotate through {@value #POOL} distinct tokens (distinct {@code jti});
 * the uncached decoder and the stock decoder keep no state, so they verify every token in
 * full. Every decoder is checked in {@link #setUp()} to accept the valid tokens and to
 * reject the bad ones, so no benchmark measures an exception path by accident.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar} (add {@code -prof gc} for
 * allocated bytes per operation).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class DecoderBenchmark {

	static final int POOL = 1024;

	static final String ISSUER = "jwt-auth";

	static final String AUDIENCE = "jwt-auth";

	static final String KEY_ID = "bench-key";

	static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	static final int MAX_LENGTH = 8 * 1024;

	static final String NO_STOCK = "Spring Security's NimbusJwtDecoder and nimbus alone cannot verify EdDSA "
			+ "(no SignatureAlgorithm, and nimbus needs Google Tink): run only the ours_* benchmarks for EdDSA";

	/**
	 * The algorithm: HS256 (32-byte secret), RS256 and PS256 (RSA 2048), ES256, ES384,
	 * ES512 (P-256, P-384, P-521), or EdDSA (Ed25519; ours_* benchmarks only, see
	 * {@link #NO_STOCK}). ECDSA and EdDSA are verified with Bouncy Castle, on the class
	 * path here, unless {@code -jvmArgsAppend -Djwtauth.verify.jdk-provider=true}; the
	 * stock decoder always verifies with the JDK.
	 */
	@Param({ "HS256", "RS256", "PS256", "ES256", "ES384", "ES512" })
	public String algorithm;

	private byte[][] tokens;

	private int next;

	private byte[] hitToken;

	private byte[] garbage;

	private byte[] badSignature;

	/** jwt-auth, cache off: every call parses and verifies. */
	JwtAuthDecoder ours;

	/** jwt-auth as auto-configured: cache on (10,000 entries). */
	JwtAuthDecoder oursCached;

	/**
	 * Cache on, plus one application validator (a trivial state check: is the subject in
	 * a set of disabled users), which runs on every call, cache hits included.
	 */
	JwtAuthDecoder oursCachedAppValidator;

	/**
	 * jwt-auth trusting two issuers ({@code JwtAuthDecoder.withIssuers}), the tokens'
	 * issuer second, cache off: the issuer is chosen by the token's {@code iss} before
	 * the signature.
	 */
	JwtAuthDecoder oursSeveralIssuers;

	/** The same with the cache on (10,000 entries). */
	JwtAuthDecoder oursSeveralIssuersCached;

	/**
	 * Spring Security's stock decoder with issuer, audience, timestamp and typ checks.
	 */
	NimbusJwtDecoder stock;

	/** nimbus alone: parse, prebuilt verifier, claim checks. */
	RawNimbus raw;

	Minter factory;

	VerificationKey key;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		Clock clock = Clock.systemUTC();
		SecureRandom random = new SecureRandom();
		JWSAlgorithm algorithm = KeyAlgorithms.parse(this.algorithm);
		if (algorithm == null) {
			throw new IllegalArgumentException(this.algorithm);
		}
		JwtSigner signer = Signers.generate(KEY_ID, algorithm);
		JwtSigner otherSigner = Signers.generate(KEY_ID, algorithm);
		VerificationKey key = signer.verificationKey();
		JWSVerifier rawVerifier;
		if (KeyAlgorithms.HMAC.contains(algorithm)) {
			byte[] secret = ((OctetSequenceKey) key.jwk()).toByteArray();
			this.stock = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.from(algorithm.getName()))
				.build();
			rawVerifier = new MACVerifier(secret);
		}
		else if (KeyAlgorithms.RSA.contains(algorithm)) {
			RSAPublicKey publicKey = ((RSAKey) key.jwk()).toRSAPublicKey();
			this.stock = NimbusJwtDecoder.withPublicKey(publicKey)
				.signatureAlgorithm(SignatureAlgorithm.from(algorithm.getName()))
				.build();
			rawVerifier = new RSASSAVerifier(publicKey);
		}
		else if (KeyAlgorithms.EC.contains(algorithm)) {
			this.stock = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(key.jwk())))
				.jwsAlgorithm(SignatureAlgorithm.from(algorithm.getName()))
				.build();
			rawVerifier = new ECDSAVerifier((ECKey) key.jwk());
		}
		else {
			// EdDSA: Spring Security has no SignatureAlgorithm for it and nimbus verifies
			// it
			// only with Google Tink, so there is no stock decoder to compare with
			this.stock = null;
			rawVerifier = null;
		}
		this.factory = new Minter(signer);
		Minter otherKey = new Minter(otherSigner);
		// Spring's default validator includes JwtTypeValidator.jwt() (typ JWT or none),
		// which
		// refuses at+jwt: build the equivalent of ours by hand.
		JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
		timestamps.setAllowEmptyExpiryClaim(false);
		if (this.stock != null) {
			this.stock.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(ISSUER),
					new JwtAudienceValidator(AUDIENCE), new JwtTypeValidator("at+jwt")));
		}
		this.key = key;
		this.ours = newDecoder(key, clock, 0).build();
		this.oursCached = newDecoder(key, clock, 10_000).build();
		Set<String> disabledUsers = ConcurrentHashMap.newKeySet();
		OAuth2TokenValidator<Jwt> notDisabled = (jwt) -> disabledUsers.contains(jwt.getSubject())
				? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "User disabled", null))
				: OAuth2TokenValidatorResult.success();
		this.oursCachedAppValidator = newDecoder(key, clock, 10_000).validator(notDisabled).build();
		this.oursSeveralIssuers = severalIssuers(key, otherSigner.verificationKey(), clock, 0);
		this.oursSeveralIssuersCached = severalIssuers(key, otherSigner.verificationKey(), clock, 10_000);
		this.raw = (rawVerifier != null) ? new RawNimbus(algorithm, rawVerifier) : null;

		this.tokens = IntStream.range(0, POOL)
			.parallel()
			.mapToObj((i) -> this.factory.mint("user-" + i, "jti-" + i + "-" + random.nextLong()))
			.map((t) -> t.getBytes(StandardCharsets.ISO_8859_1))
			.toArray(byte[][]::new);
		this.hitToken = this.factory.mint("alice", "hit-" + random.nextLong()).getBytes(StandardCharsets.ISO_8859_1);
		this.badSignature = otherKey.mint("alice", "bad-" + random.nextLong()).getBytes(StandardCharsets.ISO_8859_1);
		this.garbage = garbageLike(this.tokens[0], random);

		for (byte[] token : this.tokens) {
			accept(this.ours, token);
			if (this.stock != null) {
				accept(this.stock, token);
				this.raw.decode(fresh(token));
			}
		}
		for (byte[] token : this.tokens) {
			accept(this.oursSeveralIssuers, token);
		}
		accept(this.oursSeveralIssuersCached, this.hitToken);
		reject(this.oursSeveralIssuers, this.badSignature);
		accept(this.oursCached, this.hitToken);
		accept(this.oursCachedAppValidator, this.hitToken);
		accept(this.ours, this.hitToken);
		reject(this.oursCached, this.garbage);
		reject(this.oursCached, this.badSignature);
		if (this.stock != null) {
			reject(this.stock, this.garbage);
			reject(this.stock, this.badSignature);
		}
		// the cache holds only the hit token: rejections are never cached
		if (this.oursCached.decode(fresh(this.hitToken)).getSubject() == null) {
			throw new IllegalStateException("cache hit lost the subject");
		}
	}

	private static JwtAuthDecoder.Builder newDecoder(VerificationKey key, Clock clock, int cacheSize) {
		return JwtAuthDecoder
			.withVerifiers(new LocalJwsVerifierResolver(List.of(key)),
					new RevocationValidator(new RevocationRegistry(clock)))
			.issuer(ISSUER)
			.audiences(List.of(AUDIENCE))
			.clockSkew(CLOCK_SKEW)
			.clock(clock)
			.maxLength(MAX_LENGTH)
			.cacheSize(cacheSize);
	}

	private static JwtAuthDecoder severalIssuers(VerificationKey key, VerificationKey otherKey, Clock clock,
			int cacheSize) {
		TrustedIssuers issuers = TrustedIssuers.of(List.of(
				TrustedIssuer.withVerifiers("https://other.example", new LocalJwsVerifierResolver(List.of(otherKey)))
					.audiences(List.of(AUDIENCE))
					.build(),
				TrustedIssuer.withVerifiers(ISSUER, new LocalJwsVerifierResolver(List.of(key)))
					.audiences(List.of(AUDIENCE))
					.build()));
		return JwtAuthDecoder.withIssuers(issuers, new RevocationValidator(new RevocationRegistry(clock)))
			.clockSkew(CLOCK_SKEW)
			.clock(clock)
			.maxLength(MAX_LENGTH)
			.cacheSize(cacheSize)
			.build();
	}

	/** Same length and shape as a token (three base64url segments), random content. */
	private static byte[] garbageLike(byte[] token, SecureRandom random) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		byte[] out = new byte[token.length];
		for (int i = 0; i < out.length; i++) {
			out[i] = (token[i] == '.') ? (byte) '.' : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
		}
		return out;
	}

	private static void accept(JwtDecoder decoder, byte[] token) {
		Jwt jwt = decoder.decode(fresh(token));
		if (!ISSUER.equals(jwt.getClaimAsString("iss")) || jwt.getSubject() == null) {
			throw new IllegalStateException(decoder + " decoded a token without its claims");
		}
	}

	private static void reject(JwtDecoder decoder, byte[] token) {
		try {
			decoder.decode(fresh(token));
		}
		catch (JwtException expected) {
			return;
		}
		throw new IllegalStateException(decoder.getClass().getSimpleName() + " accepted a bad token");
	}

	/** A new String per call, as a request brings: no cached hash code. */
	static String fresh(byte[] token) {
		return new String(token, StandardCharsets.ISO_8859_1);
	}

	private String nextToken() {
		return fresh(this.tokens[this.next++ & (POOL - 1)]);
	}

	// ---- valid tokens ----

	@Benchmark
	public Jwt ours_uncached() {
		return this.ours.decode(nextToken());
	}

	@Benchmark
	public Jwt ours_severalIssuers_uncached() {
		return this.oursSeveralIssuers.decode(nextToken());
	}

	@Benchmark
	public Jwt ours_severalIssuers_cacheHit() {
		return this.oursSeveralIssuersCached.decode(fresh(this.hitToken));
	}

	@Benchmark
	public Jwt ours_cacheHit() {
		return this.oursCached.decode(fresh(this.hitToken));
	}

	@Benchmark
	public Jwt ours_cacheHit_appValidator() {
		return this.oursCachedAppValidator.decode(fresh(this.hitToken));
	}

	@Benchmark
	public Jwt stock_nimbusJwtDecoder() {
		return stock().decode(nextToken());
	}

	@Benchmark
	public JWTClaimsSet raw_nimbus() throws Exception {
		if (this.raw == null) {
			throw new UnsupportedOperationException(NO_STOCK);
		}
		return this.raw.decode(nextToken());
	}

	/** Cost of producing the per-op String alone, to subtract mentally. */
	@Benchmark
	public String baseline_freshString() {
		return nextToken();
	}

	/**
	 * A new String of the cache-hit token plus its hash code: what the cache lookup must
	 * compute for every request before it can find the entry (String caches the hash only
	 * per instance, and each request brings a new instance).
	 */
	@Benchmark
	public int baseline_freshStringHash() {
		return fresh(this.hitToken).hashCode();
	}

	// ---- rejections (through the production decoder, cache on) ----

	@Benchmark
	public void ours_reject_garbage(Blackhole bh) {
		rejectInto(this.oursCached, this.garbage, bh);
	}

	@Benchmark
	public void ours_reject_badSignature(Blackhole bh) {
		rejectInto(this.oursCached, this.badSignature, bh);
	}

	@Benchmark
	public void stock_reject_garbage(Blackhole bh) {
		rejectInto(stock(), this.garbage, bh);
	}

	@Benchmark
	public void stock_reject_badSignature(Blackhole bh) {
		rejectInto(stock(), this.badSignature, bh);
	}

	private NimbusJwtDecoder stock() {
		if (this.stock == null) {
			throw new UnsupportedOperationException(NO_STOCK);
		}
		return this.stock;
	}

	private static void rejectInto(JwtDecoder decoder, byte[] token, Blackhole bh) {
		try {
			bh.consume(decoder.decode(fresh(token)));
		}
		catch (JwtException ex) {
			bh.consume(ex);
		}
	}

	@Benchmark
	public Jwt ours_cacheHit_10kTokens(ManyTokens many) {
		int i = many.next++;
		if (many.next == ManyTokens.FITS) {
			many.next = 0;
		}
		return many.fits.decode(fresh(many.tokens[i]));
	}

	@Benchmark
	public Jwt ours_cache_11kTokensOverCapacity(ManyTokens many) {
		int i = many.next++;
		if (many.next == ManyTokens.OVER) {
			many.next = 0;
		}
		return many.over.decode(fresh(many.tokens[i]));
	}

	/**
	 * The cache with a large working set. {@code fits}: a cache of 10,000 entries (the
	 * default {@code jwt.auth.cache.max-size}) holding 10,000 distinct valid tokens, each
	 * operation presents the next one: every call is a hit. {@code over}: the same cache
	 * size cycling through 11,000 tokens (10% more than it holds), to show what happens
	 * when the live tokens outnumber {@code max-size}.
	 */
	@State(Scope.Thread)
	public static class ManyTokens {

		static final int FITS = 10_000;

		static final int OVER = 11_000;

		byte[][] tokens;

		int next;

		JwtAuthDecoder fits;

		JwtAuthDecoder over;

		@Setup(Level.Trial)
		public void setUp(DecoderBenchmark benchmark) {
			SecureRandom random = new SecureRandom();
			this.tokens = IntStream.range(0, OVER)
				.parallel()
				.mapToObj((i) -> benchmark.factory.mint("user-" + i, "many-" + i + "-" + random.nextLong()))
				.map((t) -> t.getBytes(StandardCharsets.ISO_8859_1))
				.toArray(byte[][]::new);
			Clock clock = Clock.systemUTC();
			this.fits = newDecoder(benchmark.key, clock, FITS).build();
			this.over = newDecoder(benchmark.key, clock, FITS).build();
			for (int i = 0; i < FITS; i++) {
				accept(this.fits, this.tokens[i]);
			}
			if (this.fits.getCache().size() != FITS) {
				throw new IllegalStateException(
						"expected " + FITS + " cached tokens, got " + this.fits.getCache().size());
			}
			for (byte[] token : this.tokens) {
				accept(this.over, token);
			}
		}

	}

	/**
	 * Signs tokens as jwt-auth issues them ({@code typ at+jwt}, {@code kid}, the claims
	 * of jwt-auth-test's {@link TestJwts}), with a {@link JwtSigner} of any algorithm.
	 */
	static final class Minter {

		private final JwtSigner signer;

		Minter(JwtSigner signer) {
			this.signer = signer;
		}

		String mint(String subject, String tokenId) {
			java.time.Instant now = java.time.Instant.now();
			return Signers.sign(this.signer, TestJwts.header(this.signer.algorithm(), KEY_ID).build(),
					TestJwts.claims(subject, now)
						.jwtID(tokenId)
						.expirationTime(Date.from(now.plus(Duration.ofHours(2))))
						.build());
		}

	}

	/** Parse, verify with a verifier built once, check typ and claims: nimbus alone. */
	static final class RawNimbus {

		private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

		private final JWSAlgorithm algorithm;

		private final JWSVerifier verifier;

		RawNimbus(JWSAlgorithm algorithm, JWSVerifier verifier) {
			this.algorithm = algorithm;
			this.verifier = verifier;
		}

		JWTClaimsSet decode(String token) throws Exception {
			SignedJWT jwt = SignedJWT.parse(token);
			JWSHeader header = jwt.getHeader();
			if (!this.algorithm.equals(header.getAlgorithm()) || !AT_JWT.equals(header.getType())
					|| header.getCriticalParams() != null) {
				throw new JOSEException("bad header");
			}
			if (!jwt.verify(this.verifier)) {
				throw new JOSEException("bad signature");
			}
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			long now = System.currentTimeMillis();
			long skew = CLOCK_SKEW.toMillis();
			Date exp = claims.getExpirationTime();
			Date nbf = claims.getNotBeforeTime();
			Date iat = claims.getIssueTime();
			if (exp == null || exp.getTime() + skew <= now || (nbf != null && nbf.getTime() - skew > now) || iat == null
					|| iat.getTime() - skew > now) {
				throw new JOSEException("bad times");
			}
			List<String> audience = claims.getAudience();
			if (!ISSUER.equals(claims.getIssuer()) || audience == null || !audience.contains(AUDIENCE)
					|| claims.getSubject() == null) {
				throw new JOSEException("bad claims");
			}
			return claims;
		}

	}

}
