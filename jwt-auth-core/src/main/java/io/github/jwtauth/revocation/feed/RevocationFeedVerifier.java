package io.github.jwtauth.revocation.feed;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.token.JwsVerifierResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.util.Assert;

/**
 * Verifies a feed document ({@link RevocationFeed}) before anything of it is used: a
 * compact JWS with {@code typ} {@value RevocationFeed#TYPE} (an access token is refused),
 * no {@code crit} and no embedded key, a signature by a trusted key of the issuer (the
 * same {@link JwsVerifierResolver} that verifies its tokens, so its JWK Set), {@code iss}
 * the expected issuer, {@code since} exactly the cursor sent (an answer to another
 * request, replayed, is refused), {@code iat} neither in the future beyond the clock skew
 * nor older than the allowed age (the long-poll wait plus a margin: an idle answer cannot
 * be replayed for long), an optional {@code age} (how old the issuing instance's replica
 * was, in whole milliseconds; missing means 0) that is a non-negative integer, and every
 * entry well formed. Any failure refuses the whole document with a fixed description.
 * <p>
 * The expiry of every entry is extended by this side's clock skew: the issuer computed it
 * with its own skew, and a token this side still accepts (within its skew) must still
 * find its revocation.
 */
public final class RevocationFeedVerifier {

	private static final Set<String> REFUSED_HEADERS = Set.of("crit", "jwk", "jku", "x5u", "x5c", "enc", "zip", "cty",
			"b64");

	private static final int MAX_VALUE_LENGTH = 1024;

	/**
	 * The largest {@code age} accepted (a year): anything above is not a replica's age.
	 */
	private static final long MAX_AGE_MILLIS = Duration.ofDays(365).toMillis();

	private final JwsVerifierResolver verifiers;

	private final String issuer;

	private final Duration clockSkew;

	private final Duration maxAge;

	private final Clock clock;

	/**
	 * Create a verifier.
	 * @param verifiers resolves the issuer's trusted verification keys
	 * @param issuer the expected {@code iss}
	 * @param clockSkew the tolerated clock difference with the issuer
	 * @param maxAge the oldest {@code iat} accepted (beyond the clock skew): the
	 * long-poll wait plus a small margin (see
	 * {@link RevocationFeedStore#maxAnswerAge(Duration)}), not the maximum staleness
	 * @param clock the clock
	 */
	public RevocationFeedVerifier(JwsVerifierResolver verifiers, String issuer, Duration clockSkew, Duration maxAge,
			Clock clock) {
		Assert.notNull(verifiers, "verifiers must not be null");
		Assert.hasText(issuer, "issuer must not be empty");
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew must not be negative");
		Assert.isTrue(maxAge != null && !maxAge.isNegative(), "maxAge must not be negative");
		Assert.notNull(clock, "clock must not be null");
		this.verifiers = verifiers;
		this.issuer = issuer;
		this.clockSkew = clockSkew;
		this.maxAge = maxAge;
		this.clock = clock;
	}

	/**
	 * Verify a document and read it.
	 * @param document the answer's body
	 * @param sentCursor the cursor the request carried, or {@code null}
	 * @return the document's content
	 * @throws RevocationFeedException if anything is wrong with it
	 */
	public Document verify(String document, @Nullable String sentCursor) {
		JWSObject jws;
		try {
			jws = JWSObject.parse(document.trim());
		}
		catch (ParseException | RuntimeException ex) {
			throw new RevocationFeedException("Not a signed feed document");
		}
		JWSHeader header = jws.getHeader();
		for (String name : header.getIncludedParams()) {
			if (REFUSED_HEADERS.contains(name)) {
				throw new RevocationFeedException("Header parameter '" + name + "' is not accepted");
			}
		}
		if (!isFeedType(header.getType())) {
			throw new RevocationFeedException("Not a revocation feed document (typ)");
		}
		JWSVerifier verifier;
		try {
			verifier = this.verifiers.resolve(header);
		}
		catch (BadJwtException ex) {
			throw new RevocationFeedException("No trusted key: " + ex.getMessage());
		}
		try {
			if (!jws.verify(verifier)) {
				throw new RevocationFeedException("Invalid signature");
			}
		}
		catch (JOSEException | RuntimeException ex) {
			if (ex instanceof RevocationFeedException feed) {
				throw feed;
			}
			throw new RevocationFeedException("Invalid signature");
		}
		Map<String, Object> claims;
		try {
			claims = JSONObjectUtils.parse(jws.getPayload().toString());
		}
		catch (ParseException | RuntimeException ex) {
			throw new RevocationFeedException("Malformed payload");
		}
		return read(claims, sentCursor);
	}

	private Document read(Map<String, Object> claims, @Nullable String sentCursor) {
		if (!this.issuer.equals(claims.get("iss"))) {
			throw new RevocationFeedException("Invalid issuer");
		}
		if (!Objects.equals(sentCursor, claims.get("since")) || (sentCursor == null && !claims.containsKey("since"))) {
			throw new RevocationFeedException("Answer to another cursor (since)");
		}
		Instant issuedAt = Instant.ofEpochSecond(number(claims.get("iat"), "iat"));
		Instant now = this.clock.instant();
		if (issuedAt.isAfter(now.plus(this.clockSkew))) {
			throw new RevocationFeedException("Document issued in the future");
		}
		if (issuedAt.isBefore(now.minus(this.maxAge).minus(this.clockSkew).minusSeconds(1))) {
			throw new RevocationFeedException("Document too old");
		}
		if (!(claims.get("cursor") instanceof String cursor) || cursor.isEmpty() || cursor.length() > 256) {
			throw new RevocationFeedException("Invalid cursor");
		}
		if (!(claims.get("full") instanceof Boolean full)) {
			throw new RevocationFeedException("Invalid full flag");
		}
		if (!(claims.get("revocations") instanceof List<?> items)) {
			throw new RevocationFeedException("Invalid revocations");
		}
		Duration issuerAge = issuerAge(claims);
		List<RevocationEntry> entries = new ArrayList<>(items.size());
		for (Object item : items) {
			entries.add(entry(item));
		}
		return new Document(cursor, full, entries, issuedAt, issuerAge);
	}

	private static Duration issuerAge(Map<String, Object> claims) {
		if (!claims.containsKey("age")) {
			return Duration.ZERO;
		}
		Object age = claims.get("age");
		if (!(age instanceof Long || age instanceof Integer) || ((Number) age).longValue() < 0
				|| ((Number) age).longValue() > MAX_AGE_MILLIS) {
			throw new RevocationFeedException("Invalid age");
		}
		return Duration.ofMillis(((Number) age).longValue());
	}

	private RevocationEntry entry(@Nullable Object item) {
		if (!(item instanceof Map<?, ?> map)) {
			throw new RevocationFeedException("Invalid revocation entry");
		}
		Kind kind = RevocationFeed.kind(map.get("k"));
		if (kind == null || !(map.get("v") instanceof String value) || value.isEmpty()
				|| value.length() > MAX_VALUE_LENGTH) {
			throw new RevocationFeedException("Invalid revocation entry");
		}
		long cutoff = number(map.get("c"), "revocation entry");
		long expiresAt = number(map.get("e"), "revocation entry");
		// the issuer's expiry allows for its clock skew; a token this side accepts within
		// its own (possibly larger) skew must still be refused
		return new RevocationEntry(kind, value, Instant.ofEpochMilli(cutoff),
				Instant.ofEpochMilli(expiresAt).plus(this.clockSkew));
	}

	private static long number(@Nullable Object value, String what) {
		if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
				&& Math.abs(number.doubleValue()) < 1e15) {
			return number.longValue();
		}
		throw new RevocationFeedException("Invalid " + what);
	}

	private static boolean isFeedType(@Nullable JOSEObjectType type) {
		if (type == null) {
			return false;
		}
		String value = type.getType().toLowerCase(Locale.ROOT);
		if (value.startsWith("application/")) {
			value = value.substring("application/".length());
		}
		return RevocationFeed.TYPE.equals(value);
	}

	/**
	 * A verified feed document.
	 *
	 * @param cursor the cursor to send next
	 * @param full whether it holds every live entry of the issuer
	 * @param entries the revocations (subjects as hashes)
	 * @param issuedAt when the issuer signed it
	 * @param issuerAge how old the issuing instance's replica of its store was when it
	 * signed ({@code age}; zero when missing)
	 */
	public record Document(String cursor, boolean full, List<RevocationEntry> entries, Instant issuedAt,
			Duration issuerAge) {

		public Document {
			entries = List.copyOf(entries);
		}

		/**
		 * A document without {@code age}.
		 * @param cursor the cursor to send next
		 * @param full whether it holds every live entry of the issuer
		 * @param entries the revocations (subjects as hashes)
		 * @param issuedAt when the issuer signed it
		 */
		public Document(String cursor, boolean full, List<RevocationEntry> entries, Instant issuedAt) {
			this(cursor, full, entries, issuedAt, Duration.ZERO);
		}

	}

}
