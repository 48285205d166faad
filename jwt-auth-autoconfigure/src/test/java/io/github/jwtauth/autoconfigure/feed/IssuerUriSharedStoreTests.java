package io.github.jwtauth.autoconfigure.feed;

import io.github.jwtauth.autoconfigure.JwtAuthAutoConfiguration;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;
import io.github.jwtauth.store.jdbc.JdbcRevocationStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resource server reading the issuer's shared store ({@code jwt.auth.store.type=jdbc})
 * enforces the revocations of that store, whether it finds the issuer's keys by
 * {@code jwt.auth.jwk-set-uri} or discovers them by {@code jwt.auth.issuer-uri}: a feed
 * named (or not named) by the issuer's metadata never takes the store's place.
 */
class IssuerUriSharedStoreTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JwtAuthAutoConfiguration.class))
		.withPropertyValues("jwt.auth.audiences=api", "jwt.auth.store.type=jdbc",
				"spring.datasource.generate-unique-name=true", "jwt.auth.store.initial-sync-timeout=0");

	@Test
	void jwkSetUriWithSharedStoreEnforcesTheIssuersRevocations() {
		this.runner
			.withPropertyValues("jwt.auth.jwk-set-uri=https://issuer.example/jwks",
					"jwt.auth.issuer=https://issuer.example")
			.run((context) -> assertThat(context.getBean(RevocationStore.class))
				.isInstanceOf(JdbcRevocationStore.class));
	}

	@Test
	void issuerUriWithSharedStoreReadsTheStoreNotAFeed() {
		try (MetadataServer server = new MetadataServer()) {
			String issuer = server.url();
			server.serve("/.well-known/oauth-authorization-server",
					"{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}");
			this.runner.withPropertyValues("jwt.auth.issuer-uri=" + issuer).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RevocationStore.class)).isInstanceOf(JdbcRevocationStore.class);
				assertThat(context.getBeansOfType(RevocationFeedStore.class)).isEmpty();
			});
		}
	}

}
