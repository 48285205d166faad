package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
import io.github.jwtauth.keys.VerificationKey;
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
 * <li>the signature, by a trusted key of exactly the token's algorithm, chosen by the
 * {@link JwsVerifierResolver};</li>
 * <li>the registered claims ({@code iss}, {@code aud}, {@code exp}, {@code nbf},
 * {@code iat}, {@code sub}, {@code jti}) by an {@link AccessTokenClaimsValidator};</li>
 * <li>on every call, cached or not: the revocation check first, then every validator
 * added with {@link Builder#validator}, so a validator that depends on current state
 * (user disabled, password changed) refuses a token that is already cached.</li>
 * </ol>
 * Every refusal is a {@link BadJwtException}, so a bad token always ends as 401
 * {@code invalid_token}, never as a server error.
 * <p>
 * Build one with {@link #withKeys}, {@link #withJwkSetUri} or {@link #withVerifiers}. The
 * revocation check is required by every factory method and cannot be removed afterwards,
 * and the header policy has no switch: customising the decoder (for example through a
 * {@link JwtAuthDecoderCustomizer}) adds checks but never takes one away.
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

	/** The value of each base64url character (RFC 4648 §5), -1 for any other. */
	private static final byte[] BASE64URL = base64UrlValues();

	private final int maxLength;

	private final String expectedType;

	private final JwsVerifierResolver verifiers;

	private final OAuth2TokenValidator<Jwt> claimsValidator;

	private final OAuth2TokenValidator<Jwt> everyRequestValidator;

	private final OAuth2TokenValidator<Jwt> revocation;

	private final @Nullable ValidatedTokenCache cache;

	/** The issuer's own keys, for a decoder built {@link #withKeys}. */
	private final @Nullable JwtKeySource keys;

	/** The key set the cached tokens were verified with. */
	private volatile @Nullable JwtKeySet cachedWith;

	private JwtAuthDecoder(Builder builder, OAuth2TokenValidator<Jwt> claimsValidator,
			OAuth2TokenValidator<Jwt> everyRequestValidator, @Nullable ValidatedTokenCache cache) {
		this.maxLength = builder.maxLength;
		this.expectedType = builder.tokenType.toLowerCase(Locale.ROOT);
		this.verifiers = builder.verifiers;
		this.claimsValidator = claimsValidator;
		this.everyRequestValidator = everyRequestValidator;
		this.revocation = builder.revocation;
		this.cache = cache;
		this.keys = builder.keys;
		this.cachedWith = (this.keys != null) ? this.keys.current() : null;
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
		Builder builder = withVerifiers(new LocalJwsVerifierResolver(keys), revocation);
		builder.keys = keys;
		return builder;
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
		return new Builder(verifiers, revocation);
	}

	@Override
	public Jwt decode(@Nullable String token) {
		if (token == null || token.isEmpty() || token.length() > this.maxLength) {
			throw new InvalidTokenException((token == null || token.isEmpty()) ? "Empty token" : "Token too long");
		}
		JwtKeySet keySet = (this.cache != null) ? forgetTokensOfRemovedKeys() : null;
		Jwt jwt = (this.cache != null) ? this.cache.get(token) : null;
		if (jwt == null) {
			jwt = verify(token);
			validate(jwt, this.claimsValidator);
			// not when the keys changed meanwhile: the token may be of a key just removed
			if (this.cache != null && keySet == this.cachedWith) {
				this.cache.put(token, jwt);
			}
		}
		validate(jwt, this.everyRequestValidator);
		return jwt;
	}

	/**
	 * A cache hit skips the signature check, so when a key leaves this issuer's key set
	 * (retired by a rotation, or removed because it was compromised) the tokens it
	 * verified must leave the cache too: verified again, they are refused. Adding a key
	 * (published ahead of a rotation) or switching the active key keeps the cache.
	 * @return the key set in force now, or {@code null} for a decoder of another issuer
	 */
	private @Nullable JwtKeySet forgetTokensOfRemovedKeys() {
		if (this.keys == null) {
			return null;
		}
		JwtKeySet current = this.keys.current();
		JwtKeySet before = this.cachedWith;
		if (current != before) {
			if (before != null && removesAKey(before, current)) {
				this.cache.clear();
			}
			this.cachedWith = current;
		}
		return current;
	}

	private static boolean removesAKey(JwtKeySet before, JwtKeySet after) {
		Set<VerificationKey> kept = new HashSet<>(after.verificationKeys());
		for (VerificationKey key : before.verificationKeys()) {
			if (!kept.contains(key)) {
				return true;
			}
		}
		return false;
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

	private Jwt verify(String token) {
		if (!isCanonicalCompactJws(token)) {
			throw new InvalidTokenException("Malformed token");
		}
		int firstDot = token.indexOf('.');
		int secondDot = token.indexOf('.', firstDot + 1);
		JWSHeader header = parseHeader(token.substring(0, firstDot));
		JWSVerifier verifier = this.verifiers.resolve(header);
		try {
			byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
			if (!verifier.verify(header, signingInput, new Base64URL(token.substring(secondDot + 1)))) {
				throw new InvalidTokenException("Invalid signature");
			}
			String payload = new Base64URL(token.substring(firstDot + 1, secondDot)).decodeToString();
			return toJwt(token, header, JWTClaimsSet.parse(payload));
		}
		catch (JOSEException | ParseException | RuntimeException ex) {
			if (ex instanceof BadJwtException bad) {
				throw bad;
			}
			throw new InvalidTokenException("Malformed token");
		}
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
					throw new InvalidTokenException(refusal);
				}
			}
			header = JWSHeader.parse(json, base64);
		}
		catch (ParseException | RuntimeException ex) {
			if (ex instanceof BadJwtException bad) {
				throw bad;
			}
			throw new InvalidTokenException("Malformed token");
		}
		if (!typeAccepted(header.getType())) {
			throw new InvalidTokenException("Invalid token type");
		}
		return header;
	}

	/**
	 * Three non-empty segments in canonical base64url (the signature may be empty only to
	 * be refused later): the alphabet of RFC 4648 §5 without padding, no segment of a
	 * length that is 1 modulo 4, and no bit set in the unused low bits of a segment's
	 * last character. So a token has exactly one spelling: a variant that decodes to the
	 * same bytes is refused, and a cache hit (keyed by the exact text) can only be a
	 * token that passed this check. A cheap check before anything is parsed, so garbage
	 * costs almost nothing.
	 * @param token the token text
	 * @return {@code true} if it has the shape of a compact JWS in canonical base64url
	 */
	static boolean isCanonicalCompactJws(String token) {
		int dots = 0;
		int segmentStart = 0;
		int length = token.length();
		for (int i = 0; i < length; i++) {
			char c = token.charAt(i);
			if (c == '.') {
				if (i == segmentStart || ++dots > 2 || !canonicalEnd(token, segmentStart, i)) {
					return false;
				}
				segmentStart = i + 1;
			}
			else if (c >= 128 || BASE64URL[c] < 0) {
				return false;
			}
		}
		// a JSON object header starts with '{' (base64url "ey")
		return dots == 2 && canonicalEnd(token, segmentStart, length) && token.startsWith("ey");
	}

	/**
	 * Whether the segment {@code [start, end)} ends canonically: 2 or 3 characters in its
	 * last group leave 4 or 2 bits unused, which must be zero; 1 character cannot encode
	 * a byte.
	 * @param token the token text
	 * @param start the segment's first index
	 * @param end the index after the segment
	 * @return {@code true} if the segment's length and last character are canonical
	 */
	private static boolean canonicalEnd(String token, int start, int end) {
		return switch ((end - start) & 3) {
			case 0 -> true;
			case 2 -> (BASE64URL[token.charAt(end - 1)] & 0x0F) == 0;
			case 3 -> (BASE64URL[token.charAt(end - 1)] & 0x03) == 0;
			default -> false;
		};
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

	private static byte[] base64UrlValues() {
		byte[] values = new byte[128];
		Arrays.fill(values, (byte) -1);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		for (int i = 0; i < alphabet.length(); i++) {
			values[alphabet.charAt(i)] = (byte) i;
		}
		return values;
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
						throw new InvalidTokenException("Invalid " + claim.getKey() + " claim");
					}
					claim.setValue(date.toInstant());
				}
				case "aud" -> claim.setValue(audience(value));
				case "iss", "sub", "jti", "sid" -> {
					if (!(value instanceof String)) {
						throw new InvalidTokenException("Invalid " + claim.getKey() + " claim");
					}
				}
				default -> {
				}
			}
		}
		if (claims.isEmpty()) {
			throw new InvalidTokenException("Missing claims");
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
		throw new InvalidTokenException("Invalid aud claim");
	}

	private static void validate(Jwt jwt, OAuth2TokenValidator<Jwt> validator) {
		OAuth2TokenValidatorResult result;
		try {
			result = validator.validate(jwt);
		}
		catch (RuntimeException ex) {
			throw new InvalidTokenException("Invalid claims");
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

		private final JwsVerifierResolver verifiers;

		private final OAuth2TokenValidator<Jwt> revocation;

		private @Nullable JwtKeySource keys;

		private final List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();

		private @Nullable String issuer;

		private List<String> audiences = List.of();

		private Duration clockSkew = Duration.ofSeconds(30);

		private Clock clock = Clock.systemUTC();

		private String tokenType = "at+jwt";

		private int maxLength = 8192;

		private int cacheSize = 10_000;

		private boolean requireTokenId = true;

		private Builder(JwsVerifierResolver verifiers, OAuth2TokenValidator<Jwt> revocation) {
			Assert.notNull(verifiers, "verifiers must not be null");
			Assert.notNull(revocation, "revocation must not be null");
			this.verifiers = verifiers;
			this.revocation = revocation;
		}

		/**
		 * The issuer every token must name in {@code iss}. Required.
		 * @param issuer the issuer
		 * @return this builder
		 */
		public Builder issuer(String issuer) {
			Assert.hasText(issuer, "issuer must not be empty");
			this.issuer = issuer;
			return this;
		}

		/**
		 * The audiences of which every token must name one in {@code aud}. Required.
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
		 * subject's cut-off ({@code revokeAllTokens}).
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
			Assert.state(this.issuer != null, "An issuer is required");
			Assert.state(!this.audiences.isEmpty(), "At least one audience is required");
			OAuth2TokenValidator<Jwt> claims = new AccessTokenClaimsValidator(this.issuer, this.audiences,
					this.clockSkew, this.clock, this.requireTokenId);
			OAuth2TokenValidator<Jwt> everyRequestValidator = this.validators.isEmpty() ? this.revocation
					: new FirstFailureValidator(this.revocation, this.validators);
			ValidatedTokenCache cache = (this.cacheSize > 0) ? new ValidatedTokenCache(this.cacheSize, this.clock)
					: null;
			return new JwtAuthDecoder(this, claims, everyRequestValidator, cache);
		}

	}

}
