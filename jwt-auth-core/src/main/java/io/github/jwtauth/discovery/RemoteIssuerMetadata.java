package io.github.jwtauth.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.jwtauth.support.BoundedHttpGet;
import io.github.jwtauth.support.RemoteUris;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Fetches an issuer's metadata over HTTP with the JDK's client, from the locations
 * {@link #locations(String)} derives from the issuer URL: first the RFC 8414 §3.1
 * location ({@value #OAUTH_WELL_KNOWN} inserted before the issuer's path), then, when
 * that answers 4xx (as Spring Security falls back), the OpenID Connect Discovery location
 * ({@value #OPENID_WELL_KNOWN} appended to the issuer). The document is checked by
 * {@link IssuerMetadata#of}: its {@code issuer} must equal the configured issuer exactly.
 * <p>
 * As {@code RemoteJwkSet} for a JWK Set: only {@code https} (plain {@code http} only for
 * loopback), redirects not followed, every exchange (body included) bounded by a time-out
 * (5 s; 2 s to connect), the body by a size ({@value #DEFAULT_MAX_BYTES} bytes by
 * default). Anything but a 200 answer whose body is a JSON object that passes the checks
 * is a failure: {@link IssuerMetadataException}.
 */
public final class RemoteIssuerMetadata implements IssuerMetadataSource {

	/** The RFC 8414 well-known suffix, inserted before the issuer's path. */
	public static final String OAUTH_WELL_KNOWN = "/.well-known/oauth-authorization-server";

	/** The OpenID Connect Discovery suffix, appended to the issuer. */
	public static final String OPENID_WELL_KNOWN = "/.well-known/openid-configuration";

	/** The default largest body read: 64 KiB. */
	public static final int DEFAULT_MAX_BYTES = 64 * 1024;

	private final String issuer;

	private final List<URI> locations;

	private final HttpClient http;

	private final Duration timeout;

	private final int maxBytes;

	private RemoteIssuerMetadata(Builder builder) {
		this.issuer = builder.issuer;
		this.locations = locations(builder.issuer);
		this.timeout = builder.timeout;
		this.maxBytes = builder.maxBytes;
		this.http = BoundedHttpGet.client(builder.connectTimeout);
	}

	/**
	 * Start building the metadata source of an issuer.
	 * @param issuer the issuer URL, exactly as its tokens' {@code iss} and its metadata's
	 * {@code issuer} spell it
	 * @return a builder
	 * @throws IllegalArgumentException if the issuer is not a URL metadata can be fetched
	 * from ({@link #issuerProblem(String)})
	 */
	public static Builder builder(String issuer) {
		return new Builder(issuer);
	}

	/**
	 * Why metadata cannot be fetched for an issuer, or {@code null} when it can: the
	 * issuer must be an absolute {@code https} URL (plain {@code http} only for
	 * {@code localhost}, {@code 127.x.x.x} or {@code [::1]}) with a host and without user
	 * information, query or fragment (RFC 8414 §2).
	 * @param issuer the issuer URL
	 * @return the reason, or {@code null}
	 */
	public static @Nullable String issuerProblem(@Nullable String issuer) {
		if (issuer == null || issuer.isBlank()) {
			return "the issuer URL is empty";
		}
		URI uri;
		try {
			uri = new URI(issuer);
		}
		catch (URISyntaxException ex) {
			return "'" + issuer + "' is not a URL";
		}
		if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
			return "'" + issuer + "' is not an absolute https URL";
		}
		if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
			return "'" + issuer + "' has user information, a query or a fragment, which an issuer URL must not have";
		}
		if (!RemoteUris.isHttpsOrLoopback(uri)) {
			return "'" + issuer + "' is not https: whoever can change the metadata in transit can sign tokens "
					+ "this application accepts (plain http only for localhost, 127.0.0.1 or [::1])";
		}
		return null;
	}

	/**
	 * The locations of an issuer's metadata, in the order they are tried: the RFC 8414
	 * §3.1 location (the well-known suffix inserted between the host and the issuer's
	 * path, a final {@code /} of the path removed), then the OpenID Connect Discovery
	 * location (the suffix appended to the issuer, a final {@code /} removed first).
	 * Issuer {@code https://issuer.example/tenant}:
	 * {@code https://issuer.example/.well-known/oauth-authorization-server/tenant}, then
	 * {@code https://issuer.example/tenant/.well-known/openid-configuration}.
	 * @param issuer the issuer URL
	 * @return the two locations
	 */
	public static List<URI> locations(String issuer) {
		URI uri = URI.create(issuer);
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		String origin = uri.getScheme() + "://" + uri.getRawAuthority();
		List<URI> locations = new ArrayList<>(2);
		locations.add(URI.create(origin + OAUTH_WELL_KNOWN + path));
		locations.add(URI.create(origin + path + OPENID_WELL_KNOWN));
		return List.copyOf(locations);
	}

	/**
	 * The issuer whose metadata this fetches.
	 * @return the issuer URL
	 */
	public String getIssuer() {
		return this.issuer;
	}

	@Override
	public IssuerMetadata fetch() {
		List<String> notFound = new ArrayList<>();
		for (URI location : this.locations) {
			HttpResponse<byte[]> response = get(location);
			int status = response.statusCode();
			if (status >= 400 && status < 500) {
				// not there: try the next location, as Spring Security does
				notFound.add(location + " (HTTP " + status + ")");
				continue;
			}
			if (status != 200) {
				throw new IssuerMetadataException("issuer metadata at " + location + " answered HTTP " + status, false);
			}
			return IssuerMetadata.of(parse(response.body(), location), this.issuer, location);
		}
		throw new IssuerMetadataException("no issuer metadata at " + String.join(" nor at ", notFound), false);
	}

	private Map<String, Object> parse(byte[] body, URI location) {
		try {
			return JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
		}
		catch (ParseException | RuntimeException ex) {
			throw new IssuerMetadataException("the issuer metadata at " + location + " is not a JSON object", true);
		}
	}

	private HttpResponse<byte[]> get(URI location) {
		// bound the whole exchange, body included, so that a stalled answer cannot hold a
		// request thread
		return BoundedHttpGet.get(this.http, location, "application/json", this.timeout, this.maxBytes,
				IssuerMetadataException.class, new BoundedHttpGet.Failures<>() {

					@Override
					public IssuerMetadataException tooLarge() {
						return new IssuerMetadataException("the issuer metadata at " + location + " is larger than "
								+ RemoteIssuerMetadata.this.maxBytes + " bytes", true);
					}

					@Override
					public IssuerMetadataException timedOut() {
						return new IssuerMetadataException("issuer metadata at " + location + " not complete within "
								+ RemoteIssuerMetadata.this.timeout.toMillis() + " ms", false);
					}

					@Override
					public IssuerMetadataException interrupted() {
						return new IssuerMetadataException("interrupted while fetching the issuer metadata", false);
					}

					@Override
					public IssuerMetadataException unreachable(String cause) {
						return new IssuerMetadataException(
								"issuer metadata at " + location + " unreachable (" + cause + ")", false);
					}

				});
	}

	@Override
	public String toString() {
		return "RemoteIssuerMetadata[" + this.issuer + "]";
	}

	/**
	 * Builds a {@link RemoteIssuerMetadata}.
	 */
	public static final class Builder {

		private final String issuer;

		private Duration connectTimeout = Duration.ofSeconds(2);

		private Duration timeout = Duration.ofSeconds(5);

		private int maxBytes = DEFAULT_MAX_BYTES;

		private Builder(String issuer) {
			String problem = issuerProblem(issuer);
			Assert.isTrue(problem == null, () -> "Invalid issuer: " + problem);
			this.issuer = issuer;
		}

		/**
		 * The connect time-out (default 2 s).
		 * @param connectTimeout the time-out
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			Assert.isTrue(connectTimeout != null && connectTimeout.toMillis() > 0, "connectTimeout must be positive");
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * The longest one exchange may take, body included (default 5 s).
		 * @param timeout the time-out
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			Assert.isTrue(timeout != null && timeout.toMillis() > 0, "timeout must be positive");
			this.timeout = timeout;
			return this;
		}

		/**
		 * The largest body read (default 64 KiB).
		 * @param maxBytes the limit in bytes
		 * @return this builder
		 */
		public Builder maxBytes(int maxBytes) {
			Assert.isTrue(maxBytes > 0, "maxBytes must be positive");
			this.maxBytes = maxBytes;
			return this;
		}

		/**
		 * Build the source.
		 * @return the source
		 */
		public RemoteIssuerMetadata build() {
			return new RemoteIssuerMetadata(this);
		}

	}

}
