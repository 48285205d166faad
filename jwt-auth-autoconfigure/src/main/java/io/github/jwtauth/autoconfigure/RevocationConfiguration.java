package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationObservationConvention;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.RevocationSynchronizer;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local revocation registry, the revocation service, and the synchronizer that keeps
 * the registry current from the store and refuses tokens once it is stale.
 */
@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RevocationRegistry jwtAuthRevocationRegistry(JwtAuthSettings settings, RevocationStore store) {
		JwtAuthProperties properties = settings.properties();
		// the sid of a token this application issued is one of its own sessions, which a
		// revocation of all tokens of a user revokes by its ID; whether subjects are
		// hashed is the store's to say (the issuer's feed publishes hashes only), never
		// a property's: a mismatch would silently miss every subject revocation
		String hashedSubjectsOf = store.hashesSubjects() ? properties.getIssuer() : null;
		return new RevocationRegistry(settings.clock(), properties.getClockSkew(),
				!ResourceServerMode.isResourceServer(properties), hashedSubjectsOf);
	}

	@Bean
	@ConditionalOnMissingBean
	TokenRevocationService tokenRevocationService(JwtAuthSettings settings, RevocationRegistry registry,
			RevocationStore store, ObjectProvider<RefreshTokenStore> refreshTokens, ApplicationEventPublisher events,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<RevocationObservationConvention> observationConvention) {
		requireSameSubjectMode(registry, store);
		JwtAuthProperties properties = settings.properties();
		TokenRevocationService.Builder builder = TokenRevocationService.builder(registry, store)
			.accessTokenTimeToLive(properties.getAccessToken().getTtl())
			.clockSkew(properties.getClockSkew())
			.clock(settings.clock())
			.eventPublisher(events);
		refreshTokens.ifAvailable(builder::sessions);
		observationRegistry.ifUnique(builder::observationRegistry);
		observationConvention.ifUnique(builder::observationConvention);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationSynchronizer jwtAuthRevocationSynchronizer(JwtAuthSettings settings, RevocationRegistry registry,
			RevocationStore store) {
		requireSameSubjectMode(registry, store);
		JwtAuthProperties.Store properties = settings.properties().getStore();
		return new RevocationSynchronizer(registry, store, settings.clock(),
				new RevocationSynchronizer.Settings(properties.getPollInterval(), properties.getMaxStaleness(),
						properties.getPurgeInterval(), properties.getInitialSyncTimeout()));
	}

	/**
	 * Refuse to start when the registry and the store disagree on whether subjects are
	 * hashed (an application's own registry or store): every revocation of all tokens of
	 * a user would be missed, silently.
	 * @param registry the registry
	 * @param store the store whose entries are applied to it
	 */
	static void requireSameSubjectMode(RevocationRegistry registry, RevocationStore store) {
		if (registry.hashesSubjects() == store.hashesSubjects()) {
			return;
		}
		String storeName = store.getClass().getSimpleName();
		if (store.hashesSubjects()) {
			throw new IllegalStateException("The RevocationStore (" + storeName
					+ ") delivers subjects as hashes but the application's RevocationRegistry bean does not hash them,"
					+ " so no revocation of all tokens of a user would be enforced: build the registry with"
					+ " new RevocationRegistry(clock, clockSkew, ownSessionIds, issuer) (the issuer whose subjects"
					+ " the store hashes), or remove the RevocationRegistry bean to use jwt-auth's");
		}
		throw new IllegalStateException("The RevocationStore (" + storeName
				+ ") delivers subjects as they are but the application's RevocationRegistry bean hashes them,"
				+ " so no revocation of all tokens of a user would be enforced: build the registry without a"
				+ " subjectHashIssuer, or remove the RevocationRegistry bean to use jwt-auth's");
	}

}
