package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.store.StoreMaintenance;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local revocation registry, the revocation service, and the job that keeps the
 * registry current and purges expired entries.
 */
@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RevocationRegistry jwtAuthRevocationRegistry(JwtAuthSettings settings) {
		return new RevocationRegistry(settings.clock());
	}

	@Bean
	@ConditionalOnMissingBean
	TokenRevocationService tokenRevocationService(JwtAuthSettings settings, RevocationRegistry registry,
			RevocationStore store, RefreshTokenStore refreshTokens, ApplicationEventPublisher events) {
		JwtAuthProperties properties = settings.properties();
		return new TokenRevocationService(registry, store, refreshTokens,
				properties.getAccessToken().getTtl(), properties.getClockSkew(), settings.clock(), events);
	}

	@Bean
	@ConditionalOnMissingBean
	StoreMaintenance jwtAuthStoreMaintenance(JwtAuthSettings settings, RevocationRegistry registry,
			RevocationStore store, RefreshTokenStore refreshTokens) {
		JwtAuthProperties.Store properties = settings.properties().getStore();
		return new StoreMaintenance(registry, store, refreshTokens, settings.clock(), new StoreMaintenance.Settings(
				properties.getPollInterval(), properties.getMaxStaleness(), properties.getPurgeInterval()));
	}

}
