package io.github.jwtauth.autoconfigure;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import io.github.jwtauth.token.TrustedIssuers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.util.StringUtils;

/**
 * The strict {@link JwtDecoder}, its verifier resolver (or, with
 * {@code jwt.auth.issuers}, the trusted issuers), the token-to-authentication converter,
 * and the post-processor that keeps revocation in force on a decoder of the application's
 * own.
 */
@Configuration(proxyBeanMethods = false)
class DecoderConfiguration {

	private static final Log logger = LogFactory.getLog(DecoderConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnTrustedIssuersCondition.class)
	TrustedIssuers jwtAuthTrustedIssuers(JwtAuthSettings settings) {
		return TrustedIssuersFactory.create(settings.properties(), settings.clock());
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OneIssuerCondition.class)
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
		return JwkSetCacheFactory.discovery(properties, (issuerUri != null) ? issuerUri : "", settings.clock());
	}

	@Bean
	@ConditionalOnMissingBean(JwtDecoder.class)
	JwtAuthDecoder jwtDecoder(JwtAuthSettings settings, ObjectProvider<JwsVerifierResolver> verifiers,
			ObjectProvider<TrustedIssuers> issuers, RevocationRegistry revocations,
			ObjectProvider<OAuth2TokenValidator<Jwt>> validators,
			ObjectProvider<JwtAuthDecoderCustomizer> customizers) {
		JwtAuthProperties properties = settings.properties();
		RevocationValidator revocation = new RevocationValidator(revocations);
		boolean several = !properties.getIssuers().isEmpty();
		if (several && verifiers.stream().findAny().isPresent()) {
			throw new InvalidJwtAuthPropertyException(TrustedIssuersFactory.PROPERTY,
					"a JwsVerifierResolver bean is defined, and it would verify the tokens of every issuer of "
							+ TrustedIssuersFactory.PROPERTY,
					"remove the bean, or define a TrustedIssuers bean that gives each issuer its own resolver "
							+ "(TrustedIssuer.withVerifiers)");
		}
		JwtAuthDecoder.Builder builder = several ? JwtAuthDecoder.withIssuers(issuers.getObject(), revocation)
				: JwtAuthDecoder.withVerifiers(verifiers.getObject(), revocation);
		builder.maxLength((int) Math.min(Integer.MAX_VALUE, properties.getAccessToken().getMaxLength().toBytes()))
			.cacheSize(properties.getCache().isEnabled() ? properties.getCache().getMaxSize() : 0);
		validators.orderedStream().forEach(builder::validator);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		// what the properties decide is applied after the customizers: none can loosen it
		if (!several) {
			// with several issuers, each brings its own issuer, audiences and jti rule
			builder.issuer(properties.getIssuer())
				.audiences(properties.getAudiences())
				.requireTokenId(!acceptsTokensWithoutJti(properties));
		}
		return builder.clockSkew(properties.getClockSkew())
			.clock(settings.clock())
			.tokenType(properties.getAccessToken().getType())
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
	 * issuer ({@code jwt.auth.jwk-set-uri} or {@code jwt.auth.issuer-uri}) only. With
	 * {@code jwt.auth.issuers} each issuer's claim name and prefix apply to its own
	 * tokens.
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
					+ "another issuer's tokens (jwt.auth.jwk-set-uri, jwt.auth.issuer-uri or jwt.auth.issuers) only; "
					+ "this application's own tokens carry the authorities exactly as granted and are read back "
					+ "exactly so");
		}
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(properties.getAuthorities().getClaimName());
		authorities.setAuthorityPrefix(foreignTokens ? prefix : "");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(
				properties.getIssuers().isEmpty() ? authorities : authoritiesByIssuer(properties));
		return converter;
	}

	/**
	 * Each issuer's authorities claim and prefix (by default
	 * {@code jwt.auth.authorities.*}), chosen by the token's verified {@code iss}.
	 * @param properties the properties
	 * @return the converter
	 */
	private static Converter<Jwt, Collection<GrantedAuthority>> authoritiesByIssuer(JwtAuthProperties properties) {
		Map<String, JwtGrantedAuthoritiesConverter> byIssuer = new HashMap<>();
		for (JwtAuthProperties.Issuer issuer : properties.getIssuers()) {
			JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
			String claimName = issuer.getAuthoritiesClaimName();
			String prefix = issuer.getAuthoritiesPrefix();
			authorities.setAuthoritiesClaimName(
					StringUtils.hasText(claimName) ? claimName : properties.getAuthorities().getClaimName());
			authorities.setAuthorityPrefix((prefix != null) ? prefix : properties.getAuthorities().getPrefix());
			byIssuer.put(issuer.getIssuer(), authorities);
		}
		Map<String, JwtGrantedAuthoritiesConverter> converters = Map.copyOf(byIssuer);
		return (jwt) -> {
			// the decoder accepts only tokens of these issuers: no other gets authorities
			String issuer = jwt.getClaimAsString("iss");
			JwtGrantedAuthoritiesConverter authorities = (issuer != null) ? converters.get(issuer) : null;
			return (authorities != null) ? authorities.convert(jwt) : List.of();
		};
	}

	/**
	 * One issuer: no {@code jwt.auth.issuers}.
	 */
	static class OneIssuerCondition extends NoneNestedConditions {

		OneIssuerCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnTrustedIssuersCondition.class)
		static class SeveralIssuers {

		}

	}

}
