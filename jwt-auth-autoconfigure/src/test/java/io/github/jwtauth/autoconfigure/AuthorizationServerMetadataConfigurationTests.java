package io.github.jwtauth.autoconfigure;

import java.time.Duration;
import java.util.regex.Pattern;

import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.web.endpoint.AuthorizationServerMetadata;
import io.github.jwtauth.web.endpoint.AuthorizationServerMetadataEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the authorization-server metadata (RFC 8414) is served: only where this
 * application issues tokens and {@code jwt.auth.issuer} is an https URL (plain http for
 * loopback). Any other issuer serves none and says why at DEBUG, or refuses to start when
 * {@code jwt.auth.endpoints.metadata-enabled=true} is set explicitly.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthorizationServerMetadataConfigurationTests {

	private static final String RSA = "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE;

	private static final String METADATA_LOGGER = JwtAuthEndpointsAutoConfiguration.class.getName() + "$Metadata";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
		.withUserConfiguration(Users.class)
		.withPropertyValues("jwt.auth.store.initial-sync-timeout=0", "jwt.auth.audiences=api");

	@AfterEach
	void resetLogLevel() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel(METADATA_LOGGER, null);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://issuer.example.com", "https://issuer.example.com:8443/tenant/",
			"http://localhost:8080", "http://127.0.0.1:8080/app" })
	void anIssuerUrlHasMetadata(String issuer) {
		this.runner.withPropertyValues(RSA, "jwt.auth.issuer=" + issuer).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(AuthorizationServerMetadataEndpoint.class);
			AuthorizationServerMetadata metadata = context.getBean(AuthorizationServerMetadataEndpoint.class)
				.getMetadata();
			assertThat(metadata.getIssuer()).isEqualTo(issuer);
			assertThat(metadata.getMembers()).containsKeys("jwks_uri", "token_endpoint", "revocation_endpoint",
					"jwt_auth_revocation_feed_uri");
		});
	}

	@Test
	void setExplicitlyWithAnIssuerUrlItIsServedToo() {
		this.runner
			.withPropertyValues(RSA, "jwt.auth.issuer=https://issuer.example.com",
					"jwt.auth.endpoints.metadata-enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AuthorizationServerMetadataEndpoint.class));
	}

	@Test
	void aRotatingIssuerHasMetadata() {
		this.runner
			.withPropertyValues("jwt.auth.issuer=https://issuer.example.com", "jwt.auth.signing.rotation.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AuthorizationServerMetadataEndpoint.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "jwt-auth", "urn:example:issuer", "http://issuer.example.com",
			"https://issuer.example.com?tenant=1", "https://issuer.example.com/a*b" })
	void anyOtherIssuerHasNoneAndSaysWhyAtDebug(String issuer, CapturedOutput output) {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel(METADATA_LOGGER, LogLevel.DEBUG);
		this.runner.withPropertyValues(RSA, "jwt.auth.issuer=" + issuer)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuthorizationServerMetadataEndpoint.class));
		String line = "No authorization-server metadata (RFC 8414), jwt.auth.issuer: ";
		// once, naming the issuer
		String[] parts = output.getOut().split(Pattern.quote(line), -1);
		assertThat(parts).as(output.getOut()).hasSize(2);
		assertThat(parts[1].lines().findFirst()).hasValueSatisfying((why) -> assertThat(why).contains(issuer));
	}

	@Test
	void theZeroConfigurationStartHasNone() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(AuthorizationServerMetadataEndpoint.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "jwt-auth", "http://issuer.example.com", "https://issuer.example.com#fragment" })
	void setExplicitlyWithAnyOtherIssuerItRefusesToStart(String issuer) {
		this.runner.withPropertyValues(RSA, "jwt.auth.issuer=" + issuer, "jwt.auth.endpoints.metadata-enabled=true")
			.run((context) -> {
				InvalidJwtAuthPropertyException invalid = invalidProperty(context.getStartupFailure());
				assertThat(invalid.getProperty()).isEqualTo("jwt.auth.issuer");
				assertThat(invalid.getMessage()).contains(issuer).contains("metadata-enabled");
				assertThat(invalid.getAction()).contains("https URL");
			});
	}

	@Test
	void switchedOffThereIsNone() {
		this.runner
			.withPropertyValues(RSA, "jwt.auth.issuer=https://issuer.example.com",
					"jwt.auth.endpoints.metadata-enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuthorizationServerMetadataEndpoint.class));
		// also with an issuer that could have none
		this.runner.withPropertyValues(RSA, TestKeys.ISSUER, "jwt.auth.endpoints.metadata-enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aResourceServerHasNoneEvenWhenAskedFor() {
		this.runner
			.withPropertyValues("jwt.auth.jwk-set-uri=https://issuer.example.com/.well-known/jwks.json",
					"jwt.auth.issuer=https://issuer.example.com", "jwt.auth.endpoints.metadata-enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuthorizationServerMetadataEndpoint.class));
		this.runner
			.withPropertyValues("jwt.auth.jwk-set-uri=https://issuer.example.com/.well-known/jwks.json",
					TestKeys.ISSUER, "jwt.auth.endpoints.metadata-enabled=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theApplicationsOwnEndpointWins() {
		AuthorizationServerMetadataEndpoint own = new AuthorizationServerMetadataEndpoint(
				AuthorizationServerMetadata.forIssuer("https://own.example.com").build(), Duration.ZERO);
		this.runner.withPropertyValues(RSA, "jwt.auth.issuer=https://issuer.example.com")
			.withBean(AuthorizationServerMetadataEndpoint.class, () -> own)
			.run((context) -> assertThat(context.getBean(AuthorizationServerMetadataEndpoint.class)).isSameAs(own));
	}

	@Test
	void anIssuerWithoutTheContextPathIsWarnedAbout(CapturedOutput output) {
		WebApplicationContextRunner runner = new WebApplicationContextRunner(() -> {
			AnnotationConfigServletWebApplicationContext context = new AnnotationConfigServletWebApplicationContext();
			MockServletContext servletContext = new MockServletContext();
			servletContext.setContextPath("/ctx");
			context.setServletContext(servletContext);
			return context;
		}).withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
			.withUserConfiguration(Users.class)
			.withPropertyValues("jwt.auth.store.initial-sync-timeout=0", "jwt.auth.audiences=api", RSA);
		runner.withPropertyValues("jwt.auth.issuer=https://issuer.example.com/ctx")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AuthorizationServerMetadataEndpoint.class));
		assertThat(output).doesNotContain("context path");
		runner.withPropertyValues("jwt.auth.issuer=https://issuer.example.com")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AuthorizationServerMetadataEndpoint.class));
		assertThat(output).contains("jwt.auth.issuer 'https://issuer.example.com'")
			.contains("does not end with this application's context path '/ctx'");
	}

	private static InvalidJwtAuthPropertyException invalidProperty(Throwable failure) {
		assertThat(failure).isNotNull();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidJwtAuthPropertyException invalid) {
				return invalid;
			}
		}
		throw new AssertionError("Not refused for a property: " + failure, failure);
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
