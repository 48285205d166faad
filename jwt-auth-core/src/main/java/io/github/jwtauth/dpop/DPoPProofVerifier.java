package io.github.jwtauth.dpop;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.support.CompactJws;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Verifies DPoP proofs (RFC 9449 §4.3), cheapest checks first so that a bad proof costs
 * little and only a good one reaches the signature and the replay store:
 * <ol>
 * <li>size and shape: at most {@link Builder#maxLength} characters of canonical compact
 * JWS;</li>
 * <li>the header, parsed once: {@code typ} {@code dpop+jwt}, {@code alg} one of the
 * accepted asymmetric algorithms (never {@code none} or an HMAC), {@code jwk} a public
 * key that fits the algorithm (RSA of 2048 to 4096 bits, EC on the algorithm's curve,
 * Ed25519); {@code crit}, {@code jku}, {@code x5u}, {@code x5c} and {@code b64}
 * refused;</li>
 * <li>the key's RFC 7638 thumbprint, which must equal the token's {@code cnf.jkt} when a
 * bound token is presented;</li>
 * <li>the claims: {@code htm} the request method, {@code htu} the request URI (compared
 * after {@link TargetUri normalisation}), {@code iat} within {@link Builder#maxAge} in
 * the past and {@link Builder#clockSkew} in the future, {@code jti} present, {@code ath}
 * the hash of the presented access token, {@code nonce} a current server nonce when
 * {@link Builder#nonces nonces} are on;</li>
 * <li>the signature, by a verifier kept per key (Bouncy Castle for ECDSA and EdDSA when
 * it is on the class path);</li>
 * <li>last, the {@link DPoPProofReplayStore}: a proof is accepted once.</li>
 * </ol>
 */
public final class DPoPProofVerifier {

	/**
	 * The algorithms accepted by default.
	 */
	public static final List<JWSAlgorithm> DEFAULT_ALGORITHMS = List.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
			JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.RS256, JWSAlgorithm.PS256);

	/**
	 * Seconds a proof is remembered beyond the last moment it is accepted.
	 */
	private static final long REPLAY_MARGIN_SECONDS = 30;

	private static final Set<String> REFUSED_HEADERS = Set.of("crit", "jku", "x5u", "x5c", "b64", "zip", "enc");

	private final Map<String, JWSAlgorithm> algorithms;

	private final Map<JWSAlgorithm, JWSHeader> headers;

	private final String algorithmNames;

	private final long maxAgeSeconds;

	private final long clockSkewSeconds;

	private final int maxLength;

	private final DPoPProofReplayStore replayStore;

	private final @Nullable DPoPNonces nonces;

	private final Clock clock;

	private final ProofKeys keys;

	private DPoPProofVerifier(Builder builder) {
		this.algorithms = builder.algorithms.stream()
			.collect(Collectors.toUnmodifiableMap(JWSAlgorithm::getName, (a) -> a));
		this.headers = builder.algorithms.stream().collect(Collectors.toUnmodifiableMap((a) -> a, JWSHeader::new));
		this.algorithmNames = builder.algorithms.stream().map(JWSAlgorithm::getName).collect(Collectors.joining(" "));
		this.maxAgeSeconds = builder.maxAge.toSeconds();
		this.clockSkewSeconds = builder.clockSkew.toSeconds();
		this.maxLength = builder.maxLength;
		this.replayStore = builder.replayStore;
		this.nonces = builder.nonces;
		this.clock = builder.clock;
		this.keys = new ProofKeys(builder.maxCachedKeys);
	}

	/**
	 * Start building a verifier.
	 * @param replayStore remembers the proofs seen, shared by every instance
	 * @return a builder
	 */
	public static Builder withReplayStore(DPoPProofReplayStore replayStore) {
		return new Builder(replayStore);
	}

	/**
	 * Verify the proof of a request to a token endpoint (no access token presented).
	 * @param proof the {@code DPoP} header
	 * @param method the request method
	 * @param requestUri the request's absolute URI
	 * @return the verified proof
	 * @throws DPoPProofException if the proof is refused
	 * @throws DPoPUnavailableException if the replay store cannot answer
	 */
	public DPoPProof verify(@Nullable String proof, String method, String requestUri) {
		return verify(proof, method, requestUri, null, null);
	}

	/**
	 * Verify the proof of a request.
	 * @param proof the {@code DPoP} header
	 * @param method the request method
	 * @param requestUri the request's absolute URI
	 * @param accessToken the access token presented with it, whose hash the proof's
	 * {@code ath} must be, or {@code null} at a token endpoint
	 * @param boundKey the token's {@code cnf.jkt}, which the proof's key must have, or
	 * {@code null} at a token endpoint
	 * @return the verified proof
	 * @throws DPoPProofException if the proof is refused
	 * @throws DPoPUnavailableException if the replay store cannot answer
	 */
	public DPoPProof verify(@Nullable String proof, String method, String requestUri, @Nullable String accessToken,
			@Nullable String boundKey) {
		DPoPProof verified = verifyWithoutReplayCheck(proof, method, requestUri, accessToken, boundKey);
		checkReplay(verified);
		return verified;
	}

	/**
	 * Verify everything of a proof but its novelty, for a caller that checks something
	 * else first (a login endpoint, the password) so that requests failing that check
	 * never fill the replay store; it must then call {@link #checkReplay}.
	 * @param proof the {@code DPoP} header
	 * @param method the request method
	 * @param requestUri the request's absolute URI
	 * @param accessToken the access token presented with it, or {@code null}
	 * @param boundKey the token's {@code cnf.jkt}, or {@code null}
	 * @return the proof, verified but for its replay check
	 * @throws DPoPProofException if the proof is refused
	 */
	public DPoPProof verifyWithoutReplayCheck(@Nullable String proof, String method, String requestUri,
			@Nullable String accessToken, @Nullable String boundKey) {
		if (proof == null || proof.isEmpty()) {
			throw DPoPProofException.invalid("A DPoP proof is required");
		}
		if (proof.length() > this.maxLength || !CompactJws.isCanonical(proof)) {
			throw DPoPProofException.invalid("The DPoP proof is malformed");
		}
		int firstDot = proof.indexOf('.');
		int secondDot = proof.indexOf('.', firstDot + 1);
		Map<String, Object> header = json(proof.substring(0, firstDot));
		JWSAlgorithm algorithm = algorithm(header);
		if (!(header.get("jwk") instanceof Map<?, ?> jwkValue)) {
			throw DPoPProofException.invalid("The DPoP proof has no jwk header");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> jwk = (Map<String, Object>) jwkValue;
		String jkt = ProofKeys.thumbprint(jwk, algorithm);
		if (boundKey != null && !boundKey.equals(jkt)) {
			throw DPoPProofException.invalid("The proof's key is not the key the token is bound to");
		}
		Map<String, Object> claims = json(proof.substring(firstDot + 1, secondDot));
		if (!(claims.get("htm") instanceof String htm) || !htm.equals(method)) {
			throw DPoPProofException.invalid("The proof's htm is not the request method");
		}
		if (!(claims.get("htu") instanceof String htu) || !TargetUri.matches(htu, requestUri)) {
			throw DPoPProofException.invalid("The proof's htu is not the request URI");
		}
		Instant issuedAt = issuedAt(claims);
		if (!(claims.get("jti") instanceof String jti) || jti.isEmpty() || jti.length() > 256) {
			throw DPoPProofException.invalid("The proof has no valid jti");
		}
		if (accessToken != null) {
			if (!(claims.get("ath") instanceof String ath)) {
				throw DPoPProofException.invalid("The proof has no ath");
			}
			if (!ath.equals(ProofKeys.sha256(accessToken))) {
				throw DPoPProofException.invalid("The proof's ath is not the hash of the access token");
			}
		}
		String nonce = checkNonce(claims.get("nonce"));
		ProofKeys.Verifier verifier = this.keys.verifier(jwk, algorithm, jkt);
		verifySignature(proof, secondDot, algorithm, verifier.verifier());
		// kept only once it verified a signature, so that made-up keys never fill the
		// cache
		verifier.remember();
		return new DPoPProof(jkt, algorithm, jti, issuedAt, nonce);
	}

	/**
	 * Accept a verified proof once: record it in the replay store.
	 * @param proof a proof from {@link #verifyWithoutReplayCheck}
	 * @throws DPoPProofException if the proof was seen before
	 * @throws DPoPUnavailableException if the replay store cannot answer
	 */
	public void checkReplay(DPoPProof proof) {
		// again, now: the caller may have spent time since the proof was verified, and
		// the
		// store must be asked while the proof is still inside its window
		checkAge(proof.issuedAt().getEpochSecond());
		markUsed(proof.jkt(), proof.tokenId(), proof.issuedAt());
	}

	/**
	 * The accepted algorithms, space-separated, for the {@code algs} parameter of a
	 * {@code WWW-Authenticate: DPoP} challenge.
	 * @return the algorithm names
	 */
	public String getAlgorithmNames() {
		return this.algorithmNames;
	}

	/**
	 * The kept verifiers of client keys, for tests.
	 * @return the proof keys
	 */
	ProofKeys proofKeys() {
		return this.keys;
	}

	/**
	 * The server nonces, if required.
	 * @return the nonces or {@code null}
	 */
	public @Nullable DPoPNonces getNonces() {
		return this.nonces;
	}

	private JWSAlgorithm algorithm(Map<String, Object> header) {
		for (String name : REFUSED_HEADERS) {
			if (header.containsKey(name)) {
				throw DPoPProofException.invalid("The DPoP proof has a refused header parameter '" + name + "'");
			}
		}
		if (!(header.get("typ") instanceof String typ) || !"dpop+jwt".equals(typ.toLowerCase(Locale.ROOT))) {
			throw DPoPProofException.invalid("The DPoP proof's typ must be dpop+jwt");
		}
		JWSAlgorithm algorithm = (header.get("alg") instanceof String alg) ? this.algorithms.get(alg) : null;
		if (algorithm == null) {
			throw DPoPProofException.invalid("The DPoP proof's alg is not one of " + this.algorithmNames);
		}
		return algorithm;
	}

	private Instant issuedAt(Map<String, Object> claims) {
		if (!(claims.get("iat") instanceof Number iat)) {
			throw DPoPProofException.invalid("The proof has no iat");
		}
		long seconds = iat.longValue();
		long now = this.clock.instant().getEpochSecond();
		if (seconds > now + this.clockSkewSeconds) {
			throw DPoPProofException.invalid("The proof's iat is in the future");
		}
		checkAge(seconds);
		return Instant.ofEpochSecond(seconds);
	}

	private void checkAge(long issuedAt) {
		if (issuedAt < this.clock.instant().getEpochSecond() - this.maxAgeSeconds - this.clockSkewSeconds) {
			throw DPoPProofException.invalid("The proof is too old");
		}
	}

	private @Nullable String checkNonce(@Nullable Object value) {
		DPoPNonces required = this.nonces;
		if (required == null) {
			return (value instanceof String nonce) ? nonce : null;
		}
		if (!(value instanceof String nonce)) {
			throw DPoPProofException.useNonce("A DPoP nonce is required", required.current());
		}
		if (!required.isValid(nonce)) {
			throw DPoPProofException.useNonce("The DPoP nonce is not current", required.current());
		}
		return nonce;
	}

	private void verifySignature(String proof, int secondDot, JWSAlgorithm algorithm, JWSVerifier verifier) {
		boolean valid;
		try {
			valid = verifier.verify(this.headers.get(algorithm),
					proof.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII),
					new Base64URL(proof.substring(secondDot + 1)));
		}
		catch (JOSEException | RuntimeException ex) {
			valid = false;
		}
		if (!valid) {
			throw DPoPProofException.invalid("The DPoP proof's signature is invalid");
		}
	}

	private void markUsed(String jkt, String jti, Instant issuedAt) {
		boolean first;
		try {
			// kept well past the last moment the proof is accepted, so that the time
			// between
			// the age check and the store's own clock read, and clocks of instances that
			// differ by a few seconds, fall inside the record's life
			first = this.replayStore.markUsed(ProofKeys.sha256(jkt + ':' + jti),
					issuedAt.plusSeconds(this.maxAgeSeconds + 2 * this.clockSkewSeconds + REPLAY_MARGIN_SECONDS));
		}
		catch (RuntimeException ex) {
			throw new DPoPUnavailableException("The DPoP replay store is unavailable", ex);
		}
		if (!first) {
			throw DPoPProofException.invalid("The DPoP proof has been used before");
		}
	}

	private static Map<String, Object> json(String segment) {
		try {
			return JSONObjectUtils.parse(new Base64URL(segment).decodeToString(), Header.MAX_HEADER_STRING_LENGTH);
		}
		catch (ParseException | RuntimeException ex) {
			throw DPoPProofException.invalid("The DPoP proof is malformed");
		}
	}

	/**
	 * Builds a {@link DPoPProofVerifier}.
	 */
	public static final class Builder {

		private final DPoPProofReplayStore replayStore;

		private Set<JWSAlgorithm> algorithms = new LinkedHashSet<>(DEFAULT_ALGORITHMS);

		private Duration maxAge = Duration.ofSeconds(60);

		private Duration clockSkew = Duration.ofSeconds(5);

		private int maxLength = 4096;

		private int maxCachedKeys = 10_000;

		private @Nullable DPoPNonces nonces;

		private Clock clock = Clock.systemUTC();

		private Builder(DPoPProofReplayStore replayStore) {
			Assert.notNull(replayStore, "replayStore must not be null");
			this.replayStore = replayStore;
		}

		/**
		 * The accepted proof algorithms (default {@link #DEFAULT_ALGORITHMS}): asymmetric
		 * ones only.
		 * @param algorithms the algorithms
		 * @return this builder
		 */
		public Builder algorithms(Collection<JWSAlgorithm> algorithms) {
			Assert.notEmpty(algorithms, "algorithms must not be empty");
			for (JWSAlgorithm algorithm : algorithms) {
				Assert.isTrue(KeyAlgorithms.isAsymmetric(algorithm),
						() -> "DPoP proofs need an asymmetric algorithm, not " + algorithm);
			}
			this.algorithms = new LinkedHashSet<>(algorithms);
			return this;
		}

		/**
		 * How old a proof may be (default 60 seconds, at most 10 minutes): its
		 * {@code iat} no earlier than this (and the clock skew) before now.
		 * @param maxAge the maximum age
		 * @return this builder
		 */
		public Builder maxAge(Duration maxAge) {
			Assert.isTrue(maxAge.toSeconds() >= 1 && maxAge.compareTo(Duration.ofMinutes(10)) <= 0,
					"maxAge must be between 1 second and 10 minutes");
			this.maxAge = maxAge;
			return this;
		}

		/**
		 * How far a proof's {@code iat} may be in the future (default 5 seconds, at most
		 * 5 minutes).
		 * @param clockSkew the clock skew
		 * @return this builder
		 */
		public Builder clockSkew(Duration clockSkew) {
			Assert.isTrue(!clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0,
					"clockSkew must be between 0 and 5 minutes");
			this.clockSkew = clockSkew;
			return this;
		}

		/**
		 * The longest proof accepted, in characters (default 4096, between 512 and
		 * 16384).
		 * @param maxLength the maximum length
		 * @return this builder
		 */
		public Builder maxLength(int maxLength) {
			Assert.isTrue(maxLength >= 512 && maxLength <= 16_384, "maxLength must be between 512 and 16384");
			this.maxLength = maxLength;
			return this;
		}

		/**
		 * How many client keys keep a ready verifier (default 10,000).
		 * @param maxCachedKeys the number of keys
		 * @return this builder
		 */
		public Builder maxCachedKeys(int maxCachedKeys) {
			Assert.isTrue(maxCachedKeys > 0, "maxCachedKeys must be positive");
			this.maxCachedKeys = maxCachedKeys;
			return this;
		}

		/**
		 * Require server nonces (default none).
		 * @param nonces the nonces, or {@code null} for none
		 * @return this builder
		 */
		public Builder nonces(@Nullable DPoPNonces nonces) {
			this.nonces = nonces;
			return this;
		}

		/**
		 * The clock (default the system clock, UTC).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Build the verifier.
		 * @return the verifier
		 */
		public DPoPProofVerifier build() {
			return new DPoPProofVerifier(this);
		}

	}

}
