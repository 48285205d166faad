package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.discovery.IssuerDiscovery;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.remote.JwkSetCache;
import io.github.jwtauth.keys.remote.RemoteJwkSet;
import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;
import io.github.jwtauth.token.JwsVerifierResolver;
import io.github.jwtauth.token.JwtTokenService;
import io.github.jwtauth.token.RemoteJwsVerifierResolver;
import io.github.jwtauth.web.endpoint.LoginEndpoint;
import io.github.jwtauth.web.endpoint.RevocationFeedEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resource server configured with {@code jwt.auth.issuer-uri}: what it is made of
 * (without any network call at start-up), and the configurations refused at start-up,
 * each naming the property to fix.
 */
class IssuerUriConfigurationTests {

	private static final String ISSUER = "https://issuer.example/tenant";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
		.withUserConfiguration(Users.class)
		.withPropertyValues("jwt.auth.store.initial-sync-timeout=0", "jwt.auth.audiences=api");

	@Test
	void theIssuerUriAloneMakesADiscoveringResourceServer() {
		// issuer.example does not exist: nothing is fetched at start-up
		this.runner.withPropertyValues("jwt.auth.issuer-uri=" + ISSUER).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(IssuerDiscovery.class)
				.doesNotHaveBean(JwtKeySource.class)
				.doesNotHaveBean(JwtTokenService.class)
				.doesNotHaveBean(LoginEndpoint.class)
				.doesNotHaveBean(RevocationFeedEndpoint.class);
			IssuerDiscovery discovery = context.getBean(IssuerDiscovery.class);
			assertThat(discovery.getIssuer()).isEqualTo(ISSUER);
			assertThat(discovery.current()).isNull();
			// the discovered issuer is the iss tokens must carry
			assertThat(context.getBean(JwtAuthProperties.class).getIssuer()).isEqualTo(ISSUER);
			assertThat(context.getBean(JwsVerifierResolver.class)).isInstanceOf(RemoteJwsVerifierResolver.class);
			// the feed the metadata names is followed, once discovered
			RevocationFeedStore feed = (RevocationFeedStore) context.getBean(RevocationStore.class);
			assertThat(feed.getUri()).isNull();
			assertThat(feed.isFollowing()).isTrue();
		});
	}

	@Test
	void anIssuerEqualToTheIssuerUriIsAccepted() {
		this.runner.withPropertyValues("jwt.auth.issuer-uri=" + ISSUER, "jwt.auth.issuer=" + ISSUER)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(IssuerDiscovery.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://issuer.example/tenant/", "https://other.example/tenant", "jwt-auth" })
	void anIssuerThatDiffersFromTheIssuerUriRefusesToStart(String issuer) {
		this.runner.withPropertyValues("jwt.auth.issuer-uri=" + ISSUER, "jwt.auth.issuer=" + issuer)
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.issuer", "differs from"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://issuer.example", "http://10.0.0.7:8080/tenant", "ftp://issuer.example",
			"https://issuer.example?tenant=1", "https://issuer.example#x", "https://user@issuer.example", "issuer",
			"urn:example:issuer" })
	void anIssuerUriThatCannotBeDiscoveredRefusesToStart(String issuerUri) {
		this.runner.withPropertyValues("jwt.auth.issuer-uri=" + issuerUri)
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.issuer-uri", issuerUri));
	}

	@Test
	void withAJwkSetUriTooTheKeysComeFromItAndNothingIsDiscovered() {
		this.runner
			.withPropertyValues("jwt.auth.issuer-uri=" + ISSUER,
					"jwt.auth.jwk-set-uri=https://keys.example/.well-known/jwks.json")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(IssuerDiscovery.class);
				JwkSetCache cache = ((RemoteJwsVerifierResolver) context.getBean(JwsVerifierResolver.class))
					.getJwkSetCache();
				assertThat(cache.getSource()).isInstanceOf(RemoteJwkSet.class);
				assertThat(context.getBean(JwtAuthProperties.class).getIssuer()).isEqualTo(ISSUER);
				// no feed is discovered either: only an explicit one is followed
				assertThat(context.getBean(RevocationStore.class)).isInstanceOf(InMemoryRevocationStore.class);
			});
	}

	@Test
	void anExplicitFeedWinsOverTheMetadataAndAnEmptyOneFollowsNone() {
		this.runner
			.withPropertyValues("jwt.auth.issuer-uri=" + ISSUER,
					"jwt.auth.revocation-feed-uri=https://issuer.example/feed")
			.run((context) -> assertThat(((RevocationFeedStore) context.getBean(RevocationStore.class)).getUri())
				.hasToString("https://issuer.example/feed"));
		this.runner.withPropertyValues("jwt.auth.issuer-uri=" + ISSUER, "jwt.auth.revocation-feed-uri=")
			.run((context) -> assertThat(context.getBean(RevocationStore.class))
				.isInstanceOf(InMemoryRevocationStore.class));
	}

	@Test
	void rotationWithTheIssuerUriRefusesToStart() {
		this.runner.withPropertyValues("jwt.auth.issuer-uri=" + ISSUER, "jwt.auth.signing.rotation.enabled=true")
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.signing.rotation.enabled",
					"jwt.auth.issuer-uri"));
	}

	@Test
	void tokensWithoutJtiMayBeAcceptedFromTheDiscoveredIssuer() {
		this.runner.withPropertyValues("jwt.auth.issuer-uri=" + ISSUER, "jwt.auth.accept-tokens-without-jti=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static void assertRefused(Throwable failure, String property, String mentioned) {
		assertThat(failure).isNotNull();
		InvalidJwtAuthPropertyException invalid = null;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidJwtAuthPropertyException exception) {
				invalid = exception;
			}
		}
		assertThat(invalid).as("%s", failure).isNotNull();
		assertThat(invalid.getProperty()).isEqualTo(property);
		assertThat(invalid.getMessage()).contains(mentioned);
	}

	@Configuration(proxyBeanMethods = false)
	static class Users {

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}pw").roles("USER").build());
		}

	}

}
