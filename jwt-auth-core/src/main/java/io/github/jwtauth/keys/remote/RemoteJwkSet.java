package io.github.jwtauth.keys.remote;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.nimbusds.jose.jwk.JWKSet;
import io.github.jwtauth.support.BoundedHttpGet;
import io.github.jwtauth.support.RemoteUris;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Fetches an issuer's JWK Set over HTTP with the JDK's client. Every exchange, body
 * included, is bounded by a time-out; the body by a size ({@value #DEFAULT_MAX_BYTES}
 * bytes by default) and the set by a number of keys ({@value #DEFAULT_MAX_KEYS} by
 * default). Redirects are not followed. Anything but a 200 answer whose body is a JWK Set
 * with at least one key is a failure: {@link JwkSetUnavailableException}. Only
 * {@code https} URLs are accepted, plain {@code http} only for loopback.
 */
public final class RemoteJwkSet implements JwkSetSource {

	/** The default largest body read: 512 KiB. */
	public static final int DEFAULT_MAX_BYTES = 512 * 1024;

	/** The default largest number of keys in a set. */
	public static final int DEFAULT_MAX_KEYS = 100;

	private static final String ACCEPT = "application/jwk-set+json, application/json";

	private final URI uri;

	private final HttpClient http;

	private final Duration timeout;

	private final int maxBytes;

	private final int maxKeys;

	private RemoteJwkSet(Builder builder) {
		this.uri = builder.uri;
		this.timeout = builder.timeout;
		this.maxBytes = builder.maxBytes;
		this.maxKeys = builder.maxKeys;
		this.http = BoundedHttpGet.client(builder.connectTimeout);
	}

	/**
	 * Start building a remote JWK Set.
	 * @param jwkSetUri the issuer's JWK Set URL ({@code https}, or {@code http} for
	 * loopback)
	 * @return a builder
	 */
	public static Builder builder(String jwkSetUri) {
		return new Builder(jwkSetUri);
	}

	/**
	 * Whether a URL may serve a JWK Set: {@code https}, or {@code http} to a loopback
	 * host ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}).
	 * @param uri the URL
	 * @return {@code true} if acceptable
	 */
	public static boolean isAcceptableUri(URI uri) {
		return RemoteUris.isHttpsOrLoopback(uri);
	}

	/**
	 * The JWK Set URL.
	 * @return the URL
	 */
	public URI getUri() {
		return this.uri;
	}

	@Override
	public JwkSetResponse fetch() {
		// bound the whole exchange, body included, so that a stalled answer cannot hold a
		// request thread
		HttpResponse<byte[]> response = BoundedHttpGet.get(this.http, this.uri, ACCEPT, this.timeout, this.maxBytes,
				JwkSetUnavailableException.class, new BoundedHttpGet.Failures<>() {

					@Override
					public JwkSetUnavailableException tooLarge() {
						return new JwkSetUnavailableException(
								"JWK Set answer larger than " + RemoteJwkSet.this.maxBytes + " bytes");
					}

					@Override
					public JwkSetUnavailableException timedOut() {
						return new JwkSetUnavailableException(
								"JWK Set answer not complete within " + RemoteJwkSet.this.timeout.toMillis() + " ms");
					}

					@Override
					public JwkSetUnavailableException interrupted() {
						return new JwkSetUnavailableException("interrupted while fetching the JWK Set");
					}

					@Override
					public JwkSetUnavailableException unreachable(String cause) {
						return new JwkSetUnavailableException("JWK Set unreachable (" + cause + ")");
					}

				});
		if (response.statusCode() != 200) {
			throw new JwkSetUnavailableException("JWK Set answered HTTP " + response.statusCode());
		}
		JWKSet keys = parse(response.body());
		return new JwkSetResponse(keys, maxAge(response.headers().allValues("Cache-Control")));
	}

	private JWKSet parse(byte[] body) {
		JWKSet keys;
		try {
			keys = JWKSet.parse(new String(body, StandardCharsets.UTF_8));
		}
		catch (ParseException | RuntimeException ex) {
			throw new JwkSetUnavailableException("JWK Set answer is not a JWK Set");
		}
		if (keys.isEmpty()) {
			throw new JwkSetUnavailableException("JWK Set answer holds no key");
		}
		if (keys.size() > this.maxKeys) {
			throw new JwkSetUnavailableException(
					"JWK Set answer holds " + keys.size() + " keys, more than the limit of " + this.maxKeys);
		}
		return keys;
	}

	/**
	 * The lifetime a {@code Cache-Control} header declares.
	 * @param values the header's values
	 * @return {@code max-age}, zero for {@code no-cache} or {@code no-store}, or
	 * {@code null} when neither is present (or {@code max-age} is not a number)
	 */
	static @Nullable Duration maxAge(List<String> values) {
		Duration maxAge = null;
		for (String value : values) {
			for (String directive : value.split(",")) {
				String trimmed = directive.trim().toLowerCase(Locale.ROOT);
				if (trimmed.equals("no-cache") || trimmed.equals("no-store")) {
					return Duration.ZERO;
				}
				if (trimmed.startsWith("max-age=")) {
					String seconds = trimmed.substring("max-age=".length()).replace("\"", "");
					try {
						long parsed = Long.parseLong(seconds);
						maxAge = Duration.ofSeconds(Math.max(0, parsed));
					}
					catch (NumberFormatException ex) {
						// an overflowing or malformed max-age is ignored: the default
						// applies
					}
				}
			}
		}
		return maxAge;
	}

	@Override
	public String toString() {
		return "RemoteJwkSet[" + this.uri + "]";
	}

	/**
	 * Builds a {@link RemoteJwkSet}.
	 */
	public static final class Builder {

		private final URI uri;

		private Duration connectTimeout = Duration.ofSeconds(2);

		private Duration timeout = Duration.ofSeconds(5);

		private int maxBytes = DEFAULT_MAX_BYTES;

		private int maxKeys = DEFAULT_MAX_KEYS;

		private Builder(String jwkSetUri) {
			Assert.hasText(jwkSetUri, "jwkSetUri must not be empty");
			URI uri;
			try {
				uri = URI.create(jwkSetUri);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Invalid JWK Set URI", ex);
			}
			Assert.isTrue(isAcceptableUri(uri), "The JWK Set URI must be https (plain http only for loopback)");
			this.uri = uri;
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
		 * The longest a whole exchange may take, body included (default 5 s).
		 * @param timeout the time-out
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			Assert.isTrue(timeout != null && timeout.toMillis() > 0, "timeout must be positive");
			this.timeout = timeout;
			return this;
		}

		/**
		 * The largest body read (default 512 KiB).
		 * @param maxBytes the limit in bytes
		 * @return this builder
		 */
		public Builder maxBytes(int maxBytes) {
			Assert.isTrue(maxBytes > 0, "maxBytes must be positive");
			this.maxBytes = maxBytes;
			return this;
		}

		/**
		 * The largest number of keys in the set (default 100).
		 * @param maxKeys the limit
		 * @return this builder
		 */
		public Builder maxKeys(int maxKeys) {
			Assert.isTrue(maxKeys > 0, "maxKeys must be positive");
			this.maxKeys = maxKeys;
			return this;
		}

		/**
		 * Build the remote JWK Set.
		 * @return the remote JWK Set
		 */
		public RemoteJwkSet build() {
			return new RemoteJwkSet(this);
		}

	}

}
