package io.github.jwtauth.web.endpoint;

import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.jwtauth.discovery.RemoteIssuerMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The authorization-server metadata (RFC 8414) of an application that issues tokens: its
 * issuer identifier, the URLs of its JWK Set, token (refresh), revocation and
 * introspection endpoints, and what they accept. Immutable; {@link #getMembers()} is the
 * JSON document.
 * <p>
 * The issuer identifier must be a URL that RFC 8414 §2 accepts: {@code https} (plain
 * {@code http} only for {@code localhost}, {@code 127.x.x.x} or {@code [::1]}, for
 * development), without user information, query or fragment; its path, if any, made of
 * unreserved characters only. The issuer is taken to be the application's public base
 * URL, as Spring Authorization Server takes it: each endpoint URL is the issuer followed
 * by the endpoint's path, and the document lives at the path RFC 8414 §3.1 derives from
 * the issuer ({@link #getPath()}).
 */
public final class AuthorizationServerMetadata {

	/**
	 * The well-known URI suffix of RFC 8414 §3.
	 */
	public static final String WELL_KNOWN_PATH = "/.well-known/oauth-authorization-server";

	/**
	 * The non-standard member naming this issuer's revocation feed, for resource servers
	 * that follow it (RFC 8414 §2 allows additional members).
	 */
	public static final String REVOCATION_FEED_URI = "jwt_auth_revocation_feed_uri";

	private static final Pattern ISSUER_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)*/?");

	private final String issuer;

	private final String path;

	private final Map<String, Object> members;

	private AuthorizationServerMetadata(Builder builder) {
		this.issuer = builder.issuer;
		this.path = WELL_KNOWN_PATH + builder.issuerPath;
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("issuer", builder.issuer);
		putUrl(members, "jwks_uri", builder.jwksPath);
		if (builder.tokenPath != null) {
			putUrl(members, "token_endpoint", builder.tokenPath);
			// only refresh_token: the login endpoint is the starter's own, not an OAuth
			// grant (the default would be authorization_code and implicit)
			members.put("grant_types_supported", List.of("refresh_token"));
			// public clients: no client authentication (the default would be
			// client_secret_basic)
			members.put("token_endpoint_auth_methods_supported", List.of("none"));
		}
		if (builder.revocationPath != null) {
			putUrl(members, "revocation_endpoint", builder.revocationPath);
			members.put("revocation_endpoint_auth_methods_supported", List.of("none"));
		}
		if (builder.introspectionPath != null) {
			putUrl(members, "introspection_endpoint", builder.introspectionPath);
			// configured clients only, with HTTP Basic (RFC 6749 §2.3.1)
			members.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic"));
		}
		// RFC 8414 §2 lists response_types_supported as REQUIRED, but §3.2 says "Claims
		// with zero elements MUST be omitted from the response": with no authorization
		// endpoint there is no response type to list, so it is omitted (RFC 8414 erratum
		// 7793 proposes "REQUIRED unless no grant types are supported that use the
		// authorization endpoint", as for authorization_endpoint)
		if (!builder.dpopAlgorithms.isEmpty()) {
			members.put("dpop_signing_alg_values_supported", builder.dpopAlgorithms);
		}
		putUrl(members, REVOCATION_FEED_URI, builder.revocationFeedPath);
		this.members = Collections.unmodifiableMap(members);
	}

	private void putUrl(Map<String, Object> members, String name, @Nullable String path) {
		if (path != null) {
			members.put(name, url(path));
		}
	}

	/**
	 * Start building the metadata of an issuer.
	 * @param issuer the issuer identifier, the {@code iss} of the tokens
	 * @return a builder
	 * @throws IllegalArgumentException if the issuer is not a URL RFC 8414 accepts
	 * @see #issuerProblem(String)
	 */
	public static Builder forIssuer(String issuer) {
		String problem = issuerProblem(issuer);
		Assert.isTrue(problem == null, () -> "Invalid issuer: " + problem);
		return new Builder(issuer);
	}

	/**
	 * Why an issuer identifier cannot have metadata, or {@code null} when it can: what
	 * {@link RemoteIssuerMetadata#issuerProblem(String)} requires (an {@code https} URL,
	 * plain {@code http} only for a loopback host, without user information, query or
	 * fragment: RFC 8414 §2), with a path of unreserved characters
	 * ({@code A-Z a-z 0-9 - . _ ~}) and {@code /}.
	 * @param issuer the issuer identifier
	 * @return the reason, or {@code null}
	 */
	public static @Nullable String issuerProblem(@Nullable String issuer) {
		// the rule a resource server discovering the issuer applies, then the path's
		String problem = RemoteIssuerMetadata.issuerProblem(issuer);
		if (problem != null || issuer == null) {
			return problem;
		}
		URI uri = URI.create(issuer);
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		if (!ISSUER_PATH.matcher(path).matches() || path.contains("/./") || path.contains("/../") || path.endsWith("/.")
				|| path.endsWith("/..")) {
			return "the path of '" + issuer + "' has characters other than letters, digits, '-', '.', '_', '~' "
					+ "and '/' (or an empty or dot segment)";
		}
		return null;
	}

	/**
	 * The issuer identifier.
	 * @return the issuer
	 */
	public String getIssuer() {
		return this.issuer;
	}

	/**
	 * Where the document is served within the application: the well-known suffix followed
	 * by the issuer's path without a terminating {@code /} (RFC 8414 §3.1), for example
	 * {@code /.well-known/oauth-authorization-server/tenant} for the issuer
	 * {@code https://example.com/tenant}.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * The document's members, in a stable order.
	 * @return the members (unmodifiable)
	 */
	public Map<String, Object> getMembers() {
		return this.members;
	}

	/**
	 * The absolute URL of one of the application's paths: the issuer followed by the
	 * path.
	 * @param path the path within the application
	 * @return the URL
	 */
	public String url(String path) {
		String base = this.issuer.endsWith("/") ? this.issuer.substring(0, this.issuer.length() - 1) : this.issuer;
		return base + (path.startsWith("/") ? path : "/" + path);
	}

	/**
	 * Builds {@link AuthorizationServerMetadata}. An endpoint that is not given is not
	 * announced.
	 */
	public static final class Builder {

		private final String issuer;

		private final String issuerPath;

		private @Nullable String jwksPath;

		private @Nullable String tokenPath;

		private @Nullable String revocationPath;

		private @Nullable String revocationFeedPath;

		private @Nullable String introspectionPath;

		private List<String> dpopAlgorithms = List.of();

		private Builder(String issuer) {
			this.issuer = issuer;
			String path = URI.create(issuer).getRawPath();
			this.issuerPath = (path == null || path.equals("/")) ? ""
					: (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
		}

		/**
		 * The path of the JWK Set ({@code jwks_uri}).
		 * @param path the path within the application
		 * @return this builder
		 */
		public Builder jwksPath(@Nullable String path) {
			this.jwksPath = path;
			return this;
		}

		/**
		 * The path of the token endpoint ({@code token_endpoint}): the refresh endpoint,
		 * which accepts {@code grant_type=refresh_token}.
		 * @param path the path within the application
		 * @return this builder
		 */
		public Builder tokenPath(@Nullable String path) {
			this.tokenPath = path;
			return this;
		}

		/**
		 * The path of the RFC 7009 revocation endpoint ({@code revocation_endpoint}).
		 * @param path the path within the application
		 * @return this builder
		 */
		public Builder revocationPath(@Nullable String path) {
			this.revocationPath = path;
			return this;
		}

		/**
		 * The path of the RFC 7662 introspection endpoint
		 * ({@code introspection_endpoint}), which authenticates its callers with
		 * {@code client_secret_basic}.
		 * @param path the path within the application
		 * @return this builder
		 */
		public Builder introspectionPath(@Nullable String path) {
			this.introspectionPath = path;
			return this;
		}

		/**
		 * The path of the revocation feed
		 * ({@value AuthorizationServerMetadata#REVOCATION_FEED_URI}).
		 * @param path the path within the application
		 * @return this builder
		 */
		public Builder revocationFeedPath(@Nullable String path) {
			this.revocationFeedPath = path;
			return this;
		}

		/**
		 * The accepted DPoP proof algorithms ({@code dpop_signing_alg_values_supported},
		 * RFC 9449 §5.1); empty when DPoP is off.
		 * @param algorithms the JWS algorithm names
		 * @return this builder
		 */
		public Builder dpopAlgorithms(Collection<String> algorithms) {
			Assert.noNullElements(algorithms, "algorithms must not contain null");
			this.dpopAlgorithms = List.copyOf(algorithms);
			return this;
		}

		/**
		 * Build the metadata.
		 * @return the metadata
		 */
		public AuthorizationServerMetadata build() {
			return new AuthorizationServerMetadata(this);
		}

	}

}
