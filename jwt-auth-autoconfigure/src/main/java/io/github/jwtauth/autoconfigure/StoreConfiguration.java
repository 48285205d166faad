package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.store.InMemoryRefreshTokenStore;
import io.github.jwtauth.store.InMemoryRevocationStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The refresh token and revocation stores chosen by {@code jwt.auth.store.type}.
 */
@Configuration(proxyBeanMethods = false)
@Import({ StoreConfiguration.Memory.class })
class StoreConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "jwt.auth.store.type", havingValue = "memory", matchIfMissing = true)
	static class Memory {

		@Bean
		@ConditionalOnMissingBean
		RefreshTokenStore jwtAuthRefreshTokenStore(JwtAuthSettings settings) {
			return new InMemoryRefreshTokenStore(settings.properties().getStore().getMaxEntries());
		}

		@Bean
		@ConditionalOnMissingBean
		RevocationStore jwtAuthRevocationStore() {
			return new InMemoryRevocationStore();
		}

	}

}
