package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.support.CompactJws;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.Assert;

/**
 * The strict access-token decoder. In this order, for every token:
 * <ol>
 * <li>size and shape: oversized or non-JWS text is refused before parsing;</li>
 * <li>the validated-token cache: a hit skips steps 3 to 5 (never step 6);</li>
 * <li>canonical base64url in every segment (one spelling per token), then the header
 * policy: the configured {@code typ} is required; {@code crit}, embedded keys
 * ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}), the JWE parameters ({@code enc},
 * {@code zip}, {@code epk}, {@code apu}, {@code apv}, {@code iv}, {@code tag},
 * {@code p2s}, {@code p2c}), {@code cty} and {@code b64} are refused;</li>
 * <li>with several trusted issuers ({@link #withIssuers}), the issuer: chosen by the
 * token's {@code iss}, read from the payload before the signature is verified, by a map
 * look-up only; a token without {@code iss} or of an issuer that is not trusted is
 * refused here, before any key is looked up or fetched;</li>
 * <li>the signature, by a trusted key (of the token's issuer) of exactly the token's
 * algorithm, chosen by the {@link JwsVerifierResolver};</li>
 * <li>the registered claims ({@code iss}, {@code aud}, {@code exp}, {@code nbf},
 * {@code iat}, {@code sub}, {@code jti}) by an {@link AccessTokenClaimsValidator} (of the
 * token's issuer);</li>
 * <li>on every call, cached or not: the revocation check first, then every validator
 * added with {@link Builder#validator}, so a validator that depends on current state
 * (user disabled, password changed) refuses a token that is already cached.</li>
 * </ol>
 * Every refusal is a {@link BadJwtException}, so a bad token always ends as 401
 * {@code invalid_token}, never as a server error, and says why as a
 * {@link TokenRefusalReason} ({@link TokenRefusalReason#of(Throwable)}), for metrics.
 * <p>
 * Build one with {@link #withKeys}, {@link #withJwkSetUri}, {@link #withVerifiers} or
 * {@link #withIssuers}. The revocation check is required by every factory method and
 * cannot be removed afterwards, and the header policy has no switch: customising the
 * decoder (for example through a {@link JwtAuthDecoderCustomizer}) adds checks but never
 * takes one away.
 */
public final class JwtAuthDecoder implements JwtDecoder {

	/**
	 * The header parameters a signed access token must not carry, with the reason given
	 * to the client: {@code crit} (no extension is understood), keys or key locations
	 * chosen by the token itself (RFC 8725 §3.10), the parameters of JWE (RFC 7516, RFC
	 * 7518 §4.6, §4.7, §4.8) and compression, {@code cty} (a nested token or another
	 * content type: an access token's payload is its claims) and {@code b64} (RFC 7797
	 * unencoded payload).
	 */
	private static final Map<String, String> REFUSED_HEADER_PARAMETERS = refusedHeaderParameters();

	private final int maxLength;

	private final String expectedType;

	/**
	 * The one issuer of a decoder built without {@link #withIssuers}, {@code null}
	 * otherwise.
	 */
	private final @Nullable Trust single;

	/**
	 * The trusted issuers by {@code iss}, empty for a decoder of one issuer.
	 */
	private final Map<String, Trust> byIssuer;

	private final @Nullable TrustedIssuers trustedIssuers;

	/**
	 * The current version of the keys of a cached token's issuer, allocated once.
	 */
	private final Function<Jwt, Object> keySetVersions;

	private final OAuth2TokenValidator<Jwt> everyRequestValidator;

	private final OAuth2TokenValidator<Jwt> revocation;

	private final @Nullable ValidatedTokenCache cache;

	private JwtAuthDecoder(Builder builder, @Nullable Trust single, Map<String, Trust> byIssuer,
			OAuth2TokenValidator<Jwt> everyRequestValidator, @Nullable ValidatedTokenCache cache) {
		this.maxLength = builder.maxLength;
		this.expectedType = builder.tokenType.toLowerCase(Locale.ROOT);
		this.single = single;
		this.byIssuer = byIssuer;
		this.keySetVersions = (single != null) ? (jwt) -> single.verifiers().keySetVersion() : this::keySetVersionOf;
		this.trustedIssuers = builder.issuers;
		this.everyRequestValidator = everyRequestValidator;
		this.revocation = builder.revocation;
		this.cache = cache;
	}

	/**
	 * A decoder that verifies with an issuer's own keys (the active one and the others),
	 * following the source when its keys rotate.
	 * @param keys the key source, for example a {@link JwtKeySet}
	 * @param revocation the revocation check, run on every call (for example a
	 * {@code RevocationValidator})
	 * @return a builder
	 */
	public static Builder withKeys(JwtKeySource keys, OAuth2TokenValidator<Jwt> revocation) {
		Assert.notNull(keys, "keys must not be null");
		return withVerifiers(new LocalJwsVerifierResolver(keys), revocation);
	}

	/**
	 * A decoder that verifies another issuer's tokens with the keys of its JWK Set,
	 * cached with the defaults of {@link io.github.jwtauth.keys.remote.JwkSetCache}.
	 * @param jwkSetUri the JWK Set URL
	 * @param algorithms the accepted (asymmetric) algorithms, or an empty set for those
	 * the keys declare
	 * @param revocation the revocation check, run on every call
	 * @return a builder
	 */
	public static Builder withJwkSetUri(String jwkSetUri, Set<JWSAlgorithm> algorithms,
			OAuth2TokenValidator<Jwt> revocation) {
		return withVerifiers(new RemoteJwsVerifierResolver(jwkSetUri, algorithms), revocation);
	}

	/**
	 * A decoder that verifies with the verifiers a resolver chooses.
	 * @param verifiers chooses the trusted verifier for a token's header
	 * @param revocation the revocation check, run on every call
	 * @return a builder
	 */
	public static Builder withVerifiers(JwsVerifierResolver verifiers, OAuth2TokenValidator<Jwt> revocation) {
		Assert.notNull(verifiers, "verifiers must not be null");
		return new Builder(verifiers, null, revocation);
	}

	/**
	 * A decoder that accepts the tokens of several issuers, each verified with its own
	 * keys and checked against its own audiences and {@code jti} rule. The issuer is
	 * chosen by the token's {@code iss} before the signature is verified (as Spring
	 * Security's {@code JwtIssuerAuthenticationManagerResolver} does): a token without
	 * {@code iss}, or of an issuer that is not among them, is refused without asking any
	 * resolver, so an unverified token never causes a network call. Every other check
	 * (size, shape, header policy, cache, revocation, the validators) is the same as for
	 * one issuer. Do not call {@link Builder#issuer} or {@link Builder#audiences}: each
	 * issuer brings its own.
	 * @param issuers the trusted issuers
	 * @param revocation the revocation check, run on every call
	 * @return a builder
	 */
	public static Builder withIssuers(TrustedIssuers issuers, OAuth2TokenValidator<Jwt> revocation) {
		Assert.notNull(issuers, "issuers must not be null");
		return new Builder(null, issuers, revocation);
	}

	/**
	 * Decode a token presented as a bearer token (RFC 6750). A sender-constrained token
	 * (one with {@code cnf}, such as a DPoP-bound token) is refused: presented without
	 * its proof it must not work (RFC 9449 §7.2).
	 * @param token the token
	 * @return the verified token
	 * @throws BadJwtException if the token is refused
	 */
	@Override
	public Jwt decode(@Nullable String token) {
		Jwt jwt = verifyAndValidate(token);
		if (ConfirmationClaim.isPresent(jwt)) {
			throw new InvalidTokenException("A sender-constrained token cannot be used as a bearer token",
					TokenRefusalReason.SENDER_CONSTRAINED);
		}
		return jwt;
	}

	/**
	 * Decode a token presented with the {@code DPoP} scheme (RFC 9449 §7.1): it must be
	 * DPoP-bound ({@code cnf.jkt}). The caller must then verify the request's proof
	 * against {@link ConfirmationClaim#jkt(Jwt)} before trusting the token.
	 * @param token the token
	 * @return the verified token, bound to a DPoP key
	 * @throws BadJwtException if the token is refused or not DPoP-bound
	 */
	public Jwt decodeBound(@Nullable String token) {
		Jwt jwt = verifyAndValidate(token);
		if (ConfirmationClaim.jkt(jwt) == null) {
			throw new InvalidTokenException("The token is not DPoP-bound", TokenRefusalReason.SENDER_CONSTRAINED);
		}
		return jwt;
	}

	/**
	 * Decode a token to revoke it (logout, RFC 7009): every check of {@link #decode},
	 * except that a sender-constrained token is accepted too, since revoking only takes
	 * rights away. Never use the result to authenticate a request.
	 * @param token the token
	 * @return the verified token
	 * @throws BadJwtException if the token is refused
	 */
	public Jwt decodeForRevocation(@Nullable String token) {
		return verifyAndValidate(token);
	}

	private Jwt verifyAndValidate(@Nullable String token) {
		if (token == null || token.isEmpty() || token.length() > this.maxLength) {
			throw (token == null || token.isEmpty())
					? new InvalidTokenException("Empty token", TokenRefusalReason.MALFORMED)
					: new InvalidTokenException("Token too long", TokenRefusalReason.TOO_LONG);
		}
		ValidatedTokenCache cache = this.cache;
		// a cached token counts only while the keys of its (verified) issuer are those
		// that verified it
		Jwt jwt = (cache != null) ? cache.get(token, this.keySetVersions) : null;
		if (jwt == null) {
			jwt = verify(token);
		}
		validate(jwt, this.everyRequestValidator);
		return jwt;
	}

	/**
	 * The trusted issuers of a decoder built with {@link #withIssuers}.
	 * @return the issuers, or {@code null} for a decoder of one issuer
	 */
	public @Nullable TrustedIssuers getTrustedIssuers() {
		return this.trustedIssuers;
	}

	/**
	 * The validated-token cache, if enabled.
	 * @return the cache or {@code null}
	 */
	public @Nullable ValidatedTokenCache getCache() {
		return this.cache;
	}

	/**
	 * The revocation check this decoder runs on every call.
	 * @return the revocation check given when the decoder was built
	 */
	public OAuth2TokenValidator<Jwt> getRevocationCheck() {
		return this.revocation;
	}

	/**
	 * Verify a token that is not in the cache, validate its registered claims, and cache
	 * it.
	 * @param token the token
	 * @return the verified token
	 */
	private Jwt verify(String token) {
		if (!CompactJws.isCanonical(token)) {
			throw new InvalidTokenException("Malformed token", TokenRefusalReason.MALFORMED);
		}
		int firstDot = token.indexOf('.');
		int secondDot = token.indexOf('.', firstDot + 1);
		JWSHeader header = parseHeader(token.substring(0, firstDot));
		String payload = token.substring(firstDot + 1, secondDot);
		Trust trust = this.single;
		Map<String, Object> claims = null;
		if (trust == null) {
			// several issuers: the token's (unverified) iss only chooses whose keys and
			// rules apply; an unknown one is refused before any key is looked up
			claims = parsePayload(payload);
			trust = select(claims);
		}
		// read before verifying: if the keys change meanwhile, the entry is of the old
		// version and the next hit verifies again
		ValidatedTokenCache cache = this.cache;
		Object keys = (cache != null) ? trust.verifiers().keySetVersion() : null;
		JWSVerifier verifier = trust.verifiers().resolve(header);
		Jwt jwt;
		try {
			byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
			if (!verifier.verify(header, signingInput, new Base64URL(token.substring(secondDot + 1)))) {
				throw new InvalidTokenException("Invalid signature", TokenRefusalReason.BAD_SIGNATURE);
			}
			JWTClaimsSet claimsSet = (claims != null) ? JWTClaimsSet.parse(claims)
					: JWTClaimsSet.parse(new Base64URL(payload).decodeToString());
			jwt = toJwt(token, header, claimsSet);
		}
		catch (JOSEException | ParseException | RuntimeException ex) {
			if (ex instanceof BadJwtException bad) {
				throw bad;
			}
			throw new InvalidTokenException("Malformed token", TokenRefusalReason.MALFORMED);
		}
		validate(jwt, trust.claims());
		if (cache != null && keys != null) {
			cache.put(token, jwt, keys);
		}
		return jwt;
	}

	private static Map<String, Object> parsePayload(String encoded) {
		try {
			return JSONObjectUtils.parse(new Base64URL(encoded).decodeToString());
		}
		catch (ParseException | RuntimeException ex) {
			throw new InvalidTokenException("Malformed token", TokenRefusalReason.MALFORMED);
		}
	}

	/**
	 * The trusted issuer named by a token's (not yet verified) {@code iss}: a map
	 * look-up, never a network call.
	 * @param claims the token's claims
	 * @return the issuer's keys and rules
	 */
	private Trust select(Map<String, Object> claims) {
		Object issuer = claims.get("iss");
		if (issuer == null) {
			throw new InvalidTokenException("Missing iss claim", TokenRefusalReason.MISSING_CLAIM);
		}
		if (!(issuer instanceof String name)) {
			throw new InvalidTokenException("Invalid iss claim", TokenRefusalReason.MALFORMED);
		}
		Trust trust = this.byIssuer.get(name);
		if (trust == null) {
			throw new InvalidTokenException("Unknown issuer", TokenRefusalReason.WRONG_ISSUER);
		}
		return trust;
	}

	/**
	 * The current version of the keys of a cached (hence verified) token's issuer.
	 * @param jwt the cached token
	 * @return the version, or an object no entry carries
	 */
	private Object keySetVersionOf(Jwt jwt) {
		Object issuer = jwt.getClaims().get("iss");
		Trust trust = (issuer instanceof String name) ? this.byIssuer.get(name) : null;
		return (trust != null) ? trust.verifiers().keySetVersion() : new Object();
	}

	/**
	 * Parse the header once into a JSON object, refuse every parameter of
	 * {@link #REFUSED_HEADER_PARAMETERS} by its name (so that one which nimbus reads into
	 * a default, such as {@code "b64":true}, is refused too), then check {@code typ}.
	 * @param encoded the first segment
	 * @return the header
	 */
	private JWSHeader parseHeader(String encoded) {
		Base64URL base64 = new Base64URL(encoded);
		JWSHeader header;
		try {
			// nimbus's own bound on a header, as when it parses a whole token
			Map<String, Object> json = JSONObjectUtils.parse(base64.decodeToString(), Header.MAX_HEADER_STRING_LENGTH);
			for (String name : json.keySet()) {
				String refusal = REFUSED_HEADER_PARAMETERS.get(name);
				if (refusal != null) {
					throw new InvalidTokenException(refusal, TokenRefusalReason.HEADER);
				}
			}
			header = JWSHeader.parse(json, base64);
		}
		catch (ParseException | RuntimeException ex) {
			if (ex instanceof BadJwtException bad) {
				throw bad;
			}
			throw new InvalidTokenException("Malformed token", TokenRefusalReason.MALFORMED);
		}
		if (!typeAccepted(header.getType())) {
			throw new InvalidTokenException("Invalid token type", TokenRefusalReason.WRONG_TYPE);
		}
		return header;
	}

	private static Map<String, String> refusedHeaderParameters() {
		Map<String, String> refused = new HashMap<>();
		refused.put("crit", "Unsupported critical header");
		for (String name : List.of("jwk", "jku", "x5u", "x5c")) {
			refused.put(name, "Embedded keys are not accepted");
		}
		for (String name : List.of("enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c")) {
			refused.put(name, "Encryption header parameters are not accepted");
		}
		refused.put("cty", "Content type header is not accepted");
		refused.put("b64", "Unencoded payload is not accepted");
		return Map.copyOf(refused);
	}

	private boolean typeAccepted(@Nullable JOSEObjectType type) {
		if (type == null) {
			return "jwt".equals(this.expectedType);
		}
		String value = type.getType().toLowerCase(Locale.ROOT);
		if (value.startsWith("application/")) {
			value = value.substring("application/".length());
		}
		return value.equals(this.expectedType);
	}

	private static Jwt toJwt(String token, JWSHeader header, JWTClaimsSet claimsSet) {
		Map<String, Object> claims = new LinkedHashMap<>(claimsSet.getClaims());
		for (Map.Entry<String, Object> claim : claims.entrySet()) {
			Object value = claim.getValue();
			switch (claim.getKey()) {
				case "exp", "iat", "nbf" -> {
					if (!(value instanceof Date date)) {
						throw new InvalidTokenException("Invalid " + claim.getKey() + " claim",
								TokenRefusalReason.MALFORMED);
					}
					claim.setValue(date.toInstant());
				}
				case "aud" -> claim.setValue(audience(value));
				case "iss", "sub", "jti", "sid" -> {
					if (!(value instanceof String)) {
						throw new InvalidTokenException("Invalid " + claim.getKey() + " claim",
								TokenRefusalReason.MALFORMED);
					}
				}
				default -> {
				}
			}
		}
		if (claims.isEmpty()) {
			throw new InvalidTokenException("Missing claims", TokenRefusalReason.MALFORMED);
		}
		return new Jwt(token, (Instant) claims.get("iat"), (Instant) claims.get("exp"), header.toJSONObject(), claims);
	}

	private static List<String> audience(Object value) {
		if (value instanceof String single) {
			return List.of(single);
		}
		if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			return list.stream().map(String.class::cast).toList();
		}
		throw new InvalidTokenException("Invalid aud claim", TokenRefusalReason.MALFORMED);
	}

	private static void validate(Jwt jwt, OAuth2TokenValidator<Jwt> validator) {
		OAuth2TokenValidatorResult result;
		try {
			result = validator.validate(jwt);
		}
		catch (RuntimeException ex) {
			throw new InvalidTokenException("Invalid claims", TokenRefusalReason.VALIDATOR);
		}
		if (result.hasErrors()) {
			String description = result.getErrors()
				.stream()
				.map(OAuth2Error::getDescription)
				.filter((d) -> d != null && !d.isEmpty())
				.findFirst()
				.orElse("Invalid token");
			throw new StacklessValidationException(description, result.getErrors());
		}
	}

	/**
	 * A failed validation (expired, revoked, wrong audience…), without a stack trace for
	 * the same reason as {@link InvalidTokenException}.
	 */
	static final class StacklessValidationException extends JwtValidationException {

		StacklessValidationException(String message, Collection<OAuth2Error> errors) {
			super(message, errors);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

	/**
	 * One trusted issuer as the decoder uses it: the keys that verify its tokens and the
	 * registered claims' validator.
	 */
	private record Trust(JwsVerifierResolver verifiers, OAuth2TokenValidator<Jwt> claims) {
	}

	/**
	 * Runs validators in order and answers the first failure: unlike
	 * {@code DelegatingOAuth2TokenValidator} it allocates nothing when every validator
	 * succeeds, which matters on the cache-hit path.
	 */
	private static final class FirstFailureValidator implements OAuth2TokenValidator<Jwt> {

		private final OAuth2TokenValidator<Jwt>[] validators;

		@SuppressWarnings("unchecked")
		FirstFailureValidator(OAuth2TokenValidator<Jwt> first, List<OAuth2TokenValidator<Jwt>> rest) {
			List<OAuth2TokenValidator<Jwt>> all = new ArrayList<>();
			all.add(first);
			all.addAll(rest);
			this.validators = all.toArray(new OAuth2TokenValidator[0]);
		}

		@Override
		public OAuth2TokenValidatorResult validate(Jwt jwt) {
			for (OAuth2TokenValidator<Jwt> validator : this.validators) {
				OAuth2TokenValidatorResult result = validator.validate(jwt);
				if (result.hasErrors()) {
					return result;
				}
			}
			return OAuth2TokenValidatorResult.success();
		}

	}

	/**
	 * Builds a {@link JwtAuthDecoder}. The verifiers and the revocation check are fixed
	 * when the builder is created; everything else can be tuned, and checks can be added
	 * but not removed.
	 */
	public static final class Builder {

		private final @Nullable JwsVerifierResolver verifiers;

		private final @Nullable TrustedIssuers issuers;

		private final OAuth2TokenValidator<Jwt> revocation;

		private final List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();

		private @Nullable String issuer;

		private List<String> audiences = List.of();

		private Duration clockSkew = Duration.ofSeconds(30);

		private Clock clock = Clock.systemUTC();

		private String tokenType = "at+jwt";

		private int maxLength = 8192;

		private int cacheSize = 10_000;

		private @Nullable Boolean requireTokenId;

		private Builder(@Nullable JwsVerifierResolver verifiers, @Nullable TrustedIssuers issuers,
				OAuth2TokenValidator<Jwt> revocation) {
			Assert.notNull(revocation, "revocation must not be null");
			this.verifiers = verifiers;
			this.issuers = issuers;
			this.revocation = revocation;
		}

		/**
		 * The issuer every token must name in {@code iss}. Required for a decoder of one
		 * issuer; not allowed with {@link JwtAuthDecoder#withIssuers}.
		 * @param issuer the issuer
		 * @return this builder
		 */
		public Builder issuer(String issuer) {
			Assert.hasText(issuer, "issuer must not be empty");
			this.issuer = issuer;
			return this;
		}

		/**
		 * The audiences of which every token must name one in {@code aud}. Required for a
		 * decoder of one issuer; not allowed with {@link JwtAuthDecoder#withIssuers}.
		 * @param audiences the audiences
		 * @return this builder
		 */
		public Builder audiences(Collection<String> audiences) {
			Assert.notEmpty(audiences, "audiences must not be empty");
			this.audiences = List.copyOf(audiences);
			return this;
		}

		/**
		 * The tolerated clock difference for {@code exp}, {@code nbf} and {@code iat}
		 * (default 30 seconds, at most 5 minutes).
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
		 * The clock that decides expiry (default the system clock, UTC).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * The {@code typ} header every token must carry (default {@code at+jwt}, RFC
		 * 9068); {@code JWT} also accepts a token without {@code typ}.
		 * @param tokenType the token type
		 * @return this builder
		 */
		public Builder tokenType(String tokenType) {
			Assert.hasText(tokenType, "tokenType must not be empty");
			this.tokenType = tokenType;
			return this;
		}

		/**
		 * Whether every token must carry a {@code jti} (default {@code true}). Turn it
		 * off only to verify the tokens of another issuer that writes none: such a token
		 * cannot be revoked on its own, only with its session ({@code sid}) or by its
		 * subject's cut-off ({@code revokeAllTokens}). With
		 * {@link JwtAuthDecoder#withIssuers} each issuer's own rule applies
		 * ({@link TrustedIssuer#isTokenIdRequired()}); {@code true} here requires
		 * {@code jti} of every issuer, {@code false} loosens nothing.
		 * @param requireTokenId whether {@code jti} is required
		 * @return this builder
		 */
		public Builder requireTokenId(boolean requireTokenId) {
			this.requireTokenId = requireTokenId;
			return this;
		}

		/**
		 * The longest token accepted, in characters (default 8192, at most 65536); longer
		 * ones are refused before parsing.
		 * @param maxLength the maximum length
		 * @return this builder
		 */
		public Builder maxLength(int maxLength) {
			Assert.isTrue(maxLength >= 256 && maxLength <= 65_536, "maxLength must be between 256 and 65536");
			this.maxLength = maxLength;
			return this;
		}

		/**
		 * The most tokens the validated-token cache holds (default 10,000); 0 turns the
		 * cache off.
		 * @param cacheSize the cache size
		 * @return this builder
		 */
		public Builder cacheSize(int cacheSize) {
			Assert.isTrue(cacheSize >= 0, "cacheSize must not be negative");
			this.cacheSize = cacheSize;
			return this;
		}

		/**
		 * Add a validator. It runs on every call, after the revocation check, also for a
		 * token from the cache.
		 * @param validator the validator
		 * @return this builder
		 */
		public Builder validator(OAuth2TokenValidator<Jwt> validator) {
			Assert.notNull(validator, "validator must not be null");
			this.validators.add(validator);
			return this;
		}

		/**
		 * Build the decoder.
		 * @return the decoder
		 */
		public JwtAuthDecoder build() {
			Trust single = null;
			Map<String, Trust> byIssuer = new HashMap<>();
			if (this.issuers != null) {
				Assert.state(this.issuer == null && this.audiences.isEmpty(),
						"With several issuers, each trusted issuer brings its issuer and audiences");
				for (TrustedIssuer trusted : this.issuers) {
					boolean requireTokenId = trusted.isTokenIdRequired() || Boolean.TRUE.equals(this.requireTokenId);
					byIssuer.put(trusted.getIssuer(),
							new Trust(trusted.getVerifiers(), new AccessTokenClaimsValidator(trusted.getIssuer(),
									trusted.getAudiences(), this.clockSkew, this.clock, requireTokenId)));
				}
			}
			else {
				Assert.state(this.issuer != null, "An issuer is required");
				Assert.state(!this.audiences.isEmpty(), "At least one audience is required");
				Assert.state(this.verifiers != null, "verifiers are required");
				single = new Trust(this.verifiers, new AccessTokenClaimsValidator(this.issuer, this.audiences,
						this.clockSkew, this.clock, !Boolean.FALSE.equals(this.requireTokenId)));
			}
			OAuth2TokenValidator<Jwt> everyRequestValidator = this.validators.isEmpty() ? this.revocation
					: new FirstFailureValidator(this.revocation, this.validators);
			ValidatedTokenCache cache = (this.cacheSize > 0) ? new ValidatedTokenCache(this.cacheSize, this.clock)
					: null;
			return new JwtAuthDecoder(this, single, Map.copyOf(byIssuer), everyRequestValidator, cache);
		}

	}

}
