package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.refresh.RefreshTokenPurger;
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
 * refresh, and the job that purges expired ones from the store.
 */
@Configuration(proxyBeanMethods = false)
class RefreshConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JwtTokenService.class)
	@ConditionalOnSingleCandidate(UserDetailsService.class)
	RefreshTokenService refreshTokenService(JwtAuthSettings settings, RefreshTokenStore store, JwtTokenService tokens,
			TokenRevocationService revocation, UserDetailsService users, ApplicationEventPublisher events) {
		JwtAuthProperties.RefreshToken properties = settings.properties().getRefreshToken();
		return RefreshTokenService.builder(store, tokens, revocation, users)
			.idleTimeToLive(properties.getTtl())
			.maxLifetime(properties.getMaxLifetime())
			.maxSessionsPerUser(properties.getMaxSessionsPerUser())
			.clock(settings.clock())
			.eventPublisher(events)
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RefreshTokenStore.class)
	RefreshTokenPurger jwtAuthRefreshTokenPurger(JwtAuthSettings settings, RefreshTokenStore store) {
		return new RefreshTokenPurger(store, settings.clock(), settings.properties().getStore().getPurgeInterval());
	}

}
