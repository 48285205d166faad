package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.RevocationSynchronizer;
import io.github.jwtauth.revocation.TokenRevocationService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The local revocation registry, the revocation service, and the synchronizer that keeps
 * the registry current from the store and refuses tokens once it is stale.
 */
@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RevocationRegistry jwtAuthRevocationRegistry(JwtAuthSettings settings) {
		JwtAuthProperties properties = settings.properties();
		// the sid of a token this application issued is one of its own sessions, which a
		// revocation of all tokens of a user revokes by its ID; the issuer's feed
		// publishes subjects as hashes only
		String hashedSubjectsOf = StringUtils.hasText(properties.getRevocationFeedUri()) ? properties.getIssuer()
				: null;
		return new RevocationRegistry(settings.clock(), properties.getClockSkew(), properties.getJwkSetUri() == null,
				hashedSubjectsOf);
	}

	@Bean
	@ConditionalOnMissingBean
	TokenRevocationService tokenRevocationService(JwtAuthSettings settings, RevocationRegistry registry,
			RevocationStore store, ObjectProvider<RefreshTokenStore> refreshTokens, ApplicationEventPublisher events) {
		JwtAuthProperties properties = settings.properties();
		TokenRevocationService.Builder builder = TokenRevocationService.builder(registry, store)
			.accessTokenTimeToLive(properties.getAccessToken().getTtl())
			.clockSkew(properties.getClockSkew())
			.clock(settings.clock())
			.eventPublisher(events);
		refreshTokens.ifAvailable(builder::sessions);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationSynchronizer jwtAuthRevocationSynchronizer(JwtAuthSettings settings, RevocationRegistry registry,
			RevocationStore store) {
		JwtAuthProperties.Store properties = settings.properties().getStore();
		return new RevocationSynchronizer(registry, store, settings.clock(),
				new RevocationSynchronizer.Settings(properties.getPollInterval(), properties.getMaxStaleness(),
						properties.getPurgeInterval(), properties.getInitialSyncTimeout()));
	}

}
