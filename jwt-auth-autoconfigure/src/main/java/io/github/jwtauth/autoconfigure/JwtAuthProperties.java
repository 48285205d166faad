package io.github.jwtauth.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.dpop.DPoPMode;
import io.github.jwtauth.dpop.DPoPProofVerifier;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for JWT authentication, bound from {@code jwt.auth.*}.
 */
@ConfigurationProperties("jwt.auth")
public class JwtAuthProperties {

	/**
	 * Whether JWT authentication is auto-configured.
	 */
	private boolean enabled = true;

	/**
	 * Issuer ("iss" claim) written into issued tokens and required in every validated
	 * token. Must be set when a signing key is configured ("signing.secret",
	 * "signing.private-key-location" or "signing.bundle"); the default serves only the
	 * zero-configuration start with a generated key.
	 */
	private String issuer = "jwt-auth";

	/**
	 * Audiences ("aud" claim) written into issued tokens; a validated token must name at
	 * least one of them. Must be set when a signing key is configured ("signing.secret",
	 * "signing.private-key-location" or "signing.bundle"); the default serves only the
	 * zero-configuration start with a generated key.
	 */
	private List<String> audiences = new ArrayList<>(List.of("jwt-auth"));

	/**
	 * Tolerated clock difference when checking "exp", "nbf" and "iat". At most 5 minutes.
	 */
	private Duration clockSkew = Duration.ofSeconds(30);

	/**
	 * JWK Set URI of another issuer whose tokens this application only verifies. When
	 * set, no local key is used for verification and this application issues no tokens
	 * (and registers no logout or revocation endpoint). Must be an https URL; plain http
	 * is accepted only for loopback (localhost, 127.0.0.1, [::1]), since whoever can
	 * change the key set in transit can sign tokens this application accepts.
	 */
	private @Nullable String jwkSetUri;

	/**
	 * URL of another issuer whose tokens this application only verifies, found from the
	 * issuer's metadata: the RFC 8414 document ("/.well-known/oauth-authorization-server"
	 * inserted before the URL's path), or else the OpenID Connect one
	 * ("/.well-known/openid-configuration" appended). The metadata's "issuer" must equal
	 * this URL exactly, its "jwks_uri" gives the keys and, unless "revocation-feed-uri"
	 * is set, its "jwt_auth_revocation_feed_uri" (a jwt-auth issuer's revocation feed)
	 * the revocations. It is also the "iss" every token must carry ("issuer", if set,
	 * must equal it). The metadata is fetched on first need, not at start-up, and kept;
	 * until then tokens are refused. Must be an https URL without user information, query
	 * or fragment; plain http is accepted only for loopback. With "jwk-set-uri" too, the
	 * keys come from "jwk-set-uri" and nothing is discovered. Like "jwk-set-uri", this
	 * application then issues no tokens.
	 */
	private @Nullable String issuerUri;

	/**
	 * JWS algorithms accepted from the "jwk-set-uri" (or "issuer-uri") issuer, for
	 * example ES256, RS256. By default (empty) the algorithm each key of the JWK Set
	 * declares ("alg"), or for a key that declares none the one its type implies (RS256
	 * for RSA, the ES algorithm of an EC key's curve, EdDSA for Ed25519). When set, only
	 * these, each bound to a key that fits it. Asymmetric algorithms only: "none" and HS*
	 * are refused.
	 */
	private List<String> jwkSetAlgorithms = new ArrayList<>();

	/**
	 * Least time between two fetches of the "jwk-set-uri" (or discovered) JWK Set caused
	 * by tokens with an unknown key ID, and between a failed fetch and the next attempt:
	 * tokens with made-up key IDs cannot make this application hammer the issuer. Also
	 * the longest wait between two attempts to discover the "issuer-uri" metadata (the
	 * wait starts at 1 second and doubles).
	 */
	private Duration jwkSetRefreshMinInterval = Duration.ofSeconds(30);

	/**
	 * Shortest time the JWK Set is cached, whatever its Cache-Control says ("max-age=0",
	 * "no-cache" and "no-store" mean this).
	 */
	private Duration jwkSetMinLifetime = Duration.ofSeconds(30);

	/**
	 * Longest time the JWK Set is cached, whatever its Cache-Control says.
	 */
	private Duration jwkSetMaxLifetime = Duration.ofDays(1);

	/**
	 * Time the JWK Set is cached when its answer has no Cache-Control max-age.
	 */
	private Duration jwkSetDefaultLifetime = Duration.ofMinutes(5);

	/**
	 * How long after it was fetched the last good JWK Set stays in use while the issuer
	 * cannot be reached or answers garbage. Beyond it every token is refused until the
	 * issuer answers again. A key the issuer removed keeps verifying that long only while
	 * the issuer cannot be reached.
	 */
	private Duration jwkSetMaxStale = Duration.ofDays(1);

	/**
	 * URL of the issuer's revocation feed (its "jwt.auth.endpoints.revocations-path", for
	 * example https://issuer.example.com/auth/revocations), which this resource server
	 * follows so that a logout or revocation at the issuer is enforced here too. Only
	 * with "jwk-set-uri" or "issuer-uri"; with "issuer-uri" alone it defaults to the feed
	 * the issuer's metadata names, and an empty value follows none. Must be an https URL;
	 * plain http is accepted only for loopback. Without it, a resource server enforces no
	 * revocation made at the issuer (unless it reads the issuer's shared store with
	 * "jwt.auth.store.type").
	 */
	private @Nullable String revocationFeedUri;

	/**
	 * Whether tokens without a "jti" claim are accepted. Only with "jwk-set-uri" or
	 * "issuer-uri", for an issuer that writes no "jti"; this application's own tokens
	 * always carry one and are always required to. Such a token cannot be revoked on its
	 * own: only through its session ("sid") or by its subject's cut-off
	 * ("revokeAllTokens").
	 */
	private boolean acceptTokensWithoutJti;

	/**
	 * Issuers whose tokens this application only verifies, when it trusts more than one:
	 * each with its own "issuer", "jwk-set-uri" (or "issuer-uri"), "audiences" and
	 * "algorithms". A token's "iss" chooses the entry before its signature is verified; a
	 * token of any other issuer, or without "iss", is refused without any network call.
	 * Not together with "jwk-set-uri", "issuer-uri", "issuer", "audiences",
	 * "jwk-set-algorithms", "accept-tokens-without-jti", "revocation-feed-uri" or a
	 * signing key: this application then issues no tokens. The "jwk-set-*" lifetimes and
	 * limits apply to every entry's JWK Set.
	 */
	private List<Issuer> issuers = new ArrayList<>();

	/**
	 * Request path patterns that need no token, for example "/api/public/**".
	 */
	private List<String> permitAll = new ArrayList<>();

	/**
	 * Whether credentials (bearer tokens, and passwords and refresh tokens at the token
	 * endpoints) are refused over plain HTTP: such a request gets 400 "invalid_request"
	 * ("HTTPS is required"), never a redirect. Requests directly from loopback
	 * (127.0.0.0/8, ::1) are accepted for development. Behind a proxy that terminates
	 * TLS, set "server.forward-headers-strategy" so that the proxy's headers count.
	 * Setting this to false lets anyone on the network path read and replay every token
	 * and password: do it only when something the application cannot see, such as a
	 * service mesh with mutual TLS, guarantees the transport.
	 */
	private boolean requireHttps = true;

	private final AccessToken accessToken = new AccessToken();

	private final Signing signing = new Signing();

	private final Authorities authorities = new Authorities();

	private final RefreshToken refreshToken = new RefreshToken();

	private final Endpoints endpoints = new Endpoints();

	private final Store store = new Store();

	private final Cache cache = new Cache();

	private final Throttle throttle = new Throttle();

	private final Dpop dpop = new Dpop();

	private final Cookie cookie = new Cookie();

	private final Sessions sessions = new Sessions();

	private final Introspection introspection = new Introspection();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(String issuer) {
		this.issuer = issuer;
	}

	public List<String> getAudiences() {
		return this.audiences;
	}

	public void setAudiences(List<String> audiences) {
		this.audiences = audiences;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	public @Nullable String getJwkSetUri() {
		return this.jwkSetUri;
	}

	public void setJwkSetUri(@Nullable String jwkSetUri) {
		this.jwkSetUri = jwkSetUri;
	}

	public List<Issuer> getIssuers() {
		return this.issuers;
	}

	public void setIssuers(List<Issuer> issuers) {
		this.issuers = issuers;
	}

	public @Nullable String getIssuerUri() {
		return this.issuerUri;
	}

	public void setIssuerUri(@Nullable String issuerUri) {
		this.issuerUri = issuerUri;
	}

	public List<String> getJwkSetAlgorithms() {
		return this.jwkSetAlgorithms;
	}

	public void setJwkSetAlgorithms(List<String> jwkSetAlgorithms) {
		this.jwkSetAlgorithms = jwkSetAlgorithms;
	}

	public Duration getJwkSetRefreshMinInterval() {
		return this.jwkSetRefreshMinInterval;
	}

	public void setJwkSetRefreshMinInterval(Duration jwkSetRefreshMinInterval) {
		this.jwkSetRefreshMinInterval = jwkSetRefreshMinInterval;
	}

	public Duration getJwkSetMinLifetime() {
		return this.jwkSetMinLifetime;
	}

	public void setJwkSetMinLifetime(Duration jwkSetMinLifetime) {
		this.jwkSetMinLifetime = jwkSetMinLifetime;
	}

	public Duration getJwkSetMaxLifetime() {
		return this.jwkSetMaxLifetime;
	}

	public void setJwkSetMaxLifetime(Duration jwkSetMaxLifetime) {
		this.jwkSetMaxLifetime = jwkSetMaxLifetime;
	}

	public Duration getJwkSetDefaultLifetime() {
		return this.jwkSetDefaultLifetime;
	}

	public void setJwkSetDefaultLifetime(Duration jwkSetDefaultLifetime) {
		this.jwkSetDefaultLifetime = jwkSetDefaultLifetime;
	}

	public Duration getJwkSetMaxStale() {
		return this.jwkSetMaxStale;
	}

	public void setJwkSetMaxStale(Duration jwkSetMaxStale) {
		this.jwkSetMaxStale = jwkSetMaxStale;
	}

	public @Nullable String getRevocationFeedUri() {
		return this.revocationFeedUri;
	}

	public void setRevocationFeedUri(@Nullable String revocationFeedUri) {
		this.revocationFeedUri = revocationFeedUri;
	}

	public boolean isAcceptTokensWithoutJti() {
		return this.acceptTokensWithoutJti;
	}

	public void setAcceptTokensWithoutJti(boolean acceptTokensWithoutJti) {
		this.acceptTokensWithoutJti = acceptTokensWithoutJti;
	}

	public List<String> getPermitAll() {
		return this.permitAll;
	}

	public void setPermitAll(List<String> permitAll) {
		this.permitAll = permitAll;
	}

	public boolean isRequireHttps() {
		return this.requireHttps;
	}

	public void setRequireHttps(boolean requireHttps) {
		this.requireHttps = requireHttps;
	}

	public AccessToken getAccessToken() {
		return this.accessToken;
	}

	public Signing getSigning() {
		return this.signing;
	}

	public Authorities getAuthorities() {
		return this.authorities;
	}

	public RefreshToken getRefreshToken() {
		return this.refreshToken;
	}

	public Endpoints getEndpoints() {
		return this.endpoints;
	}

	public Store getStore() {
		return this.store;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Throttle getThrottle() {
		return this.throttle;
	}

	public Dpop getDpop() {
		return this.dpop;
	}

	public Cookie getCookie() {
		return this.cookie;
	}

	public Sessions getSessions() {
		return this.sessions;
	}

	public Introspection getIntrospection() {
		return this.introspection;
	}

	/**
	 * Access token settings.
	 */
	public static class AccessToken {

		/**
		 * Lifetime of an issued access token. Keep it short: revocation entries live as
		 * long as this.
		 */
		private Duration ttl = Duration.ofMinutes(10);

		/**
		 * Required "typ" header of a validated token, and the one written into issued
		 * tokens (RFC 9068). Set to "JWT" to accept tokens of an issuer that writes "JWT"
		 * or no "typ" at all.
		 */
		private String type = "at+jwt";

		/**
		 * Longest token accepted; a longer one is refused before it is parsed.
		 */
		private DataSize maxLength = DataSize.ofKilobytes(8);

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			this.type = type;
		}

		public DataSize getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(DataSize maxLength) {
			this.maxLength = maxLength;
		}

	}

	/**
	 * Signing key settings. Configure one of a secret (HMAC), a PEM key pair (RSA, EC or
	 * Ed25519) or an SSL bundle; with none, a key is generated at start-up.
	 */
	public static class Signing {

		/**
		 * JWS algorithm of the active key (case-insensitive): HS256, HS384, HS512, RS256,
		 * RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 or EdDSA. Defaults to
		 * the key's own: HS256 for a secret, RS256 for an RSA key, the ES algorithm of an
		 * EC key's curve, EdDSA for an Ed25519 key.
		 */
		private @Nullable String algorithm;

		/**
		 * Key ID ("kid" header) of the active key. Derived from the key when not set.
		 */
		private @Nullable String keyId;

		/**
		 * HMAC secret: at least 32 bytes for HS256, 48 for HS384, 64 for HS512. Prefix
		 * with "base64:" to give the bytes in Base64.
		 */
		private @Nullable String secret;

		/**
		 * Location of the PEM-encoded private key of the active key: RSA (2048 bits or
		 * more), EC (P-256, P-384, P-521) or Ed25519, in PKCS#8 ("BEGIN PRIVATE KEY",
		 * "BEGIN ENCRYPTED PRIVATE KEY"), PKCS#1 ("BEGIN RSA PRIVATE KEY") or SEC1
		 * ("BEGIN EC PRIVATE KEY") form.
		 */
		private @Nullable Resource privateKeyLocation;

		/**
		 * Password of an encrypted PKCS#8 private key ("BEGIN ENCRYPTED PRIVATE KEY").
		 */
		private @Nullable String privateKeyPassword;

		/**
		 * Location of the PEM-encoded X.509 public key ("BEGIN PUBLIC KEY") or
		 * certificate of the active key. Derived from the private key when not set; when
		 * set, it must belong to the private key.
		 */
		private @Nullable Resource publicKeyLocation;

		/**
		 * Name of the SSL bundle ("spring.ssl.bundle.jks.NAME.*" or
		 * "spring.ssl.bundle.pem.NAME.*") whose private key entry signs tokens: a PKCS#12
		 * or JKS keystore, PEM files, or a PKCS#11 token (an HSM), whose key never leaves
		 * it. The entry is the bundle's "key.alias", or the keystore's only private key;
		 * its password the bundle's "key.password", or the keystore's. Not together with
		 * "secret" or "private-key-location".
		 */
		private @Nullable String bundle;

		/**
		 * Previous keys that still verify tokens but sign none, for key rotation without
		 * downtime. Remove a key once every token it signed has expired.
		 */
		private List<VerificationKey> previousKeys = new ArrayList<>();

		private final Rotation rotation = new Rotation();

		public Rotation getRotation() {
			return this.rotation;
		}

		public @Nullable String getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(@Nullable String algorithm) {
			this.algorithm = algorithm;
		}

		public @Nullable String getKeyId() {
			return this.keyId;
		}

		public void setKeyId(@Nullable String keyId) {
			this.keyId = keyId;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public @Nullable Resource getPrivateKeyLocation() {
			return this.privateKeyLocation;
		}

		public void setPrivateKeyLocation(@Nullable Resource privateKeyLocation) {
			this.privateKeyLocation = privateKeyLocation;
		}

		public @Nullable String getPrivateKeyPassword() {
			return this.privateKeyPassword;
		}

		public void setPrivateKeyPassword(@Nullable String privateKeyPassword) {
			this.privateKeyPassword = privateKeyPassword;
		}

		public @Nullable Resource getPublicKeyLocation() {
			return this.publicKeyLocation;
		}

		public void setPublicKeyLocation(@Nullable Resource publicKeyLocation) {
			this.publicKeyLocation = publicKeyLocation;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		public List<VerificationKey> getPreviousKeys() {
			return this.previousKeys;
		}

		public void setPreviousKeys(List<VerificationKey> previousKeys) {
			this.previousKeys = previousKeys;
		}

	}

	/**
	 * Automatic key rotation: the starter creates, publishes, activates and removes its
	 * own signing keys, kept in the store chosen by {@code jwt.auth.store.type}.
	 */
	public static class Rotation {

		/**
		 * Whether the starter manages its own signing keys and rotates them. Excludes
		 * jwt.auth.signing.secret, private-key-location, bundle and a JwtSigner bean.
		 */
		private boolean enabled;

		/**
		 * JWS algorithm of new keys: HS256, HS384, HS512, RS256, RS384, RS512, PS256,
		 * PS384, PS512, ES256, ES384, ES512 or EdDSA. A change takes effect once the next
		 * key is published.
		 */
		private String algorithm = "RS256";

		/**
		 * How long each key signs.
		 */
		private Duration period = Duration.ofDays(30);

		/**
		 * How long before it signs a new key is published in the JWK Set. At least
		 * jwt.auth.endpoints.jwks-max-age + jwt.auth.clock-skew + check-interval;
		 * defaults to that plus 5 minutes.
		 */
		private @Nullable Duration publishAhead;

		/**
		 * How long a replaced key stays published and verifies. Defaults to
		 * jwt.auth.access-token.ttl + jwt.auth.clock-skew + 5 minutes.
		 */
		private @Nullable Duration retainAfter;

		/**
		 * How often each instance reads the key store. At most half of publish-ahead.
		 */
		private Duration checkInterval = Duration.ofMinutes(1);

		/**
		 * Key-encryption key that seals the private keys in the store: 32 random bytes as
		 * 'base64:' followed by their Base64. Required with the jdbc and redis stores.
		 */
		private @Nullable String keyEncryptionKey;

		/**
		 * Earlier key-encryption keys, which still open keys they sealed (to rotate the
		 * key-encryption key: move the old one here, set the new one).
		 */
		private List<String> previousKeyEncryptionKeys = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(String algorithm) {
			this.algorithm = algorithm;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public @Nullable Duration getPublishAhead() {
			return this.publishAhead;
		}

		public void setPublishAhead(@Nullable Duration publishAhead) {
			this.publishAhead = publishAhead;
		}

		public @Nullable Duration getRetainAfter() {
			return this.retainAfter;
		}

		public void setRetainAfter(@Nullable Duration retainAfter) {
			this.retainAfter = retainAfter;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

		public @Nullable String getKeyEncryptionKey() {
			return this.keyEncryptionKey;
		}

		public void setKeyEncryptionKey(@Nullable String keyEncryptionKey) {
			this.keyEncryptionKey = keyEncryptionKey;
		}

		public List<String> getPreviousKeyEncryptionKeys() {
			return this.previousKeyEncryptionKeys;
		}

		public void setPreviousKeyEncryptionKeys(List<String> previousKeyEncryptionKeys) {
			this.previousKeyEncryptionKeys = previousKeyEncryptionKeys;
		}

	}

	/**
	 * A previous key that only verifies.
	 */
	public static class VerificationKey {

		/**
		 * Key ID ("kid") of the tokens this key signed. Required.
		 */
		private @Nullable String keyId;

		/**
		 * JWS algorithm this key was used with. Defaults as for the active key.
		 */
		private @Nullable String algorithm;

		/**
		 * HMAC secret of the previous key.
		 */
		private @Nullable String secret;

		/**
		 * Location of the PEM-encoded X.509 public key ("BEGIN PUBLIC KEY") or
		 * certificate of the previous key: RSA, EC (P-256, P-384, P-521) or Ed25519.
		 */
		private @Nullable Resource publicKeyLocation;

		public @Nullable String getKeyId() {
			return this.keyId;
		}

		public void setKeyId(@Nullable String keyId) {
			this.keyId = keyId;
		}

		public @Nullable String getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(@Nullable String algorithm) {
			this.algorithm = algorithm;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public @Nullable Resource getPublicKeyLocation() {
			return this.publicKeyLocation;
		}

		public void setPublicKeyLocation(@Nullable Resource publicKeyLocation) {
			this.publicKeyLocation = publicKeyLocation;
		}

	}

	/**
	 * How granted authorities are written into and read from tokens.
	 */
	public static class Authorities {

		/**
		 * Name of the claim that carries the authorities.
		 */
		private String claimName = "roles";

		/**
		 * Prefix added to each claim value to form an authority, for the tokens of
		 * another issuer ("jwk-set-uri" or "issuer-uri") only, for example "SCOPE_". This
		 * application's own tokens carry the authorities exactly as granted and are read
		 * back exactly so; leave it empty to verify the tokens of a jwt-auth issuer.
		 */
		private String prefix = "";

		public String getClaimName() {
			return this.claimName;
		}

		public void setClaimName(String claimName) {
			this.claimName = claimName;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

	}

	/**
	 * One issuer of "jwt.auth.issuers" whose tokens this application verifies.
	 */
	public static class Issuer {

		/**
		 * The issuer's exact "iss", for example https://login.example.com. Required
		 * unless "issuer-uri" gives it; each issuer once. A token is verified with this
		 * entry's keys only when its "iss" is exactly this (no normalisation: a trailing
		 * slash is another issuer).
		 */
		private @Nullable String issuer;

		/**
		 * JWK Set URI of this issuer. Required unless "issuer-uri" is set. Must be an
		 * https URL; plain http is accepted only for loopback (localhost, 127.0.0.1,
		 * [::1]).
		 */
		private @Nullable String jwkSetUri;

		/**
		 * URL of this issuer, from whose metadata (RFC 8414, or else OpenID Connect
		 * discovery) its "jwks_uri" is discovered, on first need (the first token naming
		 * this issuer), not at start-up. The metadata's "issuer" must equal it exactly;
		 * it is also this entry's "iss" ("issuer", if set, must equal it). With
		 * "jwk-set-uri" too, the keys come from "jwk-set-uri" and nothing is discovered.
		 * Must be an https URL without user information, query or fragment; plain http is
		 * accepted only for loopback. A revocation feed in the metadata is not followed
		 * with "jwt.auth.issuers".
		 */
		private @Nullable String issuerUri;

		/**
		 * Audiences of which this issuer's tokens must name at least one in "aud".
		 * Required.
		 */
		private List<String> audiences = new ArrayList<>();

		/**
		 * JWS algorithms accepted from this issuer's JWK Set, for example RS256. By
		 * default (empty) the algorithm each key of its set declares, or for a key that
		 * declares none the one its type implies. Asymmetric algorithms only: "none" and
		 * HS* are refused.
		 */
		private List<String> algorithms = new ArrayList<>();

		/**
		 * Whether this issuer's tokens may lack a "jti" claim, for an issuer that writes
		 * none. Such a token cannot be revoked on its own.
		 */
		private boolean acceptTokensWithoutJti;

		/**
		 * Name of the claim of this issuer's tokens that carries the authorities. By
		 * default "jwt.auth.authorities.claim-name".
		 */
		private @Nullable String authoritiesClaimName;

		/**
		 * Prefix added to each authority of this issuer's tokens, for example "SCOPE_".
		 * By default "jwt.auth.authorities.prefix".
		 */
		private @Nullable String authoritiesPrefix;

		public @Nullable String getIssuer() {
			return this.issuer;
		}

		public void setIssuer(@Nullable String issuer) {
			this.issuer = issuer;
		}

		public @Nullable String getJwkSetUri() {
			return this.jwkSetUri;
		}

		public void setJwkSetUri(@Nullable String jwkSetUri) {
			this.jwkSetUri = jwkSetUri;
		}

		public @Nullable String getIssuerUri() {
			return this.issuerUri;
		}

		public void setIssuerUri(@Nullable String issuerUri) {
			this.issuerUri = issuerUri;
		}

		public List<String> getAudiences() {
			return this.audiences;
		}

		public void setAudiences(List<String> audiences) {
			this.audiences = audiences;
		}

		public List<String> getAlgorithms() {
			return this.algorithms;
		}

		public void setAlgorithms(List<String> algorithms) {
			this.algorithms = algorithms;
		}

		public boolean isAcceptTokensWithoutJti() {
			return this.acceptTokensWithoutJti;
		}

		public void setAcceptTokensWithoutJti(boolean acceptTokensWithoutJti) {
			this.acceptTokensWithoutJti = acceptTokensWithoutJti;
		}

		public @Nullable String getAuthoritiesClaimName() {
			return this.authoritiesClaimName;
		}

		public void setAuthoritiesClaimName(@Nullable String authoritiesClaimName) {
			this.authoritiesClaimName = authoritiesClaimName;
		}

		public @Nullable String getAuthoritiesPrefix() {
			return this.authoritiesPrefix;
		}

		public void setAuthoritiesPrefix(@Nullable String authoritiesPrefix) {
			this.authoritiesPrefix = authoritiesPrefix;
		}

	}

	/**
	 * Refresh token settings.
	 */
	public static class RefreshToken {

		/**
		 * Idle lifetime: a refresh token not used within this time expires. Every use
		 * rotates it and starts a new period.
		 */
		private Duration ttl = Duration.ofDays(1);

		/**
		 * Absolute lifetime of a login session (refresh token family), however often it
		 * is refreshed.
		 */
		private Duration maxLifetime = Duration.ofDays(14);

		/**
		 * Most live login sessions (refresh token families) one user may have, on every
		 * store. A login beyond it revokes that user's oldest session (its refresh token
		 * and its access tokens); other users' sessions are never touched.
		 */
		private int maxSessionsPerUser = 10;

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

		public int getMaxSessionsPerUser() {
			return this.maxSessionsPerUser;
		}

		public void setMaxSessionsPerUser(int maxSessionsPerUser) {
			this.maxSessionsPerUser = maxSessionsPerUser;
		}

	}

	/**
	 * HTTP endpoints for the token life cycle.
	 */
	public static class Endpoints {

		/**
		 * Whether the login, refresh, logout and revocation endpoints are registered.
		 */
		private boolean enabled = true;

		/**
		 * Path of the login endpoint (POST).
		 */
		private String loginPath = "/auth/login";

		/**
		 * Path of the refresh endpoint (POST).
		 */
		private String refreshPath = "/auth/refresh";

		/**
		 * Path of the logout endpoint (POST, needs the access token).
		 */
		private String logoutPath = "/auth/logout";

		/**
		 * Path of the endpoint that logs out every session of the caller (POST).
		 */
		private String logoutAllPath = "/auth/logout-all";

		/**
		 * Path of the RFC 7009 revocation endpoint (POST).
		 */
		private String revokePath = "/auth/revoke";

		/**
		 * Path of the sessions API: GET lists the caller's login sessions, DELETE
		 * "{path}/{id}" ends one, DELETE "{path}/others" ends all but the caller's.
		 */
		private String sessionsPath = "/auth/sessions";

		/**
		 * Path of the RFC 7662 introspection endpoint (POST), registered when
		 * "jwt.auth.introspection.clients" names at least one client.
		 */
		private String introspectionPath = "/auth/introspect";

		/**
		 * Largest request body the login, refresh, logout and revocation endpoints
		 * accept; a larger one (declared or chunked) is refused with 413 before it is
		 * parsed. Must leave room for a revocation request carrying an access token of
		 * 'jwt.auth.access-token.max-length' (at least that plus 1KB), and be at most
		 * 1MB.
		 */
		private DataSize maxBodySize = DataSize.ofKilobytes(16);

		/**
		 * Whether the JWK Set endpoint is registered.
		 */
		private boolean jwksEnabled = true;

		/**
		 * Path of the JWK Set endpoint (GET), which publishes public keys only.
		 */
		private String jwksPath = "/.well-known/jwks.json";

		/**
		 * Cache-Control max-age of the JWK Set response.
		 */
		private Duration jwksMaxAge = Duration.ofMinutes(5);

		/**
		 * Whether the revocation feed is served, from which resource servers
		 * ("jwt.auth.revocation-feed-uri") learn this issuer's revocations. Only when the
		 * active signing key is asymmetric (RSA): resource servers verify the feed with
		 * the JWK Set, which publishes no HMAC key. Never in resource-server mode.
		 */
		private boolean revocationsEnabled = true;

		/**
		 * Path of the revocation feed (GET, query "cursor" and "wait").
		 */
		private String revocationsPath = "/auth/revocations";

		/**
		 * Most feed requests held open at once (long polls waiting for a revocation);
		 * beyond it a request is answered 503. Each held request costs no thread.
		 */
		private int revocationsMaxWaiting = 1000;

		/**
		 * Whether the authorization-server metadata (RFC 8414) is served, at
		 * "/.well-known/oauth-authorization-server" followed by the path of
		 * "jwt.auth.issuer". Only when the issuer is an https URL (plain http for
		 * loopback) and this application issues tokens; set to true explicitly, an issuer
		 * that is not such a URL refuses to start.
		 */
		private boolean metadataEnabled = true;

		/**
		 * Cache-Control max-age of the authorization-server metadata.
		 */
		private Duration metadataMaxAge = Duration.ofHours(1);

		/**
		 * Whether the WWW-Authenticate challenges of 401 and 400 answers name the
		 * protected resource metadata (RFC 9728 §5.1, "resource_metadata"), for clients
		 * that discover the authorization server from a refused request.
		 */
		private boolean resourceMetadataChallenge;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public String getLoginPath() {
			return this.loginPath;
		}

		public void setLoginPath(String loginPath) {
			this.loginPath = loginPath;
		}

		public String getRefreshPath() {
			return this.refreshPath;
		}

		public void setRefreshPath(String refreshPath) {
			this.refreshPath = refreshPath;
		}

		public String getLogoutPath() {
			return this.logoutPath;
		}

		public void setLogoutPath(String logoutPath) {
			this.logoutPath = logoutPath;
		}

		public String getLogoutAllPath() {
			return this.logoutAllPath;
		}

		public void setLogoutAllPath(String logoutAllPath) {
			this.logoutAllPath = logoutAllPath;
		}

		public String getRevokePath() {
			return this.revokePath;
		}

		public String getSessionsPath() {
			return this.sessionsPath;
		}

		public void setSessionsPath(String sessionsPath) {
			this.sessionsPath = sessionsPath;
		}

		public String getIntrospectionPath() {
			return this.introspectionPath;
		}

		public void setIntrospectionPath(String introspectionPath) {
			this.introspectionPath = introspectionPath;
		}

		public void setRevokePath(String revokePath) {
			this.revokePath = revokePath;
		}

		public boolean isJwksEnabled() {
			return this.jwksEnabled;
		}

		public void setJwksEnabled(boolean jwksEnabled) {
			this.jwksEnabled = jwksEnabled;
		}

		public String getJwksPath() {
			return this.jwksPath;
		}

		public void setJwksPath(String jwksPath) {
			this.jwksPath = jwksPath;
		}

		public Duration getJwksMaxAge() {
			return this.jwksMaxAge;
		}

		public void setJwksMaxAge(Duration jwksMaxAge) {
			this.jwksMaxAge = jwksMaxAge;
		}

		public boolean isRevocationsEnabled() {
			return this.revocationsEnabled;
		}

		public void setRevocationsEnabled(boolean revocationsEnabled) {
			this.revocationsEnabled = revocationsEnabled;
		}

		public String getRevocationsPath() {
			return this.revocationsPath;
		}

		public void setRevocationsPath(String revocationsPath) {
			this.revocationsPath = revocationsPath;
		}

		public int getRevocationsMaxWaiting() {
			return this.revocationsMaxWaiting;
		}

		public void setRevocationsMaxWaiting(int revocationsMaxWaiting) {
			this.revocationsMaxWaiting = revocationsMaxWaiting;
		}

		public boolean isMetadataEnabled() {
			return this.metadataEnabled;
		}

		public void setMetadataEnabled(boolean metadataEnabled) {
			this.metadataEnabled = metadataEnabled;
		}

		public Duration getMetadataMaxAge() {
			return this.metadataMaxAge;
		}

		public void setMetadataMaxAge(Duration metadataMaxAge) {
			this.metadataMaxAge = metadataMaxAge;
		}

		public boolean isResourceMetadataChallenge() {
			return this.resourceMetadataChallenge;
		}

		public void setResourceMetadataChallenge(boolean resourceMetadataChallenge) {
			this.resourceMetadataChallenge = resourceMetadataChallenge;
		}

	}

	/**
	 * Where refresh tokens and revocations are kept.
	 */
	public static class Store {

		/**
		 * Store type.
		 */
		private StoreType type = StoreType.MEMORY;

		/**
		 * Most refresh tokens the in-memory store holds; past it the oldest session of
		 * the user holding the most tokens is dropped (that user logs in again), so one
		 * account cannot push out the sessions of others.
		 */
		private int maxEntries = 100_000;

		/**
		 * How often expired refresh tokens and revocations are purged.
		 */
		private Duration purgeInterval = Duration.ofMinutes(1);

		/**
		 * How often a shared store (jdbc, redis) is polled for revocations made by other
		 * instances. Redis and PostgreSQL (jdbc.listen-notify) also push them at once;
		 * polling is the safety net, and every successful poll counts against
		 * max-staleness.
		 */
		private Duration pollInterval = Duration.ofMillis(250);

		/**
		 * How long this instance may go without reaching a shared store (beyond two poll
		 * intervals) before it refuses every bearer token (503), since it may be missing
		 * revocations. 0 refuses as soon as two polls in a row fail.
		 */
		private Duration maxStaleness = Duration.ofSeconds(30);

		/**
		 * How long the start-up waits for the first load of the revocations from a shared
		 * store. Bearer tokens are refused (503) until that load succeeds, whether the
		 * start-up waited for it or not; if the store cannot be reached, the application
		 * starts anyway and recovers by itself at a later poll.
		 */
		private Duration initialSyncTimeout = Duration.ofSeconds(10);

		private final Redis redis = new Redis();

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getMaxStaleness() {
			return this.maxStaleness;
		}

		public void setMaxStaleness(Duration maxStaleness) {
			this.maxStaleness = maxStaleness;
		}

		public Duration getInitialSyncTimeout() {
			return this.initialSyncTimeout;
		}

		public void setInitialSyncTimeout(Duration initialSyncTimeout) {
			this.initialSyncTimeout = initialSyncTimeout;
		}

		public Redis getRedis() {
			return this.redis;
		}

		public StoreType getType() {
			return this.type;
		}

		public void setType(StoreType type) {
			this.type = type;
		}

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

		public Duration getPurgeInterval() {
			return this.purgeInterval;
		}

		public void setPurgeInterval(Duration purgeInterval) {
			this.purgeInterval = purgeInterval;
		}

	}

	/**
	 * Redis store settings.
	 */
	public static class Redis {

		/**
		 * Prefix of every key (no braces). On Redis Cluster a refresh family's keys share
		 * a hash tag of their own ({prefix:f:TAG}, TAG from the family), a user's index
		 * another ({prefix:u:TAG}), and the revocations {prefix}.
		 */
		private String keyPrefix = "jwt-auth";

		/**
		 * Replicas that must acknowledge (WAIT) a login, a refresh-token rotation or a
		 * revocation before it is reported done; otherwise the request answers 503, so
		 * nothing handed out is lost in a failover. Unset: 1 when the connection is to a
		 * Redis Cluster or through Sentinel (Lettuce), 0 for a single server. Needs
		 * Lettuce when above 0.
		 */
		private @Nullable Integer replicaAcknowledgements;

		/**
		 * How long a write waits for the replicas' acknowledgement.
		 */
		private Duration replicaTimeout = Duration.ofSeconds(1);

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public @Nullable Integer getReplicaAcknowledgements() {
			return this.replicaAcknowledgements;
		}

		public void setReplicaAcknowledgements(@Nullable Integer replicaAcknowledgements) {
			this.replicaAcknowledgements = replicaAcknowledgements;
		}

		public Duration getReplicaTimeout() {
			return this.replicaTimeout;
		}

		public void setReplicaTimeout(Duration replicaTimeout) {
			this.replicaTimeout = replicaTimeout;
		}

	}

	/**
	 * Supported stores.
	 */
	public enum StoreType {

		/**
		 * In this process's memory: one instance only.
		 */
		MEMORY,

		/**
		 * A JDBC database through the application's DataSource.
		 */
		JDBC,

		/**
		 * Redis through the application's Redis connection.
		 */
		REDIS

	}

	/**
	 * Cache of validated tokens.
	 */
	public static class Cache {

		/**
		 * Whether a token presented again skips signature verification and parsing.
		 * Revocation is still checked on every request.
		 */
		private boolean enabled = true;

		/**
		 * Most validated tokens kept.
		 */
		private int maxSize = 10_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(int maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Throttling of failed attempts at the token endpoints (brute-force protection),
	 * counted in the configured store ({@code jwt.auth.store.type}), so the limits hold
	 * across instances with jdbc and redis.
	 */
	public static class Throttle {

		/**
		 * Whether failed logins, refreshes and revocations are throttled. Switch it off
		 * only when something in front of the application throttles them.
		 */
		private boolean enabled = true;

		/**
		 * Failed logins of one account (from all addresses, and from one address) before
		 * back-off starts.
		 */
		private int maxFailures = 5;

		/**
		 * Failures from one client address (logins of any account, unknown refresh or
		 * revoked tokens) before back-off starts. Higher than max-failures because
		 * several users may share an address.
		 */
		private int addressMaxFailures = 20;

		/**
		 * How long failures are remembered after the back-off they caused: a key's count
		 * starts again once this window and its largest back-off have passed without a
		 * failure.
		 */
		private Duration window = Duration.ofMinutes(15);

		/**
		 * The first back-off, once a threshold is reached; doubled at each further
		 * failure.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * The largest back-off of a client address, and of an account from one address.
		 */
		private Duration maxBackoff = Duration.ofMinutes(15);

		/**
		 * The largest back-off of an account caused by failures from all addresses
		 * together: the longest that failures from elsewhere can keep its user out. At
		 * most max-backoff.
		 */
		private Duration accountMaxBackoff = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxFailures() {
			return this.maxFailures;
		}

		public void setMaxFailures(int maxFailures) {
			this.maxFailures = maxFailures;
		}

		public int getAddressMaxFailures() {
			return this.addressMaxFailures;
		}

		public void setAddressMaxFailures(int addressMaxFailures) {
			this.addressMaxFailures = addressMaxFailures;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getAccountMaxBackoff() {
			return this.accountMaxBackoff;
		}

		public void setAccountMaxBackoff(Duration accountMaxBackoff) {
			this.accountMaxBackoff = accountMaxBackoff;
		}

	}

	/**
	 * Sender-constrained tokens with DPoP (RFC 9449).
	 */
	public static class Dpop {

		/**
		 * Whether tokens are bound to the client's key: 'optional' binds the tokens of a
		 * login or refresh that carries a DPoP proof and accepts bearer tokens too,
		 * 'required' issues and accepts DPoP-bound tokens only, 'off' ignores DPoP proofs
		 * and refuses the DPoP scheme. A DPoP-bound token presented as a bearer token is
		 * refused in every mode.
		 */
		private DPoPMode mode = DPoPMode.OPTIONAL;

		/**
		 * The accepted proof algorithms (asymmetric only).
		 */
		private List<String> algorithms = new ArrayList<>(
				DPoPProofVerifier.DEFAULT_ALGORITHMS.stream().map(JWSAlgorithm::getName).toList());

		/**
		 * How old a proof may be (its 'iat'), at most 10 minutes; proofs are remembered
		 * this long (plus the clock skew) to refuse a replay.
		 */
		private Duration proofMaxAge = Duration.ofSeconds(60);

		/**
		 * How far in the future a proof's 'iat' may be.
		 */
		private Duration clockSkew = Duration.ofSeconds(5);

		/**
		 * The longest proof accepted.
		 */
		private DataSize proofMaxLength = DataSize.ofBytes(4096);

		/**
		 * Most proofs the in-memory replay cache remembers (memory store only); when the
		 * live proofs fill it, proofs are refused (503) rather than a replay let through.
		 */
		private int replayCacheMaxEntries = 1_000_000;

		private final Nonce nonce = new Nonce();

		public DPoPMode getMode() {
			return this.mode;
		}

		public void setMode(DPoPMode mode) {
			this.mode = mode;
		}

		public List<String> getAlgorithms() {
			return this.algorithms;
		}

		public void setAlgorithms(List<String> algorithms) {
			this.algorithms = algorithms;
		}

		public Duration getProofMaxAge() {
			return this.proofMaxAge;
		}

		public void setProofMaxAge(Duration proofMaxAge) {
			this.proofMaxAge = proofMaxAge;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public DataSize getProofMaxLength() {
			return this.proofMaxLength;
		}

		public void setProofMaxLength(DataSize proofMaxLength) {
			this.proofMaxLength = proofMaxLength;
		}

		public int getReplayCacheMaxEntries() {
			return this.replayCacheMaxEntries;
		}

		public void setReplayCacheMaxEntries(int replayCacheMaxEntries) {
			this.replayCacheMaxEntries = replayCacheMaxEntries;
		}

		public Nonce getNonce() {
			return this.nonce;
		}

	}

	/**
	 * Server-provided DPoP nonces (RFC 9449 §8, §9): proofs must carry a recent nonce of
	 * the server, which limits how long a proof made in advance can be used.
	 */
	public static class Nonce {

		/**
		 * Whether proofs must carry a server nonce; a proof without a current one gets
		 * 'use_dpop_nonce' and a DPoP-Nonce header.
		 */
		private boolean enabled;

		/**
		 * The secret nonces are derived from, the same on every instance: at least 32
		 * random bytes, base64-encoded (for example 'openssl rand -base64 32'). Without
		 * it each instance makes a random one, and a nonce of one instance is refused by
		 * the others.
		 */
		private @Nullable String secret;

		/**
		 * How long a nonce is accepted at most (between half of it and all of it).
		 */
		private Duration lifetime = Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public Duration getLifetime() {
			return this.lifetime;
		}

		public void setLifetime(Duration lifetime) {
			this.lifetime = lifetime;
		}

	}

	/**
	 * Cookie mode, for single-page applications: the refresh token travels in an HttpOnly
	 * cookie that the page's JavaScript cannot read, and the access token in the response
	 * body only.
	 */
	public static class Cookie {

		/**
		 * Whether refresh tokens are handed out in a cookie ("HttpOnly", "Secure", no
		 * "Domain", "Max-Age" of the refresh token) instead of the response body. Refresh
		 * and logout then read the cookie when the body has no refresh token, rotation
		 * replaces it, and logout, logout-all and a refused refresh clear it. Every login
		 * and refresh, and a logout that carries the cookie, must carry the "csrf-header"
		 * and come from this application's origin (or one its CORS configuration allows
		 * with credentials): otherwise 403.
		 */
		private boolean enabled;

		/**
		 * Name of the cookie, without its prefix: "__Host-" is added when the path (under
		 * the context path) is "/", "__Secure-" otherwise.
		 */
		private String name = "jwt-auth-refresh";

		/**
		 * Path of the cookie. Default: the common parent of the refresh and logout paths
		 * ("/auth"), so no other request carries it. Both paths must be within it.
		 */
		private @Nullable String path;

		/**
		 * SameSite attribute of the cookie: "strict" or "lax". "none" is refused.
		 */
		private String sameSite = "strict";

		/**
		 * Header a request that uses the cookie must carry (any non-empty value); a
		 * browser sends it cross-origin only after a CORS preflight the application
		 * allowed.
		 */
		private String csrfHeader = "X-Requested-With";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public String getSameSite() {
			return this.sameSite;
		}

		public void setSameSite(String sameSite) {
			this.sameSite = sameSite;
		}

		public String getCsrfHeader() {
			return this.csrfHeader;
		}

		public void setCsrfHeader(String csrfHeader) {
			this.csrfHeader = csrfHeader;
		}

	}

	/**
	 * Users' login sessions.
	 */
	public static class Sessions {

		/**
		 * Whether the sessions API ("endpoints.sessions-path") is registered.
		 */
		private boolean enabled = true;

		/**
		 * Whether the user agent and client address of each session's login and latest
		 * refresh are stored and listed by the sessions API. They are personal data: off
		 * by default; when on, they are erased when the session ends and deleted with its
		 * records once it has expired.
		 */
		private boolean recordClientDetails;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isRecordClientDetails() {
			return this.recordClientDetails;
		}

		public void setRecordClientDetails(boolean recordClientDetails) {
			this.recordClientDetails = recordClientDetails;
		}

	}

	/**
	 * Token introspection (RFC 7662) for gateways and services that cannot verify the
	 * tokens themselves.
	 */
	public static class Introspection {

		/**
		 * The clients allowed to call the introspection endpoint
		 * ("jwt.auth.endpoints.introspection-path"), with HTTP Basic
		 * (client_secret_basic). The endpoint exists only when at least one is
		 * configured, and only where this application issues tokens.
		 */
		private List<Client> clients = new ArrayList<>();

		public List<Client> getClients() {
			return this.clients;
		}

		public void setClients(List<Client> clients) {
			this.clients = clients;
		}

		/**
		 * A client of the introspection endpoint.
		 */
		public static class Client {

			/**
			 * The client ID, the user name of its HTTP Basic credentials.
			 */
			private @Nullable String clientId;

			/**
			 * The client secret: at least 32 random characters in plain text, or encoded
			 * as Spring Security's DelegatingPasswordEncoder writes it ("{bcrypt}...",
			 * "{pbkdf2}...", "{scrypt}...", "{argon2}...", "{noop}" followed by at least
			 * 32 characters).
			 */
			private @Nullable String clientSecret;

			public @Nullable String getClientId() {
				return this.clientId;
			}

			public void setClientId(@Nullable String clientId) {
				this.clientId = clientId;
			}

			public @Nullable String getClientSecret() {
				return this.clientSecret;
			}

			public void setClientSecret(@Nullable String clientSecret) {
				this.clientSecret = clientSecret;
			}

		}

	}

}
