package io.github.jwtauth.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether the revocation registry hashes subjects is decided by the store in use, never
 * by the feed property; a registry of the application that disagrees with the store
 * refuses to start.
 */
class RevocationSubjectModeConfigurationTests {

	private static final String JWK_SET_URI = "jwt.auth.jwk-set-uri=https://issuer.example/.well-known/jwks.json";

	private static final String FEED_URI = "jwt.auth.revocation-feed-uri=https://issuer.example/auth/revocations";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
		.withUserConfiguration(RevocationFeedConfigurationTests.Users.class)
		.withPropertyValues("jwt.auth.store.initial-sync-timeout=0");

	@Test
	void aStoreOfTheApplicationWithTheFeedPropertyKeepsSubjectsClear() {
		this.runner.withPropertyValues(JWK_SET_URI, FEED_URI)
			.withBean(RevocationStore.class, InMemoryRevocationStore::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RevocationStore.class)).isInstanceOf(InMemoryRevocationStore.class);
				assertThat(context.getBean(RevocationRegistry.class).hashesSubjects()).isFalse();
			});
	}

	@Test
	void theFeedStoreHashesSubjects() {
		this.runner.withPropertyValues(JWK_SET_URI, FEED_URI).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RevocationStore.class)).isInstanceOf(RevocationFeedStore.class);
			assertThat(context.getBean(RevocationRegistry.class).hashesSubjects()).isTrue();
		});
	}

	@Test
	void aHashingStoreOfTheApplicationWithoutTheFeedPropertyHashesSubjects() {
		this.runner.withPropertyValues(JWK_SET_URI)
			.withBean(RevocationStore.class, HashingStore::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RevocationRegistry.class).hashesSubjects()).isTrue();
			});
	}

	@Test
	void noFeedKeepsSubjectsClear() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RevocationRegistry.class).hashesSubjects()).isFalse();
		});
	}

	@Test
	void aClearRegistryOfTheApplicationWithTheFeedStoreRefusesToStart() {
		this.runner.withPropertyValues(JWK_SET_URI, FEED_URI)
			.withBean(RevocationRegistry.class, () -> new RevocationRegistry(Clock.systemUTC()))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("delivers subjects as hashes")
				.hasMessageContaining("new RevocationRegistry(clock, clockSkew, ownSessionIds, issuer)"));
	}

	@Test
	void aHashingRegistryOfTheApplicationWithAClearStoreRefusesToStart() {
		this.runner
			.withBean(RevocationRegistry.class,
					() -> new RevocationRegistry(Clock.systemUTC(), Duration.ZERO, true, "jwt-auth"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("InMemoryRevocationStore")
				.hasMessageContaining("without a subjectHashIssuer"));
	}

	/**
	 * A store of the application that, like the feed, delivers subjects as hashes.
	 */
	static final class HashingStore implements RevocationStore {

		@Override
		public void add(RevocationEntry entry) {
		}

		@Override
		public List<RevocationEntry> findActive(Instant now) {
			return List.of();
		}

		@Override
		public boolean hashesSubjects() {
			return true;
		}

	}

}
