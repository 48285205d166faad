package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.refresh.LoginSessions;
import io.github.jwtauth.refresh.RefreshObservationConvention;
import io.github.jwtauth.refresh.RefreshTokenPurger;
import io.github.jwtauth.refresh.RefreshTokenService;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.token.JwtTokenService;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Refresh tokens, when this application issues tokens and can load its users again at
 * refresh, the job that purges expired ones from the store, and the users' login
 * sessions.
 */
@Configuration(proxyBeanMethods = false)
class RefreshConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JwtTokenService.class)
	@ConditionalOnSingleCandidate(UserDetailsService.class)
	RefreshTokenService refreshTokenService(JwtAuthSettings settings, RefreshTokenStore store, JwtTokenService tokens,
			TokenRevocationService revocation, UserDetailsService users, ApplicationEventPublisher events,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<RefreshObservationConvention> observationConvention,
			ObjectProvider<StoreInstrumentation> instrumentation) {
		JwtAuthProperties.RefreshToken properties = settings.properties().getRefreshToken();
		RefreshTokenService.Builder builder = RefreshTokenService
			.builder(StoreInstrumentation.instrument(instrumentation, store, RefreshTokenStore.class), tokens,
					revocation, users)
			.idleTimeToLive(properties.getTtl())
			.maxLifetime(properties.getMaxLifetime())
			.maxSessionsPerUser(properties.getMaxSessionsPerUser())
			.clock(settings.clock())
			.eventPublisher(events)
			.recordClientDetails(settings.properties().getSessions().isRecordClientDetails());
		observationRegistry.ifUnique(builder::observationRegistry);
		observationConvention.ifUnique(builder::observationConvention);
		return builder.build();
	}

	/**
	 * The users' login sessions: the sessions API's service, and the application's API to
	 * end a user's sessions (after a password change, for example).
	 * @param settings the settings
	 * @param revocation the revocation service
	 * @param store the refresh-token store, when this application issues refresh tokens
	 * @param instrumentation times the store's operations, with Micrometer
	 * @return the sessions
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ JwtTokenService.class, TokenRevocationService.class })
	LoginSessions jwtAuthLoginSessions(JwtAuthSettings settings, TokenRevocationService revocation,
			ObjectProvider<RefreshTokenStore> store, ObjectProvider<StoreInstrumentation> instrumentation) {
		RefreshTokenStore refreshTokens = store.getIfAvailable();
		return new LoginSessions(revocation, (refreshTokens != null)
				? StoreInstrumentation.instrument(instrumentation, refreshTokens, RefreshTokenStore.class) : null,
				settings.clock());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RefreshTokenStore.class)
	RefreshTokenPurger jwtAuthRefreshTokenPurger(JwtAuthSettings settings, RefreshTokenStore store,
			ObjectProvider<StoreInstrumentation> instrumentation) {
		return new RefreshTokenPurger(StoreInstrumentation.instrument(instrumentation, store, RefreshTokenStore.class),
				settings.clock(), settings.properties().getStore().getPurgeInterval());
	}

}
