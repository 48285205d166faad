package io.github.jwtauth.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.discovery.IssuerDiscovery;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.remote.JwkSetCache;
import io.github.jwtauth.keys.remote.JwkSetSource;
import io.github.jwtauth.keys.remote.RemoteJwkSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds the cache of the {@code jwt.auth.jwk-set-uri} (or discovered
 * {@code jwt.auth.issuer-uri}) issuer's keys, or of one issuer of
 * {@code jwt.auth.issuers}, from {@code jwt.auth.jwk-set-*}, refusing algorithms that
 * cannot come from a JWK Set and inconsistent lifetimes.
 */
final class JwkSetCacheFactory {

	private static final Log logger = LogFactory.getLog(JwkSetCacheFactory.class);

	static final String ALGORITHMS = "jwt.auth.jwk-set-algorithms";

	static final String SIGNING_ALGORITHM = "jwt.auth.signing.algorithm";

	private static final String ACCEPTED = "ES256, ES384, ES512, EdDSA, RS256, RS384, RS512, PS256, PS384 or PS512";

	private JwkSetCacheFactory() {
	}

	static JwkSetCache create(JwtAuthProperties properties, Clock clock) {
		return create(properties, clock, remote(properties.getJwkSetUri(), "jwt.auth.jwk-set-uri"));
	}

	/**
	 * The JWK Set at a configured URL.
	 * @param jwkSetUri the URL
	 * @param property the property that configures it, named if it is not a valid URL
	 * @return the JWK Set
	 */
	static RemoteJwkSet remote(@Nullable String jwkSetUri, String property) {
		try {
			return RemoteJwkSet.builder((jwkSetUri != null) ? jwkSetUri : "").build();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJwtAuthPropertyException(property, "'" + jwkSetUri + "' is not a valid URL",
					"use the https URL of the issuer's JWK Set");
		}
	}

	/**
	 * The discovery of an issuer's metadata, retried at most every
	 * {@code jwt.auth.jwk-set-refresh-min-interval}.
	 * @param properties the properties
	 * @param issuerUri the issuer URL (validated at start-up)
	 * @param clock the clock
	 * @return the discovery
	 */
	static IssuerDiscovery discovery(JwtAuthProperties properties, String issuerUri, Clock clock) {
		return IssuerDiscovery.forIssuer(issuerUri)
			.clock(clock)
			.maxRetryInterval(properties.getJwkSetRefreshMinInterval())
			.build();
	}

	/**
	 * The cache of the keys from a source of its own, such as the JWK Set of the
	 * discovered metadata.
	 * @param properties the properties
	 * @param clock the clock
	 * @param source the JWK Set source
	 * @return the cache
	 */
	static JwkSetCache create(JwtAuthProperties properties, Clock clock, JwkSetSource source) {
		return create(properties, clock, source, algorithms(properties));
	}

	/**
	 * The cache of the keys from a source, accepting the given algorithms, with the
	 * lifetimes and limits of {@code jwt.auth.jwk-set-*}.
	 * @param properties the properties
	 * @param clock the clock
	 * @param source the JWK Set source
	 * @param algorithms the algorithms accepted from it
	 * @return the cache
	 */
	static JwkSetCache create(JwtAuthProperties properties, Clock clock, JwkSetSource source,
			Set<JWSAlgorithm> algorithms) {
		Duration min = positive("jwt.auth.jwk-set-min-lifetime", properties.getJwkSetMinLifetime());
		Duration max = positive("jwt.auth.jwk-set-max-lifetime", properties.getJwkSetMaxLifetime());
		Duration lifetime = positive("jwt.auth.jwk-set-default-lifetime", properties.getJwkSetDefaultLifetime());
		Duration interval = positive("jwt.auth.jwk-set-refresh-min-interval", properties.getJwkSetRefreshMinInterval());
		Duration maxStale = properties.getJwkSetMaxStale();
		if (maxStale == null || maxStale.isNegative()) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.jwk-set-max-stale", "must not be negative",
					"use 0 to refuse tokens as soon as a refresh of the JWK Set fails, or a bound such as 1d");
		}
		if (min.compareTo(max) > 0) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.jwk-set-min-lifetime",
					"the shortest lifetime " + min + " exceeds jwt.auth.jwk-set-max-lifetime " + max,
					"use a floor such as 30s and a ceiling such as 1d");
		}
		if (lifetime.compareTo(min) < 0 || lifetime.compareTo(max) > 0) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.jwk-set-default-lifetime",
					"the default lifetime " + lifetime + " is outside jwt.auth.jwk-set-min-lifetime " + min
							+ " to jwt.auth.jwk-set-max-lifetime " + max,
					"use a lifetime between the two, such as 5m");
		}
		return JwkSetCache.builder(source)
			.algorithms(algorithms)
			.clock(clock)
			.refreshMinInterval(interval)
			.minLifetime(min)
			.maxLifetime(max)
			.defaultLifetime(lifetime)
			.maxStale(maxStale)
			.build();
	}

	/**
	 * The algorithms accepted from the JWK Set: {@code jwt.auth.jwk-set-algorithms}, or
	 * the deprecated {@code jwt.auth.signing.algorithm} as a list of one, or an empty set
	 * (the algorithms the keys declare).
	 * @param properties the properties
	 * @return the algorithms
	 */
	static Set<JWSAlgorithm> algorithms(JwtAuthProperties properties) {
		List<String> configured = properties.getJwkSetAlgorithms();
		String legacy = properties.getSigning().getAlgorithm();
		boolean hasList = configured != null && !configured.isEmpty();
		if (legacy != null && hasList) {
			throw new InvalidJwtAuthPropertyException(SIGNING_ALGORITHM,
					"both jwt.auth.signing.algorithm and jwt.auth.jwk-set-algorithms are set with jwt.auth.jwk-set-uri",
					"remove jwt.auth.signing.algorithm: jwt.auth.jwk-set-algorithms replaces it for another issuer's "
							+ "tokens");
		}
		if (legacy != null) {
			logger.warn(SIGNING_ALGORITHM + "='" + legacy + "' with jwt.auth.jwk-set-uri is deprecated: use "
					+ ALGORITHMS + "=" + legacy + " (or leave both unset to accept the algorithm each key of the "
					+ "JWK Set declares)");
			return Set.of(parse(SIGNING_ALGORITHM, legacy));
		}
		if (!hasList) {
			return Set.of();
		}
		return algorithms(configured, ALGORITHMS);
	}

	/**
	 * The algorithms of a list, each an asymmetric algorithm a JWK Set key can have.
	 * @param names the names, possibly empty (the algorithms the keys declare)
	 * @param property the property that lists them, named when one is refused
	 * @return the algorithms
	 */
	static Set<JWSAlgorithm> algorithms(List<String> names, String property) {
		Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
		for (String name : names) {
			algorithms.add(parse(property, name));
		}
		return algorithms;
	}

	private static JWSAlgorithm parse(String property, @Nullable String name) {
		String trimmed = (name != null) ? name.trim() : "";
		if (trimmed.equalsIgnoreCase("none")) {
			throw new InvalidJwtAuthPropertyException(property, "'none' means unsigned tokens",
					"list signing algorithms of the issuer's keys: " + ACCEPTED);
		}
		JWSAlgorithm algorithm = KeyAlgorithms.parse(trimmed);
		if (algorithm == null) {
			throw new InvalidJwtAuthPropertyException(property, "'" + name + "' is not a supported algorithm",
					"use " + ACCEPTED);
		}
		if (!KeyAlgorithms.isAsymmetric(algorithm)) {
			throw new InvalidJwtAuthPropertyException(property,
					algorithm + " needs a shared secret, which is never taken from a JWK Set",
					"use " + ACCEPTED + "; to verify HS* tokens configure jwt.auth.signing.secret instead of "
							+ "jwt.auth.jwk-set-uri");
		}
		return algorithm;
	}

	private static Duration positive(String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidJwtAuthPropertyException(property, "must be positive", "use a duration such as 30s");
		}
		return value;
	}

}
