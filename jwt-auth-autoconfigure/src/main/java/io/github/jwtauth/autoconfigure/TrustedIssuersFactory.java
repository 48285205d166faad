package io.github.jwtauth.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.jwtauth.discovery.DiscoveredJwkSet;
import io.github.jwtauth.keys.remote.JwkSetCache;
import io.github.jwtauth.keys.remote.JwkSetSource;
import io.github.jwtauth.token.RemoteJwsVerifierResolver;
import io.github.jwtauth.token.TrustedIssuer;
import io.github.jwtauth.token.TrustedIssuers;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.util.StringUtils;

/**
 * The issuers of {@code jwt.auth.issuers}: refuses a list that is incomplete or
 * ambiguous, or that is mixed with the properties of a single issuer, naming the property
 * to fix; then builds each issuer's JWK Set cache and rules.
 */
final class TrustedIssuersFactory {

	static final String PROPERTY = "jwt.auth.issuers";

	private TrustedIssuersFactory() {
	}

	/**
	 * Refuse {@code jwt.auth.issuers} when an entry is incomplete or repeated, or when
	 * the properties of a single issuer (or of an issuing application) are set too.
	 * @param properties the properties
	 * @param binder the environment's binder, which tells a configured property from a
	 * default
	 */
	static void validate(JwtAuthProperties properties, Binder binder) {
		List<JwtAuthProperties.Issuer> issuers = properties.getIssuers();
		if (issuers == null || issuers.isEmpty()) {
			return;
		}
		refuseSingleIssuerProperties(properties, binder);
		Map<String, Integer> seen = new HashMap<>();
		for (int i = 0; i < issuers.size(); i++) {
			JwtAuthProperties.Issuer issuer = issuers.get(i);
			String prefix = PROPERTY + "[" + i + "]";
			if (issuer == null) {
				throw new InvalidJwtAuthPropertyException(prefix + ".issuer", "the issuer is missing",
						"set it to the exact 'iss' of that issuer's tokens, for example https://login.example.com");
			}
			issuerUri(issuer, prefix);
			if (!StringUtils.hasText(issuer.getIssuer())) {
				throw new InvalidJwtAuthPropertyException(prefix + ".issuer", "the issuer is missing",
						"set it to the exact 'iss' of that issuer's tokens, for example https://login.example.com, "
								+ "or set " + prefix + ".issuer-uri to discover its keys from its metadata");
			}
			Integer first = seen.putIfAbsent(issuer.getIssuer(), i);
			if (first != null) {
				throw new InvalidJwtAuthPropertyException(prefix + ".issuer",
						"'" + issuer.getIssuer() + "' is also " + PROPERTY + "[" + first + "].issuer",
						"list each issuer once, with all the audiences and algorithms it is trusted for");
			}
			if (!StringUtils.hasText(issuer.getJwkSetUri()) && !StringUtils.hasText(issuer.getIssuerUri())) {
				throw new InvalidJwtAuthPropertyException(prefix + ".jwk-set-uri",
						"neither the JWK Set URI nor the issuer URI is set",
						"set it to the https URL of that issuer's JWK Set, or set " + prefix
								+ ".issuer-uri to discover it from the issuer's metadata");
			}
			JwtAuthPropertiesValidator.jwkSetUri(issuer.getJwkSetUri(), prefix + ".jwk-set-uri");
			if (issuer.getAudiences() == null || issuer.getAudiences().stream().noneMatch(StringUtils::hasText)) {
				throw new InvalidJwtAuthPropertyException(prefix + ".audiences", "no audience is configured",
						"name at least one audience that this issuer's tokens must be meant for");
			}
			JwkSetCacheFactory.algorithms(issuer.getAlgorithms(), prefix + ".algorithms");
		}
	}

	/**
	 * An issuer URI must be one metadata can be fetched from, and is the entry's
	 * {@code iss}: an {@code issuer} that differs is refused, a missing one is set to it.
	 * @param issuer the entry
	 * @param prefix its property prefix
	 */
	private static void issuerUri(JwtAuthProperties.Issuer issuer, String prefix) {
		String issuerUri = issuer.getIssuerUri();
		if (issuerUri == null || issuerUri.isEmpty()) {
			return;
		}
		JwtAuthPropertiesValidator.checkIssuerUri(issuerUri,
				StringUtils.hasText(issuer.getIssuer()) ? issuer.getIssuer() : null, prefix);
		issuer.setIssuer(issuerUri);
	}

	private static void refuseSingleIssuerProperties(JwtAuthProperties properties, Binder binder) {
		if (StringUtils.hasText(properties.getJwkSetUri())) {
			throw conflict("jwt.auth.jwk-set-uri", "move it into " + PROPERTY
					+ "[n].jwk-set-uri beside that issuer's issuer and audiences, or remove " + PROPERTY);
		}
		if (StringUtils.hasText(properties.getIssuerUri())) {
			throw conflict(ResourceServerMode.ISSUER_URI, "move it into " + PROPERTY
					+ "[n].issuer-uri beside that issuer's audiences, or remove " + PROPERTY);
		}
		if (binder.bind("jwt.auth.issuer", Bindable.of(String.class)).isBound()) {
			throw conflict("jwt.auth.issuer", "move it into " + PROPERTY + "[n].issuer, or remove " + PROPERTY);
		}
		if (binder.bind("jwt.auth.audiences", Bindable.listOf(String.class)).isBound()) {
			throw conflict("jwt.auth.audiences",
					"give each issuer its own " + PROPERTY + "[n].audiences, or remove " + PROPERTY);
		}
		if (properties.getJwkSetAlgorithms() != null && !properties.getJwkSetAlgorithms().isEmpty()) {
			throw conflict("jwt.auth.jwk-set-algorithms",
					"give each issuer its own " + PROPERTY + "[n].algorithms, or remove " + PROPERTY);
		}
		if (properties.isAcceptTokensWithoutJti()) {
			throw conflict("jwt.auth.accept-tokens-without-jti",
					"set " + PROPERTY + "[n].accept-tokens-without-jti for the issuer that writes no jti");
		}
		if (StringUtils.hasText(properties.getRevocationFeedUri())) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.revocation-feed-uri",
					"one revocation feed follows one issuer, and " + PROPERTY + " trusts several: the tokens of "
							+ "the others would be accepted without their revocations",
					"remove it (revocations made at the issuers are then not enforced here: keep access tokens "
							+ "short), share the issuers' store (jwt.auth.store.type), or trust a single issuer "
							+ "with jwt.auth.jwk-set-uri, jwt.auth.issuer and jwt.auth.revocation-feed-uri");
		}
		String signingProperty = signingProperty(properties.getSigning());
		if (signingProperty != null) {
			throw new InvalidJwtAuthPropertyException(signingProperty,
					"this application verifies the tokens of the issuers of " + PROPERTY
							+ " only, and issues none: no signing key is used",
					"remove it, or remove " + PROPERTY + " to issue tokens with it");
		}
	}

	/**
	 * The first signing property that is set, if any.
	 * @param signing the signing properties
	 * @return the property, or {@code null}
	 */
	private static @Nullable String signingProperty(JwtAuthProperties.Signing signing) {
		if (JwtKeySetFactory.isKeyConfigured(signing)) {
			return JwtKeySetFactory.configuredKeyProperty(signing);
		}
		if (signing.getPublicKeyLocation() != null) {
			return "jwt.auth.signing.public-key-location";
		}
		if (signing.getAlgorithm() != null) {
			return "jwt.auth.signing.algorithm";
		}
		if (!signing.getPreviousKeys().isEmpty()) {
			return "jwt.auth.signing.previous-keys";
		}
		return signing.getRotation().isEnabled() ? "jwt.auth.signing.rotation.enabled" : null;
	}

	private static InvalidJwtAuthPropertyException conflict(String property, String action) {
		return new InvalidJwtAuthPropertyException(property,
				"both " + property + " and " + PROPERTY + " are set: which issuer it belongs to is ambiguous", action);
	}

	/**
	 * The trusted issuers of {@code jwt.auth.issuers} (validated), each with a cache of
	 * its JWK Set built with the {@code jwt.auth.jwk-set-*} lifetimes and limits.
	 * @param properties the properties
	 * @param clock the clock
	 * @return the issuers
	 */
	static TrustedIssuers create(JwtAuthProperties properties, Clock clock) {
		List<TrustedIssuer> trusted = new ArrayList<>();
		List<JwtAuthProperties.Issuer> issuers = properties.getIssuers();
		for (int i = 0; i < issuers.size(); i++) {
			JwtAuthProperties.Issuer issuer = issuers.get(i);
			String prefix = PROPERTY + "[" + i + "]";
			JwkSetCache keys = JwkSetCacheFactory.create(properties, clock,
					keySource(properties, issuer, prefix, clock),
					JwkSetCacheFactory.algorithms(issuer.getAlgorithms(), prefix + ".algorithms"));
			List<String> audiences = issuer.getAudiences().stream().filter(StringUtils::hasText).toList();
			trusted.add(TrustedIssuer.withVerifiers(issuer.getIssuer(), new RemoteJwsVerifierResolver(keys))
				.audiences(audiences)
				.requireTokenId(!issuer.isAcceptTokensWithoutJti())
				.build());
		}
		return TrustedIssuers.of(trusted);
	}

	/**
	 * Where an issuer's keys come from: its {@code jwk-set-uri}, or else the
	 * {@code jwks_uri} of the metadata discovered from its {@code issuer-uri} on first
	 * need (the first token naming it), retried after a failure with a back-off up to
	 * {@code jwt.auth.jwk-set-refresh-min-interval}.
	 * @param properties the properties
	 * @param issuer the entry
	 * @param prefix its property prefix
	 * @param clock the clock
	 * @return the source of its JWK Set
	 */
	private static JwkSetSource keySource(JwtAuthProperties properties, JwtAuthProperties.Issuer issuer, String prefix,
			Clock clock) {
		String jwkSetUri = issuer.getJwkSetUri();
		if (StringUtils.hasText(jwkSetUri)) {
			return JwkSetCacheFactory.remote(jwkSetUri, prefix + ".jwk-set-uri");
		}
		String issuerUri = issuer.getIssuerUri();
		return new DiscoveredJwkSet(
				JwkSetCacheFactory.discovery(properties, (issuerUri != null) ? issuerUri : "", clock));
	}

}
