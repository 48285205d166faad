package io.github.jwtauth.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Whether this application only verifies other issuers' tokens
 * ({@code jwt.auth.jwk-set-uri}, {@code jwt.auth.issuer-uri} or
 * {@code jwt.auth.issuers}), and whether it discovers that issuer from its metadata
 * ({@code jwt.auth.issuer-uri} without {@code jwt.auth.jwk-set-uri}).
 */
final class ResourceServerMode {

	static final String ISSUER_URI = "jwt.auth.issuer-uri";

	static final String JWK_SET_URI = "jwt.auth.jwk-set-uri";

	private ResourceServerMode() {
	}

	/**
	 * Whether this application verifies other issuers' tokens and issues none.
	 * @param properties the properties
	 * @return {@code true} with {@code jwt.auth.jwk-set-uri}, {@code jwt.auth.issuer-uri}
	 * or {@code jwt.auth.issuers}
	 */
	static boolean isResourceServer(JwtAuthProperties properties) {
		return StringUtils.hasText(properties.getJwkSetUri()) || StringUtils.hasText(properties.getIssuerUri())
				|| !properties.getIssuers().isEmpty();
	}

	/**
	 * The same rule on the raw environment, for conditions (evaluated before the
	 * properties are bound).
	 * @param environment the environment
	 * @return {@code true} with {@code jwt.auth.jwk-set-uri}, {@code jwt.auth.issuer-uri}
	 * or {@code jwt.auth.issuers}
	 */
	static boolean isResourceServer(Environment environment) {
		return StringUtils.hasText(environment.getProperty(JWK_SET_URI))
				|| StringUtils.hasText(environment.getProperty(ISSUER_URI)) || !issuers(environment).isEmpty();
	}

	/**
	 * The issuers of {@code jwt.auth.issuers} in the raw environment.
	 * @param environment the environment
	 * @return the issuers, empty when none
	 */
	static List<JwtAuthProperties.Issuer> issuers(Environment environment) {
		return Binder.get(environment)
			.bind(TrustedIssuersFactory.PROPERTY, Bindable.listOf(JwtAuthProperties.Issuer.class))
			.orElse(List.of());
	}

	/**
	 * Whether the issuer's keys (and revocation feed) are discovered from its metadata.
	 * @param properties the properties
	 * @return {@code true} with {@code jwt.auth.issuer-uri} and without
	 * {@code jwt.auth.jwk-set-uri}
	 */
	static boolean discovers(JwtAuthProperties properties) {
		return discovers(properties.getIssuerUri(), properties.getJwkSetUri());
	}

	/**
	 * The same rule on the raw environment, for conditions (evaluated before the
	 * properties are bound).
	 * @param environment the environment
	 * @return {@code true} with {@code jwt.auth.issuer-uri} and without
	 * {@code jwt.auth.jwk-set-uri}
	 */
	static boolean discovers(Environment environment) {
		return discovers(environment.getProperty(ISSUER_URI), environment.getProperty(JWK_SET_URI));
	}

	private static boolean discovers(@Nullable String issuerUri, @Nullable String jwkSetUri) {
		return StringUtils.hasText(issuerUri) && !StringUtils.hasText(jwkSetUri);
	}

}
