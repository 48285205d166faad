package io.github.jwtauth.token;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.Assert;

/**
 * The strict access-token decoder: refuses oversized tokens before parsing, requires the
 * configured {@code typ}, refuses {@code crit} and embedded keys ({@code jwk}, {@code jku},
 * {@code x5u}, {@code x5c}), verifies with a trusted key of exactly its algorithm, checks
 * the claims, and checks revocation on every call, also when the token comes from the
 * {@link ValidatedTokenCache}. Every refusal is a {@link BadJwtException}, so a bad token
 * always ends as 401 {@code invalid_token}, never as a server error.
 */
public final class JwtAuthDecoder implements JwtDecoder {

	private final int maxLength;

	private final String expectedType;

	private final JwsVerifierResolver verifiers;

	private final OAuth2TokenValidator<Jwt> validator;

	private final OAuth2TokenValidator<Jwt> everyRequestValidator;

	private final ValidatedTokenCache cache;

	/**
	 * Create a decoder.
	 * @param maxLength the longest token accepted, in characters
	 * @param expectedType the required {@code typ} header ("JWT" also accepts none)
	 * @param verifiers resolves the trusted verifier for a header
	 * @param validator validates the claims of a freshly verified token
	 * @param everyRequestValidator validates every token, cached or not (revocation)
	 * @param cache the validated-token cache, or {@code null}
	 */
	public JwtAuthDecoder(int maxLength, String expectedType, JwsVerifierResolver verifiers,
			OAuth2TokenValidator<Jwt> validator, OAuth2TokenValidator<Jwt> everyRequestValidator,
			ValidatedTokenCache cache) {
		Assert.notNull(verifiers, "verifiers must not be null");
		Assert.notNull(validator, "validator must not be null");
		Assert.notNull(everyRequestValidator, "everyRequestValidator must not be null");
		this.maxLength = maxLength;
		this.expectedType = expectedType.toLowerCase(Locale.ROOT);
		this.verifiers = verifiers;
		this.validator = validator;
		this.everyRequestValidator = everyRequestValidator;
		this.cache = cache;
	}

	@Override
	public Jwt decode(String token) {
		if (token == null || token.isEmpty() || token.length() > this.maxLength) {
			throw new InvalidTokenException((token == null || token.isEmpty()) ? "Empty token" : "Token too long");
		}
		Jwt jwt = (this.cache != null) ? this.cache.get(token) : null;
		if (jwt == null) {
			jwt = verify(token);
			validate(jwt, this.validator);
			if (this.cache != null) {
				this.cache.put(token, jwt);
			}
		}
		validate(jwt, this.everyRequestValidator);
		return jwt;
	}

	private Jwt verify(String token) {
		SignedJWT signed = parse(token);
		JWSHeader header = signed.getHeader();
		checkHeader(header);
		JWSVerifier verifier = this.verifiers.resolve(header);
		try {
			if (!signed.verify(verifier)) {
				throw new InvalidTokenException("Invalid signature");
			}
			return toJwt(token, header, signed.getJWTClaimsSet());
		}
		catch (JOSEException | ParseException | RuntimeException ex) {
			if (ex instanceof BadJwtException bad) {
				throw bad;
			}
			throw new InvalidTokenException("Malformed token");
		}
	}

	private static SignedJWT parse(String token) {
		if (!isCompactJws(token)) {
			throw new InvalidTokenException("Malformed token");
		}
		try {
			return SignedJWT.parse(token);
		}
		catch (ParseException | RuntimeException ex) {
			throw new InvalidTokenException("Malformed token");
		}
	}

	/**
	 * Three non-empty base64url segments (the signature may be empty only to be refused
	 * later): a cheap check before nimbus parses, so garbage costs almost nothing.
	 */
	static boolean isCompactJws(String token) {
		int dots = 0;
		int segmentStart = 0;
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (c == '.') {
				if (i == segmentStart || ++dots > 2) {
					return false;
				}
				segmentStart = i + 1;
			}
			else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_')) {
				return false;
			}
		}
		// a JSON object header starts with '{' (base64url "ey")
		return dots == 2 && token.startsWith("ey");
	}

	private void checkHeader(JWSHeader header) {
		if (!typeAccepted(header.getType())) {
			throw new InvalidTokenException("Invalid token type");
		}
		if (header.getCriticalParams() != null) {
			throw new InvalidTokenException("Unsupported critical header");
		}
		if (header.getJWK() != null || header.getJWKURL() != null || header.getX509CertURL() != null
				|| header.getX509CertChain() != null) {
			throw new InvalidTokenException("Embedded keys are not accepted");
		}
	}

	private boolean typeAccepted(JOSEObjectType type) {
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
		return new Jwt(token, (Instant) claims.get("iat"), (Instant) claims.get("exp"), header.toJSONObject(),
				claims);
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
	 * A failed validation (expired, revoked, wrong audience…), without a stack trace for the
	 * same reason as {@link InvalidTokenException}.
	 */
	static final class StacklessValidationException extends JwtValidationException {

		StacklessValidationException(String message, java.util.Collection<OAuth2Error> errors) {
			super(message, errors);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
