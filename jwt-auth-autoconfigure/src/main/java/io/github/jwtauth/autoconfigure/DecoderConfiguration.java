package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.discovery.DiscoveredJwkSet;
import io.github.jwtauth.discovery.IssuerDiscovery;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.token.JwsVerifierResolver;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.JwtAuthDecoderCustomizer;
import io.github.jwtauth.token.LocalJwsVerifierResolver;
import io.github.jwtauth.token.RemoteJwsVerifierResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.util.StringUtils;

/**
 * The strict {@link JwtDecoder}, its verifier resolver, the token-to-authentication
 * converter, and the post-processor that keeps revocation in force on a decoder of the
 * application's own.
 */
@Configuration(proxyBeanMethods = false)
class DecoderConfiguration {

	private static final Log logger = LogFactory.getLog(DecoderConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	JwsVerifierResolver jwtAuthVerifierResolver(JwtAuthSettings settings, ObjectProvider<JwtKeySource> keys,
			ObjectProvider<IssuerDiscovery> discovery) {
		JwtAuthProperties properties = settings.properties();
		if (StringUtils.hasText(properties.getJwkSetUri())) {
			return new RemoteJwsVerifierResolver(JwkSetCacheFactory.create(properties, settings.clock()));
		}
		if (ResourceServerMode.discovers(properties)) {
			return new RemoteJwsVerifierResolver(JwkSetCacheFactory.create(properties, settings.clock(),
					new DiscoveredJwkSet(discovery.getObject())));
		}
		return new LocalJwsVerifierResolver(keys.getObject());
	}

	/**
	 * The discovery of the {@code jwt.auth.issuer-uri} issuer from its metadata, on first
	 * need (nothing when the bean is built; the discovered feed's initial sync may ask
	 * during start-up, bounded by {@code jwt.auth.store.initial-sync-timeout}), retried
	 * after a failure with a back-off from 1 second up to
	 * {@code jwt.auth.jwk-set-refresh-min-interval}; the JWK Set cache adds no wait of
	 * its own before the metadata is discovered.
	 * @param settings the settings
	 * @return the discovery
	 */
	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnIssuerDiscoveryCondition.class)
	IssuerDiscovery jwtAuthIssuerDiscovery(JwtAuthSettings settings) {
		JwtAuthProperties properties = settings.properties();
		String issuerUri = properties.getIssuerUri();
		return IssuerDiscovery.forIssuer((issuerUri != null) ? issuerUri : "")
			.clock(settings.clock())
			.maxRetryInterval(properties.getJwkSetRefreshMinInterval())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean(JwtDecoder.class)
	JwtAuthDecoder jwtDecoder(JwtAuthSettings settings, JwsVerifierResolver verifiers, RevocationRegistry revocations,
			ObjectProvider<OAuth2TokenValidator<Jwt>> validators,
			ObjectProvider<JwtAuthDecoderCustomizer> customizers) {
		JwtAuthProperties properties = settings.properties();
		JwtAuthDecoder.Builder builder = JwtAuthDecoder.withVerifiers(verifiers, new RevocationValidator(revocations))
			.maxLength((int) Math.min(Integer.MAX_VALUE, properties.getAccessToken().getMaxLength().toBytes()))
			.cacheSize(properties.getCache().isEnabled() ? properties.getCache().getMaxSize() : 0);
		validators.orderedStream().forEach(builder::validator);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		// what the properties decide is applied after the customizers: none can loosen it
		return builder.issuer(properties.getIssuer())
			.audiences(properties.getAudiences())
			.clockSkew(properties.getClockSkew())
			.clock(settings.clock())
			.tokenType(properties.getAccessToken().getType())
			.requireTokenId(!acceptsTokensWithoutJti(properties))
			.build();
	}

	/**
	 * Tokens without {@code jti} are accepted only from another issuer, and only when
	 * {@code jwt.auth.accept-tokens-without-jti} says so: this application's own tokens
	 * always carry one.
	 * @param properties the properties
	 * @return whether a token may lack {@code jti}
	 */
	static boolean acceptsTokensWithoutJti(JwtAuthProperties properties) {
		return ResourceServerMode.isResourceServer(properties) && properties.isAcceptTokensWithoutJti();
	}

	@Bean
	static RevocationEnforcingPostProcessor jwtAuthRevocationEnforcingPostProcessor(
			ObjectProvider<RevocationRegistry> registry) {
		return new RevocationEnforcingPostProcessor(registry);
	}

	/**
	 * The token's authorities claim as the authentication's authorities. This
	 * application's own tokens carry the authority names exactly as granted and are read
	 * back exactly so; {@code jwt.auth.authorities.prefix} maps the names of another
	 * issuer ({@code jwt.auth.jwk-set-uri} or {@code jwt.auth.issuer-uri}) only.
	 * @param settings the settings
	 * @return the converter
	 */
	@Bean
	@ConditionalOnMissingBean
	JwtAuthenticationConverter jwtAuthenticationConverter(JwtAuthSettings settings) {
		JwtAuthProperties properties = settings.properties();
		String prefix = properties.getAuthorities().getPrefix();
		boolean foreignTokens = ResourceServerMode.isResourceServer(properties);
		if (!foreignTokens && StringUtils.hasLength(prefix)) {
			logger.warn("jwt.auth.authorities.prefix='" + prefix + "' is not applied: it maps the authorities of "
					+ "another issuer's tokens (jwt.auth.jwk-set-uri or jwt.auth.issuer-uri) only; this application's "
					+ "own tokens carry " + "the authorities exactly as granted and are read back exactly so");
		}
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(properties.getAuthorities().getClaimName());
		authorities.setAuthorityPrefix(foreignTokens ? prefix : "");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

}
