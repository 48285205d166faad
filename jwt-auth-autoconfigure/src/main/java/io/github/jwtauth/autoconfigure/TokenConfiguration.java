package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.token.AccessTokenCustomizer;
import io.github.jwtauth.token.JwtTokenService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The token service, when this application issues tokens.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JwtKeySource.class)
	JwtTokenService jwtTokenService(JwtAuthSettings settings, JwtKeySource keys,
			ObjectProvider<AccessTokenCustomizer> customizers, ApplicationEventPublisher events) {
		JwtAuthProperties properties = settings.properties();
		JwtTokenService.Builder builder = JwtTokenService.withKeys(keys)
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
