package io.github.jwtauth.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;
import io.github.jwtauth.revocation.feed.RevocationLog;
import io.github.jwtauth.web.endpoint.RevocationFeedEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the revocation feed is served, when a resource server follows it, and the
 * configurations refused at start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class RevocationFeedConfigurationTests {

	private static final String JWK_SET_URI = "jwt.auth.jwk-set-uri=https://issuer.example/.well-known/jwks.json";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
		.withUserConfiguration(Users.class)
		.withPropertyValues("jwt.auth.store.initial-sync-timeout=0");

	@Test
	void anIssuerWithAnRsaKeyServesTheFeed() {
		this.runner
			.withPropertyValues("jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
					"jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences=api")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(RevocationFeedEndpoint.class)
				.hasSingleBean(RevocationLog.class));
		// the zero-configuration start generates an RSA key
		this.runner.run((context) -> assertThat(context).hasSingleBean(RevocationFeedEndpoint.class));
	}

	@Test
	void anHmacIssuerOrADisabledFeedServesNone() {
		this.runner
			.withPropertyValues("jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET,
					"jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences=api")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RevocationFeedEndpoint.class)
				.doesNotHaveBean(RevocationLog.class));
		this.runner.withPropertyValues("jwt.auth.endpoints.revocations-enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RevocationFeedEndpoint.class));
	}

	@Test
	void aResourceServerFollowsTheFeedWhenConfigured() {
		this.runner
			.withPropertyValues(JWK_SET_URI, "jwt.auth.revocation-feed-uri=https://issuer.example/auth/revocations")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(RevocationFeedEndpoint.class);
				assertThat(context.getBean(RevocationStore.class)).isInstanceOf(RevocationFeedStore.class);
			});
	}

	@Test
	void aResourceServerWithoutFeedKeepsTheMemoryStoreAndWarns(CapturedOutput output) {
		this.runner.withPropertyValues(JWK_SET_URI).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RevocationStore.class)).isInstanceOf(InMemoryRevocationStore.class);
		});
		assertThat(output).contains("revocations made at the issuer (logout, revoke) are not enforced here")
			.contains("jwt.auth.revocation-feed-uri");
	}

	@Test
	void anEmptyFeedUriCountsAsNone() {
		// as a profile sets it to read the issuer's store instead of its feed
		this.runner.withPropertyValues(JWK_SET_URI, "jwt.auth.revocation-feed-uri=").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RevocationStore.class)).isInstanceOf(InMemoryRevocationStore.class);
		});
	}

	@Test
	void aRevocationStoreOfTheApplicationWins() {
		this.runner
			.withPropertyValues(JWK_SET_URI, "jwt.auth.revocation-feed-uri=https://issuer.example/auth/revocations")
			.withBean(RevocationStore.class, InMemoryRevocationStore::new)
			.run((context) -> assertThat(context.getBean(RevocationStore.class))
				.isInstanceOf(InMemoryRevocationStore.class));
	}

	@Test
	void aFeedWithoutJwkSetUriRefusesToStart() {
		this.runner.withPropertyValues("jwt.auth.revocation-feed-uri=https://issuer.example/auth/revocations")
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.revocation-feed-uri"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://issuer.example/auth/revocations", "http://10.0.0.7:8080/auth/revocations",
			"http://127.0.0.1.example.com/revocations", "ftp://issuer.example/revocations", "/auth/revocations",
			"https://issuer.example/auth/revocations?wait=30" })
	void aFeedUriThatIsNotHttpsOrLoopbackRefusesToStart(String uri) {
		this.runner.withPropertyValues(JWK_SET_URI, "jwt.auth.revocation-feed-uri=" + uri)
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.revocation-feed-uri"));
	}

	@Test
	void anApplicationKeySetWithAnHmacKeyRefusesToServeTheFeed() {
		// not configured by property, so the endpoint's condition cannot see it: the
		// endpoint refuses at start-up instead of serving a feed no resource server can
		// verify
		byte[] secret = "an application's own HMAC key of 32+ bytes".getBytes(StandardCharsets.UTF_8);
		this.runner
			.withBean(JwtKeySet.class,
					() -> new JwtKeySet(SigningKey.hmac("app-key", JWSAlgorithm.HS256, secret), List.of()))
			.withPropertyValues("jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences=api")
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.endpoints.revocations-enabled"));
	}

	@Test
	void aNegativeWaitingBoundRefusesToStart() {
		this.runner.withPropertyValues("jwt.auth.endpoints.revocations-max-waiting=-1")
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.endpoints.revocations-max-waiting"));
	}

	private static void assertRefused(Throwable failure, String property) {
		assertThat(failure).isNotNull();
		InvalidJwtAuthPropertyException invalid = null;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidJwtAuthPropertyException exception) {
				invalid = exception;
			}
		}
		assertThat(invalid).as("%s", failure).isNotNull();
		assertThat(invalid.getProperty()).isEqualTo(property);
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
