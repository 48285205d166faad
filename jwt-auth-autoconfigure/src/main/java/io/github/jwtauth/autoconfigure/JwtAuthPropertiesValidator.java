package io.github.jwtauth.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

import io.github.jwtauth.discovery.RemoteIssuerMetadata;
import io.github.jwtauth.support.CookiePaths;
import io.github.jwtauth.support.RemoteUris;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Refuses unsafe settings that do not concern keys.
 */
final class JwtAuthPropertiesValidator {

	static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

	static final long MAX_BODY_SIZE = 1024 * 1024;

	private JwtAuthPropertiesValidator() {
	}

	static void validate(JwtAuthProperties properties) {
		if (!StringUtils.hasText(properties.getIssuer())) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.issuer", "the issuer is blank",
					"set it to a non-blank identifier of this issuer, for example the application's URL");
		}
		if (properties.getAudiences() == null || properties.getAudiences().stream().noneMatch(StringUtils::hasText)) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.audiences", "no audience is configured",
					"name at least one audience that tokens are meant for");
		}
		jwkSetUri(properties.getJwkSetUri());
		revocationFeedUri(properties);
		positive("jwt.auth.access-token.ttl", properties.getAccessToken().getTtl());
		positive("jwt.auth.refresh-token.ttl", properties.getRefreshToken().getTtl());
		positive("jwt.auth.refresh-token.max-lifetime", properties.getRefreshToken().getMaxLifetime());
		Duration skew = properties.getClockSkew();
		if (skew == null || skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.clock-skew",
					"the clock skew is " + skew + ", outside 0 to 5 minutes",
					"use a skew of at most 5 minutes (30s is usual); a larger skew keeps expired tokens alive");
		}
		if (!StringUtils.hasText(properties.getAccessToken().getType())) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.access-token.type", "the token type is blank",
					"use 'at+jwt' (RFC 9068), or 'JWT' for an issuer that writes no explicit type");
		}
		if (properties.getAccessToken().getMaxLength() == null
				|| properties.getAccessToken().getMaxLength().toBytes() < 256
				|| properties.getAccessToken().getMaxLength().toBytes() > 65_536) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.access-token.max-length",
					"the maximum token length is outside 256B to 64KB",
					"use a length between 256B and 64KB; the default is 8KB");
		}
		DataSize maxBodySize = properties.getEndpoints().getMaxBodySize();
		long minBodySize = properties.getAccessToken().getMaxLength().toBytes() + 1024;
		if (maxBodySize == null || maxBodySize.toBytes() < minBodySize || maxBodySize.toBytes() > MAX_BODY_SIZE) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.endpoints.max-body-size",
					"the body limit is " + maxBodySize + ", outside " + minBodySize + "B to 1MB",
					"leave room for a revocation request with an access token of jwt.auth.access-token.max-length "
							+ "plus 1KB, and keep it small (the default is 16KB)");
		}
		positive("jwt.auth.store.poll-interval", properties.getStore().getPollInterval());
		positive("jwt.auth.store.purge-interval", properties.getStore().getPurgeInterval());
		Duration initialSync = properties.getStore().getInitialSyncTimeout();
		if (initialSync == null || initialSync.isNegative()) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.store.initial-sync-timeout", "must not be negative",
					"use 0 not to wait for the first load of the revocations, or a bound such as 10s");
		}
		Duration staleness = properties.getStore().getMaxStaleness();
		if (staleness == null || staleness.isNegative()) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.store.max-staleness", "must not be negative",
					"use 0 to refuse tokens as soon as the store cannot be reached, or a bound such as 30s");
		}
		if (properties.getRefreshToken().getMaxSessionsPerUser() < 1) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.refresh-token.max-sessions-per-user",
					"must be at least 1", "use a small positive number such as 10 (the default)");
		}
		if (properties.getStore().getMaxEntries() < 1) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.store.max-entries", "must be at least 1",
					"use a positive number");
		}
		if (properties.isAcceptTokensWithoutJti() && !ResourceServerMode.isResourceServer(properties)) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.accept-tokens-without-jti",
					"this application issues its own tokens, which always carry 'jti'",
					"remove it; it applies only with jwt.auth.jwk-set-uri or jwt.auth.issuer-uri, to another "
							+ "issuer's tokens");
		}
		if (properties.getCache().getMaxSize() < 1) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.cache.max-size", "must be at least 1",
					"use a positive number, or set jwt.auth.cache.enabled=false");
		}
		if (properties.getEndpoints().getRevocationsMaxWaiting() < 0) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.endpoints.revocations-max-waiting",
					"must not be negative", "use a bound such as 1000 (the default), or 0 not to hold requests");
		}
		validateThrottle(properties.getThrottle());
		validateCookie(properties.getCookie(), properties.getEndpoints());
	}

	private static void validateCookie(JwtAuthProperties.Cookie cookie, JwtAuthProperties.Endpoints endpoints) {
		if (!cookie.isEnabled()) {
			return;
		}
		String sameSite = cookie.getSameSite().trim().toLowerCase(Locale.ROOT);
		if (!sameSite.equals("strict") && !sameSite.equals("lax")) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.cookie.same-site",
					"'" + cookie.getSameSite() + "' would let other sites send the refresh-token cookie",
					"use strict (the default) or lax");
		}
		if (!cookie.getName().matches("[A-Za-z0-9_-]{1,64}") || cookie.getName().startsWith("__")) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.cookie.name",
					"'" + cookie.getName() + "' is not a plain cookie name",
					"use 1 to 64 letters, digits, '-' or '_' without a prefix (__Host- or __Secure- is added)");
		}
		if (!cookie.getCsrfHeader().matches("[A-Za-z0-9-]{1,64}")) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.cookie.csrf-header",
					"'" + cookie.getCsrfHeader() + "' is not a header name",
					"use a header name such as X-Requested-With");
		}
		String path = cookie.getPath();
		if (path != null && (!path.startsWith("/") || !path.matches("[A-Za-z0-9/._~-]+")
				|| !CookiePaths.isWithin(endpoints.getRefreshPath(), path)
				|| !CookiePaths.isWithin(endpoints.getLogoutPath(), path))) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.cookie.path",
					"'" + path + "' does not contain both the refresh path (" + endpoints.getRefreshPath()
							+ ") and the logout path (" + endpoints.getLogoutPath() + ")",
					"leave it unset (their common parent), or use a path both are within");
		}
	}

	private static void validateThrottle(JwtAuthProperties.Throttle throttle) {
		if (throttle.getMaxFailures() < 1) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.throttle.max-failures", "must be at least 1",
					"use a small positive number such as 5");
		}
		if (throttle.getAddressMaxFailures() < 1) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.throttle.address-max-failures", "must be at least 1",
					"use a positive number such as 20");
		}
		positive("jwt.auth.throttle.window", throttle.getWindow());
		positive("jwt.auth.throttle.initial-backoff", throttle.getInitialBackoff());
		positive("jwt.auth.throttle.max-backoff", throttle.getMaxBackoff());
		positive("jwt.auth.throttle.account-max-backoff", throttle.getAccountMaxBackoff());
		if (throttle.getInitialBackoff().compareTo(throttle.getMaxBackoff()) > 0) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.throttle.initial-backoff",
					"the initial back-off " + throttle.getInitialBackoff() + " exceeds jwt.auth.throttle.max-backoff "
							+ throttle.getMaxBackoff(),
					"use an initial back-off of at most the maximum, for example 1s");
		}
		if (throttle.getAccountMaxBackoff().compareTo(throttle.getMaxBackoff()) > 0) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.throttle.account-max-backoff",
					"the account's back-off " + throttle.getAccountMaxBackoff()
							+ " exceeds jwt.auth.throttle.max-backoff " + throttle.getMaxBackoff(),
					"keep it small (30s by default): it bounds how long failures from elsewhere can keep a user out");
		}
	}

	/**
	 * A JWK Set URL must be https: whoever can change the key set in transit can sign
	 * tokens that this application accepts. Plain http is accepted for loopback only.
	 * @param jwkSetUri the URL, or {@code null}
	 */
	static void jwkSetUri(@Nullable String jwkSetUri) {
		jwkSetUri(jwkSetUri, "jwt.auth.jwk-set-uri");
	}

	/**
	 * A JWK Set URL must be https (plain http for loopback only).
	 * @param jwkSetUri the URL, or {@code null}
	 * @param property the property that gives it, named when it is refused
	 */
	static void jwkSetUri(@Nullable String jwkSetUri, String property) {
		if (jwkSetUri == null || jwkSetUri.isEmpty()) {
			return;
		}
		URI uri;
		try {
			uri = new URI(jwkSetUri);
		}
		catch (URISyntaxException ex) {
			throw new InvalidJwtAuthPropertyException(property, "'" + jwkSetUri + "' is not a valid URL",
					"use the https URL of the issuer's JWK Set");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		String host = uri.getHost();
		if (host == null || !("https".equals(scheme) || "http".equals(scheme))) {
			throw new InvalidJwtAuthPropertyException(property, "'" + jwkSetUri + "' is not a valid URL",
					"use the https URL of the issuer's JWK Set");
		}
		if ("http".equals(scheme) && !RemoteUris.isLoopback(host)) {
			throw new InvalidJwtAuthPropertyException(property,
					"'" + jwkSetUri + "' is not https: whoever can change the key set in transit can sign tokens",
					"use the https URL of the issuer's JWK Set (plain http only for localhost, 127.0.0.1 or [::1])");
		}
	}

	/**
	 * A revocation feed is followed only by a resource server, and only over https (plain
	 * http for loopback): whoever could change it in transit could hide revocations (the
	 * signature protects its content, not its delivery).
	 * @param properties the properties
	 */
	static void revocationFeedUri(JwtAuthProperties properties) {
		String feed = properties.getRevocationFeedUri();
		if (feed == null || feed.isEmpty()) {
			return;
		}
		if (!ResourceServerMode.isResourceServer(properties)) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.revocation-feed-uri",
					"this application issues its own tokens and enforces its own revocations",
					"remove it; it applies only with jwt.auth.jwk-set-uri or jwt.auth.issuer-uri, to follow the "
							+ "issuer's revocations");
		}
		URI uri;
		try {
			uri = new URI(feed);
		}
		catch (URISyntaxException ex) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.revocation-feed-uri",
					"'" + feed + "' is not a valid URL", "use the https URL of the issuer's revocation feed");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		String host = uri.getHost();
		if (host == null || !("https".equals(scheme) || "http".equals(scheme)) || uri.getRawQuery() != null) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.revocation-feed-uri",
					"'" + feed + "' is not a valid URL",
					"use the https URL of the issuer's revocation feed, without a query");
		}
		if ("http".equals(scheme) && !RemoteUris.isLoopback(host)) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.revocation-feed-uri",
					"'" + feed + "' is not https: whoever can intercept it can hide revocations",
					"use the https URL of the issuer's revocation feed (plain http only for localhost, 127.0.0.1 "
							+ "or [::1])");
		}
	}

	/**
	 * {@code jwt.auth.issuer-uri} must be a URL metadata can be fetched from
	 * ({@code https}, plain {@code http} only for loopback; no user information, query or
	 * fragment), and it is the issuer tokens must name: {@code jwt.auth.issuer}, when
	 * set, must be equal to it, and otherwise takes its value. Run before
	 * {@link #validate}.
	 * @param properties the properties, whose issuer is set to the issuer URL
	 * @param binder the binder of the application's environment, which tells a configured
	 * issuer from the default
	 */
	static void issuerUri(JwtAuthProperties properties, Binder binder) {
		String issuerUri = properties.getIssuerUri();
		if (issuerUri == null || issuerUri.isEmpty()) {
			return;
		}
		boolean issuerSet = binder.bind("jwt.auth.issuer", Bindable.of(String.class)).isBound();
		checkIssuerUri(issuerUri, issuerSet ? properties.getIssuer() : null, "jwt.auth");
		properties.setIssuer(issuerUri);
	}

	/**
	 * The rule of an issuer URL, for one issuer and for each of several: one metadata can
	 * be fetched from, equal to the issuer configured beside it, if any.
	 * @param issuerUri the issuer URL
	 * @param issuer the issuer configured beside it, or {@code null}
	 * @param prefix the prefix of both properties ({@code jwt.auth} or
	 * {@code jwt.auth.issuers[n]})
	 */
	static void checkIssuerUri(String issuerUri, @Nullable String issuer, String prefix) {
		String problem = RemoteIssuerMetadata.issuerProblem(issuerUri);
		if (problem != null) {
			throw new InvalidJwtAuthPropertyException(prefix + ".issuer-uri", problem,
					"use the issuer's https URL exactly as its tokens' 'iss' and its metadata's 'issuer' spell it "
							+ "(plain http only for localhost, 127.0.0.1 or [::1])");
		}
		if (issuer != null && !issuerUri.equals(issuer)) {
			throw new InvalidJwtAuthPropertyException(prefix + ".issuer",
					"'" + issuer + "' differs from " + prefix + ".issuer-uri '" + issuerUri
							+ "', which is the issuer tokens must name",
					"remove " + prefix + ".issuer (" + prefix + ".issuer-uri sets it), or make the two exactly equal");
		}
	}

	/**
	 * A signing key configured by property means a real deployment, whose tokens other
	 * services may verify: {@code jwt.auth.issuer} and {@code jwt.auth.audiences} must
	 * then be configured too rather than left at the defaults that serve the
	 * zero-configuration start (a generated key). Checked after the key itself, so a bad
	 * key is reported first.
	 * @param properties the properties
	 * @param binder the binder of the application's environment, which tells a configured
	 * property from a default
	 */
	static void requireIssuerAndAudiencesWithConfiguredKey(JwtAuthProperties properties, Binder binder) {
		JwtAuthProperties.Signing signing = properties.getSigning();
		if (!JwtKeySetFactory.isKeyConfigured(signing)) {
			return;
		}
		boolean issuer = binder.bind("jwt.auth.issuer", Bindable.of(String.class)).isBound();
		boolean audiences = binder.bind("jwt.auth.audiences", Bindable.listOf(String.class)).isBound();
		if (!issuer || !audiences) {
			String missing = !issuer
					? (!audiences ? "jwt.auth.issuer and jwt.auth.audiences are" : "jwt.auth.issuer is")
					: "jwt.auth.audiences is";
			throw new InvalidJwtAuthPropertyException(!issuer ? "jwt.auth.issuer" : "jwt.auth.audiences",
					"a signing key is configured but " + missing + " not",
					"set jwt.auth.issuer to this issuer's identifier (for example its URL) and jwt.auth.audiences "
							+ "to the APIs its tokens are meant for, the same on every instance and every service "
							+ "that verifies them");
		}
	}

	private static void positive(String property, Duration duration) {
		if (duration == null || duration.isZero() || duration.isNegative()) {
			throw new InvalidJwtAuthPropertyException(property, "the duration " + duration + " is not positive",
					"use a positive duration such as 10m");
		}
	}

}
