package io.github.jwtauth.autoconfigure;

import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.token.JwsVerifierResolver;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.JwtAuthDecoderCustomizer;
import io.github.jwtauth.token.LocalJwsVerifierResolver;
import io.github.jwtauth.token.RemoteJwsVerifierResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
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

	@Bean
	@ConditionalOnMissingBean
	JwsVerifierResolver jwtAuthVerifierResolver(JwtAuthSettings settings, ObjectProvider<JwtKeySet> keys) {
		JwtAuthProperties properties = settings.properties();
		if (StringUtils.hasText(properties.getJwkSetUri())) {
			JWSAlgorithm algorithm = JwtKeySetFactory.algorithm("jwt.auth.signing.algorithm",
					properties.getSigning().getAlgorithm(), JWSAlgorithm.RS256);
			JwtKeySetFactory.requireRsaAlgorithm("jwt.auth.signing.algorithm", algorithm);
			try {
				return new RemoteJwsVerifierResolver(properties.getJwkSetUri(), Set.of(algorithm));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.jwk-set-uri",
						"'" + properties.getJwkSetUri() + "' is not a valid URL",
						"use the https URL of the issuer's JWK Set");
			}
		}
		return new LocalJwsVerifierResolver(keys.getObject().verificationKeys());
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
			.build();
	}

	@Bean
	static RevocationEnforcingPostProcessor jwtAuthRevocationEnforcingPostProcessor(
			ObjectProvider<RevocationRegistry> registry) {
		return new RevocationEnforcingPostProcessor(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	JwtAuthenticationConverter jwtAuthenticationConverter(JwtAuthSettings settings) {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(settings.properties().getAuthorities().getClaimName());
		authorities.setAuthorityPrefix(settings.properties().getAuthorities().getPrefix());
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

}
