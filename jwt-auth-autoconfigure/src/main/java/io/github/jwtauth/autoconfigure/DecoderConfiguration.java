package io.github.jwtauth.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.token.AccessTokenClaimsValidator;
import io.github.jwtauth.token.JwsVerifierResolver;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.LocalJwsVerifierResolver;
import io.github.jwtauth.token.RemoteJwsVerifierResolver;
import io.github.jwtauth.token.ValidatedTokenCache;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.util.StringUtils;

/**
 * The strict {@link JwtDecoder} and the token-to-authentication converter.
 */
@Configuration(proxyBeanMethods = false)
class DecoderConfiguration {

	@Bean
	@ConditionalOnMissingBean(JwtDecoder.class)
	JwtAuthDecoder jwtDecoder(JwtAuthSettings settings, ObjectProvider<JwtKeySet> keys,
			ObjectProvider<OAuth2TokenValidator<Jwt>> validators, RevocationRegistry revocations) {
		JwtAuthProperties properties = settings.properties();
		List<OAuth2TokenValidator<Jwt>> all = new ArrayList<>();
		all.add(new AccessTokenClaimsValidator(properties.getIssuer(), properties.getAudiences(),
				properties.getClockSkew(), settings.clock()));
		validators.orderedStream().forEach(all::add);
		ValidatedTokenCache cache = properties.getCache().isEnabled()
				? new ValidatedTokenCache(properties.getCache().getMaxSize(), settings.clock()) : null;
		return new JwtAuthDecoder((int) Math.min(Integer.MAX_VALUE, properties.getAccessToken().getMaxLength().toBytes()),
				properties.getAccessToken().getType(), verifiers(properties, keys),
				(all.size() == 1) ? all.get(0) : new DelegatingOAuth2TokenValidator<>(all),
				new RevocationValidator(revocations), cache);
	}

	private static JwsVerifierResolver verifiers(JwtAuthProperties properties, ObjectProvider<JwtKeySet> keys) {
		if (StringUtils.hasText(properties.getJwkSetUri())) {
			JWSAlgorithm algorithm = SigningKeysFactory.algorithm("jwt.auth.signing.algorithm",
					properties.getSigning().getAlgorithm(), JWSAlgorithm.RS256);
			SigningKeysFactory.requireRsaAlgorithm("jwt.auth.signing.algorithm", algorithm);
			try {
				return new RemoteJwsVerifierResolver(properties.getJwkSetUri(), Set.of(algorithm));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.jwk-set-uri", "'" + properties.getJwkSetUri()
						+ "' is not a valid URL", "use the https URL of the issuer's JWK Set");
			}
		}
		return new LocalJwsVerifierResolver(keys.getObject().verificationKeys());
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
