package io.github.jwtauth.autoconfigure;

import org.springframework.util.StringUtils;

/**
 * Whether this application only verifies other issuers' tokens
 * ({@code jwt.auth.jwk-set-uri}, {@code jwt.auth.issuer-uri} or
 * {@code jwt.auth.issuers}), and whether it discovers that issuer from its metadata
 * ({@code jwt.auth.issuer-uri} without {@code jwt.auth.jwk-set-uri}).
 */
final class ResourceServerMode {

	static final String ISSUER_URI = "jwt.auth.issuer-uri";

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
	 * Whether the issuer's keys (and revocation feed) are discovered from its metadata.
	 * @param properties the properties
	 * @return {@code true} with {@code jwt.auth.issuer-uri} and without
	 * {@code jwt.auth.jwk-set-uri}
	 */
	static boolean discovers(JwtAuthProperties properties) {
		return StringUtils.hasText(properties.getIssuerUri()) && !StringUtils.hasText(properties.getJwkSetUri());
	}

}
