package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.token.AccessTokenCustomizer;
import io.github.jwtauth.token.JwtTokenService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtEncoder;

/**
 * The token service, when this application issues tokens.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ JwtKeySet.class, JwtEncoder.class })
	JwtTokenService jwtTokenService(JwtAuthSettings settings, JwtKeySet keys, JwtEncoder encoder,
			ObjectProvider<AccessTokenCustomizer> customizers, ApplicationEventPublisher events) {
		JwtAuthProperties properties = settings.properties();
		SigningKey active = keys.active();
		JwtTokenService.Builder builder = JwtTokenService.withEncoder(encoder, active.keyId(), active.algorithm())
			.issuer(properties.getIssuer())
			.audiences(properties.getAudiences())
			.timeToLive(properties.getAccessToken().getTtl())
			.tokenType(properties.getAccessToken().getType())
			.authoritiesClaim(properties.getAuthorities().getClaimName())
			.clock(settings.clock())
			.eventPublisher(events);
		customizers.orderedStream().forEach(builder::customizer);
		return builder.build();
	}

}
