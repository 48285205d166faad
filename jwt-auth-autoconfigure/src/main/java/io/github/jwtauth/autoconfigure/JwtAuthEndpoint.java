package io.github.jwtauth.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.jwtauth.discovery.DiscoveredJwkSet;
import io.github.jwtauth.discovery.IssuerMetadata;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.keys.remote.JwkSetCache;
import io.github.jwtauth.keys.rotation.RotatingKeySource;
import io.github.jwtauth.keys.rotation.RotationPolicy;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;
import io.github.jwtauth.support.CookiePaths;
import io.github.jwtauth.token.JwsVerifierResolver;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.RemoteJwsVerifierResolver;
import io.github.jwtauth.token.TrustedIssuer;
import io.github.jwtauth.token.TrustedIssuers;
import io.github.jwtauth.token.ValidatedTokenCache;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The Actuator endpoint {@code jwtauth}: what jwt-auth runs with, read-only. The keys in
 * use (key IDs, algorithms, and with rotation each managed key's generation, times and
 * age; on a resource server the issuer's JWK Set as last fetched, or every trusted
 * issuer's with {@code jwt.auth.issuers}), the revocation store and the age of this
 * instance's replica, the validated-token cache's figures, and the effective policy
 * ({@code jwt.auth.*} as the starter applies it).
 * <p>
 * It never shows a secret: no key material (not even public keys), no token, no password,
 * no nonce or key-encryption secret, no user's data; URLs lose their user information and
 * query. Like Boot's own endpoints other than {@code health}, it is not exposed over HTTP
 * unless {@code management.endpoints.web.exposure.include} names it, and then only behind
 * the application's security (see the README).
 */
@Endpoint(id = "jwtauth")
public final class JwtAuthEndpoint {

	private final JwtAuthProperties properties;

	private final @Nullable JwtKeySource keys;

	private final @Nullable JwsVerifierResolver verifiers;

	private final RevocationStore store;

	private final RevocationRegistry registry;

	private final @Nullable JwtDecoder decoder;

	private final Clock clock;

	/**
	 * Create the endpoint.
	 * @param properties the properties in force
	 * @param keys this application's keys, or {@code null} on a resource server
	 * @param verifiers the decoder's verifier resolver (on a resource server, the one
	 * that follows the issuer's JWK Set)
	 * @param store the revocation store
	 * @param registry this instance's replica of the revocations
	 * @param decoder the application's decoder, whose validated-token cache is reported
	 * when it is a {@link JwtAuthDecoder}
	 * @param clock the clock that ages are measured with
	 */
	public JwtAuthEndpoint(JwtAuthProperties properties, @Nullable JwtKeySource keys,
			@Nullable JwsVerifierResolver verifiers, RevocationStore store, RevocationRegistry registry,
			@Nullable JwtDecoder decoder, Clock clock) {
		Assert.notNull(properties, "properties must not be null");
		Assert.notNull(store, "store must not be null");
		Assert.notNull(registry, "registry must not be null");
		Assert.notNull(clock, "clock must not be null");
		this.properties = properties;
		this.keys = keys;
		this.verifiers = verifiers;
		this.store = store;
		this.registry = registry;
		this.decoder = decoder;
		this.clock = clock;
	}

	/**
	 * What jwt-auth runs with now.
	 * @return the descriptor
	 */
	@ReadOperation
	public JwtAuthDescriptor jwtAuth() {
		Instant now = this.clock.instant();
		return new JwtAuthDescriptor(keys(now), store(now), cache(), policy());
	}

	private KeysDescriptor keys(Instant now) {
		TrustedIssuers issuers = (this.decoder instanceof JwtAuthDecoder jwtAuthDecoder)
				? jwtAuthDecoder.getTrustedIssuers() : null;
		if (issuers != null) {
			List<IssuerDescriptor> descriptors = new ArrayList<>();
			for (TrustedIssuer issuer : issuers) {
				descriptors.add(issuer(issuer, now));
			}
			return new KeysDescriptor("issuers", null, List.of(), null, null, descriptors);
		}
		JwkSetDescriptor jwkSet = (this.verifiers instanceof RemoteJwsVerifierResolver remote)
				? jwkSet(remote.getJwkSetCache(), this.properties.getJwkSetUri(), this.properties.getJwkSetAlgorithms(),
						now)
				: null;
		if (this.keys instanceof RotatingKeySource rotating) {
			return rotatingKeys(rotating, jwkSet, now);
		}
		if (this.keys != null) {
			JwtKeySet set = this.keys.current();
			String activeKeyId = set.active().keyId();
			List<KeyDescriptor> others = new ArrayList<>();
			KeyDescriptor active = null;
			for (VerificationKey key : set.verificationKeys()) {
				KeyDescriptor descriptor = KeyDescriptor.of(key);
				if (key.keyId().equals(activeKeyId)) {
					active = descriptor;
				}
				else {
					others.add(descriptor);
				}
			}
			return new KeysDescriptor("local", active, others, null, jwkSet, null);
		}
		String source = "application";
		if (jwkSet != null) {
			source = StringUtils.hasText(this.properties.getJwkSetUri()) ? "jwk-set-uri" : "issuer-uri";
		}
		return new KeysDescriptor(source, null, List.of(), null, jwkSet, null);
	}

	private IssuerDescriptor issuer(TrustedIssuer issuer, Instant now) {
		JwtAuthProperties.Issuer configured = this.properties.getIssuers()
			.stream()
			.filter((candidate) -> issuer.getIssuer().equals(candidate.getIssuer()))
			.findFirst()
			.orElse(null);
		JwkSetDescriptor jwkSet = (issuer.getVerifiers() instanceof RemoteJwsVerifierResolver remote)
				? jwkSet(remote.getJwkSetCache(), (configured != null) ? configured.getJwkSetUri() : null,
						(configured != null) ? configured.getAlgorithms() : List.of(), now)
				: null;
		return new IssuerDescriptor(issuer.getIssuer(), issuer.getAudiences(), issuer.isTokenIdRequired(), jwkSet);
	}

	private KeysDescriptor rotatingKeys(RotatingKeySource source, @Nullable JwkSetDescriptor jwkSet, Instant now) {
		Map<String, VerificationKey> byKeyId = new HashMap<>();
		for (VerificationKey key : source.current().verificationKeys()) {
			byKeyId.put(key.keyId(), key);
		}
		KeyDescriptor active = null;
		List<KeyDescriptor> others = new ArrayList<>();
		for (RotatingKeySource.ManagedKey key : source.managedKeys()) {
			VerificationKey verificationKey = byKeyId.get(key.keyId());
			KeyDescriptor descriptor = new KeyDescriptor(key.keyId(), key.algorithm(),
					(verificationKey != null) ? KeyDescriptor.typeOf(verificationKey) : null, key.generation(),
					key.createdAt(), key.activatesAt(), key.retiresAt(), age(key.createdAt(), now));
			if (key.active()) {
				active = descriptor;
			}
			else {
				others.add(descriptor);
			}
		}
		RotationPolicy policy = source.policy();
		RotationDescriptor rotation = new RotationDescriptor(policy.algorithm().getName(), policy.period(),
				policy.publishAhead(), policy.retainAfter(), policy.checkInterval());
		return new KeysDescriptor("rotation", active, others, rotation, jwkSet, null);
	}

	private JwkSetDescriptor jwkSet(JwkSetCache cache, @Nullable String uri, List<String> algorithms, Instant now) {
		JwkSetCache.Fetched fetched = cache.lastFetched();
		List<KeyDescriptor> keys = new ArrayList<>();
		if (fetched != null) {
			fetched.keys().all().forEach((key) -> keys.add(KeyDescriptor.of(key)));
		}
		if (uri == null && cache.getSource() instanceof DiscoveredJwkSet discovered) {
			IssuerMetadata metadata = discovered.getDiscovery().current();
			uri = (metadata != null) ? metadata.jwksUri().toString() : null;
		}
		return new JwkSetDescriptor((uri != null) ? withoutCredentials(uri) : null, List.copyOf(algorithms), keys,
				(fetched != null) ? fetched.fetchedAt() : null,
				(fetched != null) ? age(fetched.fetchedAt(), now) : null,
				(fetched != null) ? fetched.expiresAt() : null, cache.getFailure());
	}

	private StoreDescriptor store(Instant now) {
		JwtAuthProperties.Store settings = this.properties.getStore();
		boolean shared = this.store.isShared();
		Instant lastSync = this.registry.getLastSync();
		FeedDescriptor feed = null;
		String type = settings.getType().name().toLowerCase(Locale.ROOT);
		if (this.store instanceof RevocationFeedStore feedStore) {
			type = "feed";
			URI feedUri = feedStore.getUri();
			feed = new FeedDescriptor((feedUri != null) ? withoutCredentials(feedUri.toString()) : null,
					feedStore.getFailure());
		}
		return new StoreDescriptor(type, shared, this.registry.size(), lastSync,
				(lastSync != null) ? age(lastSync, now) : null, this.registry.isStale(),
				shared ? settings.getMaxStaleness() : null, feed);
	}

	private @Nullable CacheDescriptor cache() {
		if (!(this.decoder instanceof JwtAuthDecoder jwtAuthDecoder)) {
			return null;
		}
		ValidatedTokenCache cache = jwtAuthDecoder.getCache();
		if (cache == null) {
			return new CacheDescriptor(false, null, null);
		}
		return new CacheDescriptor(true, cache.size(), cache.maxSize());
	}

	private PolicyDescriptor policy() {
		JwtAuthProperties properties = this.properties;
		boolean issuing = !ResourceServerMode.isResourceServer(properties);
		JwtAuthProperties.AccessToken accessToken = properties.getAccessToken();
		JwtAuthProperties.RefreshToken refresh = properties.getRefreshToken();
		JwtAuthProperties.Dpop dpop = properties.getDpop();
		JwtAuthProperties.Cookie cookie = properties.getCookie();
		JwtAuthProperties.Endpoints endpoints = properties.getEndpoints();
		JwtAuthProperties.Throttle throttle = properties.getThrottle();
		boolean several = !properties.getIssuers().isEmpty();
		return new PolicyDescriptor(issuing ? "issuer" : "resource-server", several ? null : properties.getIssuer(),
				several ? List.of() : List.copyOf(properties.getAudiences()), properties.getClockSkew(),
				properties.isRequireHttps(),
				new AccessTokenPolicy(issuing ? accessToken.getTtl() : null, accessToken.getType()),
				issuing ? new RefreshTokenPolicy(refresh.getTtl(), refresh.getMaxLifetime(),
						refresh.getMaxSessionsPerUser()) : null,
				new DPoPPolicy(dpop.getMode().name().toLowerCase(Locale.ROOT), List.copyOf(dpop.getAlgorithms()),
						dpop.getNonce().isEnabled(),
						dpop.getNonce().isEnabled() ? dpop.getNonce().getLifetime() : null),
				issuing ? new CookiePolicy(cookie.isEnabled(),
						cookie.isEnabled() ? sameSite(cookie.getSameSite()) : null,
						cookie.isEnabled() ? cookiePath(cookie, endpoints) : null) : null,
				issuing ? new SessionsPolicy(properties.getSessions().isEnabled(),
						properties.getSessions().isRecordClientDetails()) : null,
				issuing ? new ThrottlePolicy(throttle.isEnabled(), throttle.getMaxFailures(),
						throttle.getAddressMaxFailures(), throttle.getWindow(), throttle.getInitialBackoff(),
						throttle.getMaxBackoff(), throttle.getAccountMaxBackoff()) : null);
	}

	/**
	 * The cookie's path within the application: the configured one, or as
	 * {@code RefreshTokenCookie.forPaths} derives it, the common parent of the refresh
	 * and logout paths.
	 * @param cookie the cookie settings
	 * @param endpoints the endpoint paths
	 * @return the path
	 */
	static String cookiePath(JwtAuthProperties.Cookie cookie, JwtAuthProperties.Endpoints endpoints) {
		if (cookie.getPath() != null) {
			return cookie.getPath();
		}
		return CookiePaths.commonParent(endpoints.getRefreshPath(), endpoints.getLogoutPath());
	}

	// the attribute as the cookie carries it (the setting was checked at start-up)
	private static String sameSite(String setting) {
		return "strict".equals(setting.trim().toLowerCase(Locale.ROOT)) ? "Strict" : "Lax";
	}

	/**
	 * A URL without what may be a credential: its user information, query and fragment.
	 * @param uri the URL
	 * @return scheme, host, port and path
	 */
	static String withoutCredentials(String uri) {
		try {
			URI parsed = new URI(uri);
			return new URI(parsed.getScheme(), null, parsed.getHost(), parsed.getPort(), parsed.getPath(), null, null)
				.toString();
		}
		catch (URISyntaxException | RuntimeException ex) {
			return "(not a URL)";
		}
	}

	private static Duration age(Instant since, Instant now) {
		Duration age = Duration.between(since, now);
		return age.isNegative() ? Duration.ZERO : age;
	}

	/**
	 * What jwt-auth runs with.
	 *
	 * @param keys the keys in use
	 * @param store the revocation store and this instance's replica
	 * @param cache the validated-token cache, or {@code null} with a decoder of the
	 * application's own
	 * @param policy the effective settings
	 */
	public record JwtAuthDescriptor(KeysDescriptor keys, StoreDescriptor store, @Nullable CacheDescriptor cache,
			PolicyDescriptor policy) implements OperationResponseBody {

	}

	/**
	 * The keys in use.
	 *
	 * @param source where they come from: {@code local} (configured keys, a signer or a
	 * key source of the application's), {@code rotation} (managed keys),
	 * {@code jwk-set-uri} (another issuer's JWK Set), {@code issuer-uri} (the JWK Set of
	 * another issuer's discovered metadata), {@code issuers} (the trusted issuers of
	 * {@code jwt.auth.issuers}, each with its JWK Set) or {@code application} (a verifier
	 * resolver of the application's own, not looked into)
	 * @param active the key that signs new tokens, or {@code null} on a resource server
	 * @param verification the other keys that verify tokens
	 * @param rotation the rotation policy, with rotation only
	 * @param jwkSet the issuer's JWK Set, where tokens are verified with it
	 * ({@code jwt.auth.jwk-set-uri} or {@code jwt.auth.issuer-uri})
	 * @param issuers the trusted issuers ({@code jwt.auth.issuers}), {@code null}
	 * otherwise
	 */
	public record KeysDescriptor(String source, @Nullable KeyDescriptor active, List<KeyDescriptor> verification,
			@Nullable RotationDescriptor rotation, @Nullable JwkSetDescriptor jwkSet,
			@Nullable List<IssuerDescriptor> issuers) {

	}

	/**
	 * One trusted issuer of {@code jwt.auth.issuers}.
	 *
	 * @param issuer its exact {@code iss}
	 * @param audiences the audiences of which its tokens must name one
	 * @param jtiRequired whether its tokens must carry {@code jti}
	 * @param jwkSet its JWK Set as last fetched, or {@code null} for a resolver of the
	 * application's own
	 */
	public record IssuerDescriptor(String issuer, List<String> audiences, boolean jtiRequired,
			@Nullable JwkSetDescriptor jwkSet) {

	}

	/**
	 * A key, by its key ID and algorithm; never its material.
	 *
	 * @param keyId the key ID ({@code kid})
	 * @param algorithm its one JWS algorithm
	 * @param type its JWK key type ({@code RSA}, {@code EC}, {@code OKP}, {@code oct})
	 * @param generation a managed key's generation, else {@code null}
	 * @param createdAt when a managed key was created and published
	 * @param activatesAt when a managed key starts (or started) signing
	 * @param retiresAt when a managed key stops verifying, once it has a successor
	 * @param age how long ago a managed key was created
	 */
	public record KeyDescriptor(String keyId, String algorithm, @Nullable String type, @Nullable Long generation,
			@Nullable Instant createdAt, @Nullable Instant activatesAt, @Nullable Instant retiresAt,
			@Nullable Duration age) {

		static KeyDescriptor of(VerificationKey key) {
			return new KeyDescriptor(key.keyId(), key.algorithm().getName(), typeOf(key), null, null, null, null, null);
		}

		static String typeOf(VerificationKey key) {
			return key.jwk().getKeyType().getValue();
		}

	}

	/**
	 * The rotation policy in force.
	 *
	 * @param algorithm the algorithm of new keys
	 * @param period how long a key signs
	 * @param publishAhead how long before it signs a new key is published
	 * @param retainAfter how long a replaced key still verifies
	 * @param checkInterval how often the store is read
	 */
	public record RotationDescriptor(String algorithm, Duration period, Duration publishAhead, Duration retainAfter,
			Duration checkInterval) {

	}

	/**
	 * Another issuer's JWK Set, as last fetched.
	 *
	 * @param uri its URL, without user information or query; {@code null} while the
	 * metadata of {@code jwt.auth.issuer-uri} is not discovered
	 * @param acceptedAlgorithms the configured algorithms
	 * ({@code jwt.auth.jwk-set-algorithms}), empty for those the keys declare
	 * @param keys the usable keys of the last fetched set
	 * @param fetchedAt when it was fetched, or {@code null} before the first fetch
	 * @param age how long ago
	 * @param expiresAt when it is due to be fetched again
	 * @param failure why the last fetch failed, or {@code null}
	 */
	public record JwkSetDescriptor(@Nullable String uri, List<String> acceptedAlgorithms, List<KeyDescriptor> keys,
			@Nullable Instant fetchedAt, @Nullable Duration age, @Nullable Instant expiresAt,
			@Nullable String failure) {

	}

	/**
	 * The revocation store and this instance's replica of the revocations.
	 *
	 * @param type {@code memory}, {@code jdbc}, {@code redis} or {@code feed} (an
	 * issuer's revocation feed)
	 * @param shared whether other instances share it (then the replica's age is enforced)
	 * @param entries the revocations the replica holds
	 * @param lastSync when the replica was last synchronised, or {@code null} if never
	 * @param lastSyncAge how long ago
	 * @param stale whether tokens are refused because the replica is too old
	 * @param maxStaleness the oldest the replica may be, for a shared store
	 * @param feed the revocation feed followed, or {@code null}
	 */
	public record StoreDescriptor(String type, boolean shared, int entries, @Nullable Instant lastSync,
			@Nullable Duration lastSyncAge, boolean stale, @Nullable Duration maxStaleness,
			@Nullable FeedDescriptor feed) {

	}

	/**
	 * The issuer's revocation feed that a resource server follows.
	 *
	 * @param uri its URL, without user information; {@code null} while the issuer's
	 * metadata ({@code jwt.auth.issuer-uri}) is not discovered, or when it names no feed
	 * @param failure why following it fails, or {@code null}
	 */
	public record FeedDescriptor(@Nullable String uri, @Nullable String failure) {

	}

	/**
	 * The validated-token cache. Its hits, misses and evictions are meters
	 * ({@code jwt.auth.cache.*}), not shown here.
	 *
	 * @param enabled whether tokens are cached
	 * @param size the tokens held
	 * @param maxSize the most tokens held
	 */
	public record CacheDescriptor(boolean enabled, @Nullable Integer size, @Nullable Integer maxSize) {

	}

	/**
	 * The effective settings. Parts that only an issuer has are {@code null} on a
	 * resource server.
	 *
	 * @param mode {@code issuer} or {@code resource-server}
	 * ({@code jwt.auth.jwk-set-uri}, {@code jwt.auth.issuer-uri} or
	 * {@code jwt.auth.issuers})
	 * @param issuer the issuer ({@code iss}), or {@code null} with several issuers (see
	 * {@link KeysDescriptor#issuers()})
	 * @param audiences the accepted audiences, empty with several issuers (each has its
	 * own)
	 * @param clockSkew the clock skew tolerated
	 * @param requireHttps whether credentials are refused over plain HTTP
	 * @param accessToken access tokens
	 * @param refreshToken refresh tokens
	 * @param dpop DPoP
	 * @param cookie cookie mode
	 * @param sessions the sessions API
	 * @param throttle the throttle of failed attempts
	 */
	public record PolicyDescriptor(String mode, @Nullable String issuer, List<String> audiences, Duration clockSkew,
			boolean requireHttps, AccessTokenPolicy accessToken, @Nullable RefreshTokenPolicy refreshToken,
			DPoPPolicy dpop, @Nullable CookiePolicy cookie, @Nullable SessionsPolicy sessions,
			@Nullable ThrottlePolicy throttle) {

	}

	/**
	 * Access tokens.
	 *
	 * @param ttl their lifetime, where this application issues them
	 * @param type their {@code typ} header
	 */
	public record AccessTokenPolicy(@Nullable Duration ttl, String type) {

	}

	/**
	 * Refresh tokens.
	 *
	 * @param ttl the idle lifetime: one not used within it expires
	 * @param maxLifetime the absolute lifetime of a login session
	 * @param maxSessionsPerUser the most sessions a user keeps
	 */
	public record RefreshTokenPolicy(Duration ttl, Duration maxLifetime, int maxSessionsPerUser) {

	}

	/**
	 * DPoP.
	 *
	 * @param mode {@code off}, {@code optional} or {@code required}
	 * @param algorithms the accepted proof algorithms
	 * @param nonce whether proofs must carry a server nonce
	 * @param nonceLifetime how long a nonce is accepted, with nonces
	 */
	public record DPoPPolicy(String mode, List<String> algorithms, boolean nonce, @Nullable Duration nonceLifetime) {

	}

	/**
	 * Cookie mode.
	 *
	 * @param enabled whether refresh tokens travel in a cookie
	 * @param sameSite its {@code SameSite} attribute
	 * @param path its path within the application
	 */
	public record CookiePolicy(boolean enabled, @Nullable String sameSite, @Nullable String path) {

	}

	/**
	 * The sessions API.
	 *
	 * @param enabled whether it is served
	 * @param recordClientDetails whether sessions record the client's details
	 */
	public record SessionsPolicy(boolean enabled, boolean recordClientDetails) {

	}

	/**
	 * The throttle of failed attempts.
	 *
	 * @param enabled whether it is on
	 * @param maxFailures failed logins of one account before its back-off starts
	 * @param addressMaxFailures failures from one client address before its back-off
	 * starts
	 * @param window how long failures are remembered after the back-off they caused
	 * @param initialBackoff the first back-off, doubled at each further failure
	 * @param maxBackoff the largest back-off of an address, and of an account from one
	 * address
	 * @param accountMaxBackoff the largest back-off of an account caused by failures from
	 * all addresses together
	 */
	public record ThrottlePolicy(boolean enabled, int maxFailures, int addressMaxFailures, Duration window,
			Duration initialBackoff, Duration maxBackoff, Duration accountMaxBackoff) {

	}

}
