package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.refresh.RefreshTokenService;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.token.JwtTokenService;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Refresh tokens, when this application issues tokens and can load its users again at
 * refresh.
 */
@Configuration(proxyBeanMethods = false)
class RefreshConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JwtTokenService.class)
	@ConditionalOnSingleCandidate(UserDetailsService.class)
	RefreshTokenService refreshTokenService(JwtAuthSettings settings, RefreshTokenStore store,
			JwtTokenService tokens, TokenRevocationService revocation, UserDetailsService users,
			ApplicationEventPublisher events) {
		JwtAuthProperties.RefreshToken properties = settings.properties().getRefreshToken();
		return new RefreshTokenService(store, tokens, revocation, users, properties.getTtl(),
				properties.getMaxLifetime(), settings.clock(), events);
	}

}
