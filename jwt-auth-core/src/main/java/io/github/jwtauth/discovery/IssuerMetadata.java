package io.github.jwtauth.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

import io.github.jwtauth.support.RemoteUris;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a resource server takes from an issuer's metadata (RFC 8414 §2, or OpenID Connect
 * Discovery): the issuer identifier, the JWK Set URL and, when the issuer is a jwt-auth
 * issuer with a revocation feed, the feed's URL (the private member
 * {@value #REVOCATION_FEED_URI}). Built only from a document that passed the checks of
 * {@link #of(Map, String, URI)}.
 *
 * @param issuer the issuer identifier, equal to the configured one
 * @param jwksUri the JWK Set URL
 * @param revocationFeedUri the revocation feed URL, or {@code null} when the metadata
 * names none
 * @param location where the document was found
 */
public record IssuerMetadata(String issuer, URI jwksUri, @Nullable URI revocationFeedUri, URI location) {

	/**
	 * The member naming a jwt-auth issuer's revocation feed.
	 */
	public static final String REVOCATION_FEED_URI = "jwt_auth_revocation_feed_uri";

	private static final int MAX_ECHO = 200;

	/**
	 * Create the metadata.
	 * @param issuer the issuer identifier
	 * @param jwksUri the JWK Set URL
	 * @param revocationFeedUri the revocation feed URL, or {@code null}
	 * @param location where the document was found
	 */
	public IssuerMetadata {
		Assert.hasText(issuer, "issuer must not be empty");
		Assert.notNull(jwksUri, "jwksUri must not be null");
		Assert.notNull(location, "location must not be null");
	}

	/**
	 * Check a metadata document and take what a resource server needs from it:
	 * <ul>
	 * <li>{@code issuer} must be a string equal to the configured issuer, character for
	 * character (RFC 8414 §3.3: no normalisation, a trailing {@code /} counts);</li>
	 * <li>{@code jwks_uri} is required: an absolute {@code https} URL without user
	 * information or fragment, plain {@code http} only to a loopback host and only when
	 * the issuer itself is on a loopback host (an issuer elsewhere cannot send this
	 * application to plain http, its own machine's included; an {@code https} URL to any
	 * host is accepted, as the document comes over TLS from the configured issuer);</li>
	 * <li>{@value #REVOCATION_FEED_URI}, when present, must follow the same rule and
	 * carry no query; an unusable value refuses the whole document (fail closed) rather
	 * than being ignored.</li>
	 * </ul>
	 * @param members the document's members
	 * @param expectedIssuer the configured issuer
	 * @param location where the document was found
	 * @return the metadata
	 * @throws IssuerMetadataException (refused) if the document fails a check
	 */
	public static IssuerMetadata of(Map<String, Object> members, String expectedIssuer, URI location) {
		Assert.notNull(members, "members must not be null");
		Assert.hasText(expectedIssuer, "expectedIssuer must not be empty");
		Object issuer = members.get("issuer");
		if (!(issuer instanceof String named)) {
			throw refused("the metadata at " + location + " has no issuer");
		}
		if (!named.equals(expectedIssuer)) {
			throw refused("the metadata at " + location + " names the issuer '" + echo(named)
					+ "', not the configured '" + expectedIssuer + "' (RFC 8414 §3.3): refused");
		}
		URI issuerUri = URI.create(expectedIssuer);
		boolean loopbackIssuer = issuerUri.getHost() != null && RemoteUris.isLoopback(issuerUri.getHost());
		URI jwksUri = url(members, "jwks_uri", location, loopbackIssuer, false);
		if (jwksUri == null) {
			throw refused("the metadata at " + location + " has no jwks_uri");
		}
		URI feed = url(members, REVOCATION_FEED_URI, location, loopbackIssuer, true);
		return new IssuerMetadata(named, jwksUri, feed, location);
	}

	private static @Nullable URI url(Map<String, Object> members, String name, URI location, boolean loopbackIssuer,
			boolean noQuery) {
		Object value = members.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text) || text.isEmpty()) {
			throw refused("the metadata at " + location + " has a " + name + " that is not a URL");
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			throw refused("the metadata at " + location + " has a " + name + " that is not a URL");
		}
		if (!uri.isAbsolute() || !RemoteUris.isHttpsOrLoopback(uri) || uri.getRawUserInfo() != null
				|| (noQuery && uri.getRawQuery() != null)) {
			throw refused("the metadata at " + location + " has a " + name + " ('" + echo(text)
					+ "') that is not an https URL" + (noQuery ? " without query" : ""));
		}
		if (!loopbackIssuer && !"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
			throw refused("the metadata at " + location + " has a " + name + " ('" + echo(text)
					+ "') on plain http, though the issuer is not on this machine");
		}
		return uri;
	}

	// what an issuer wrote, fit for a log line: bounded, without control characters
	private static String echo(String value) {
		String bounded = (value.length() > MAX_ECHO) ? value.substring(0, MAX_ECHO) + "…" : value;
		return bounded.replaceAll("\\p{Cntrl}", "?");
	}

	private static IssuerMetadataException refused(String message) {
		return new IssuerMetadataException(message, true);
	}

}
