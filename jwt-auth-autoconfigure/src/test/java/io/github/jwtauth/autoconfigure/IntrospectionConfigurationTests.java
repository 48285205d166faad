package io.github.jwtauth.autoconfigure;

import java.util.stream.Stream;

import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.web.endpoint.AuthorizationServerMetadataEndpoint;
import io.github.jwtauth.web.endpoint.IntrospectionEndpoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the introspection endpoint exists (configured clients, an application that issues
 * tokens, endpoints on), and the client configurations that refuse to start, naming the
 * property to fix and never echoing the secret.
 */
class IntrospectionConfigurationTests {

	private static final String SECRET = "Qw3Er7Ty1Ui5Op9As2Df6Gh0Jk4Lz8Xc3V";

	private static final String CLIENT = "jwt.auth.introspection.clients[0]";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
		.withPropertyValues("jwt.auth.store.initial-sync-timeout=0", "jwt.auth.audiences=api",
				"jwt.auth.issuer=https://issuer.example.com",
				"jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE);

	@Test
	void withoutClientsThereIsNoEndpoint() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(IntrospectionEndpoint.class);
			assertThat(context.getBean(AuthorizationServerMetadataEndpoint.class).getMetadata().getMembers())
				.doesNotContainKeys("introspection_endpoint", "introspection_endpoint_auth_methods_supported");
		});
	}

	@Test
	void aClientMakesTheEndpointAndTheMetadataNamesIt() {
		this.runner
			.withPropertyValues(CLIENT + ".client-id=gateway", CLIENT + ".client-secret=" + SECRET,
					"jwt.auth.endpoints.introspection-path=/oauth/introspect")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(IntrospectionEndpoint.class);
				assertThat(context.getBean(AuthorizationServerMetadataEndpoint.class).getMetadata().getMembers())
					.containsEntry("introspection_endpoint", "https://issuer.example.com/oauth/introspect");
			});
	}

	@Test
	void hashedSecretsAreAccepted() {
		String hash = new BCryptPasswordEncoder(4).encode("short but hashed");
		this.runner
			.withPropertyValues(CLIENT + ".client-id=gateway", CLIENT + ".client-secret={bcrypt}" + hash,
					"jwt.auth.introspection.clients[1].client-id=other",
					"jwt.auth.introspection.clients[1].client-secret={noop}" + SECRET)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(IntrospectionEndpoint.class));
	}

	@Test
	void withTheEndpointsOffThereIsNone() {
		this.runner
			.withPropertyValues(CLIENT + ".client-id=gateway", CLIENT + ".client-secret=" + SECRET,
					"jwt.auth.endpoints.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IntrospectionEndpoint.class));
	}

	static Stream<Arguments> refused() {
		return Stream.of(Arguments.of(CLIENT + ".client-secret", "short-but-sharp-Z1", "at least 32"),
				Arguments.of(CLIENT + ".client-secret", null, "empty"),
				Arguments.of(CLIENT + ".client-secret", "changeme-changeme-changeme-changeme", "placeholder"),
				Arguments.of(CLIENT + ".client-secret", "abababababababababababababababababab", "placeholder"),
				Arguments.of(CLIENT + ".client-secret", "{noop}Qw3Er7Ty1Ui5", "at least 32"),
				Arguments.of(CLIENT + ".client-secret", "{noop}changeme-changeme-changeme-changeme", "placeholder"),
				Arguments.of(CLIENT + ".client-secret", "{MD5}5f4dcc3b5aa765d61d8327deb882cf99", "obsolete"),
				Arguments.of(CLIENT + ".client-secret", "{SHA-256}" + SECRET, "obsolete"),
				Arguments.of(CLIENT + ".client-secret", "{rot13}" + SECRET, "unknown"),
				Arguments.of(CLIENT + ".client-secret", "{bcrypt}" + SECRET, "not a BCrypt hash"));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("refused")
	void aWeakOrMissingSecretRefusesToStart(String property, @Nullable String secret, String problem) {
		String[] properties = (secret != null)
				? new String[] { CLIENT + ".client-id=gateway", CLIENT + ".client-secret=" + secret }
				: new String[] { CLIENT + ".client-id=gateway" };
		this.runner.withPropertyValues(properties)
			.run((context) -> assertRefused(context.getStartupFailure(), property, problem, secret));
	}

	@Test
	void aClientWithoutIdRefusesToStart() {
		this.runner.withPropertyValues(CLIENT + ".client-secret=" + SECRET)
			.run((context) -> assertRefused(context.getStartupFailure(), CLIENT + ".client-id", "empty", SECRET));
	}

	@Test
	void aClientIdTwiceRefusesToStart() {
		this.runner
			.withPropertyValues(CLIENT + ".client-id=gateway", CLIENT + ".client-secret=" + SECRET,
					"jwt.auth.introspection.clients[1].client-id=gateway",
					"jwt.auth.introspection.clients[1].client-secret=" + SECRET)
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.introspection.clients[1].client-id",
					"twice", SECRET));
	}

	@Test
	void clientsOnAResourceServerRefuseToStart() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
					JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
					WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
			.withPropertyValues("jwt.auth.store.initial-sync-timeout=0", "jwt.auth.audiences=api",
					"jwt.auth.issuer=https://issuer.example.com",
					"jwt.auth.jwk-set-uri=https://issuer.example.com/.well-known/jwks.json",
					CLIENT + ".client-id=gateway", CLIENT + ".client-secret=" + SECRET)
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.introspection.clients",
					"issues no tokens", SECRET));
	}

	@Test
	void clientsOnADiscoveringResourceServerRefuseToStart() {
		assertRefusedOnResourceServer("jwt.auth.audiences=api", "jwt.auth.issuer-uri=https://issuer.example.com");
	}

	@Test
	void clientsOnAResourceServerOfSeveralIssuersRefuseToStart() {
		assertRefusedOnResourceServer("jwt.auth.issuers[0].issuer=https://issuer.example.com",
				"jwt.auth.issuers[0].jwk-set-uri=https://issuer.example.com/.well-known/jwks.json",
				"jwt.auth.issuers[0].audiences=api");
	}

	private static void assertRefusedOnResourceServer(String... resourceServer) {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
					JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
					WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
			.withPropertyValues("jwt.auth.store.initial-sync-timeout=0", CLIENT + ".client-id=gateway",
					CLIENT + ".client-secret=" + SECRET)
			.withPropertyValues(resourceServer)
			.run((context) -> assertRefused(context.getStartupFailure(), "jwt.auth.introspection.clients",
					"issues no tokens", SECRET));
	}

	private static void assertRefused(@Nullable Throwable failure, String property, String problem,
			@Nullable String secret) {
		assertThat(failure).isNotNull();
		InvalidJwtAuthPropertyException cause = findCause(failure);
		assertThat(cause).as("cause of %s", failure).isNotNull();
		assertThat(cause.getProperty()).isEqualTo(property);
		assertThat(cause.getMessage()).contains(problem);
		FailureAnalysis analysis = new InvalidJwtAuthPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains(property);
		if (secret != null) {
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(secret);
		}
	}

	private static @Nullable InvalidJwtAuthPropertyException findCause(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof InvalidJwtAuthPropertyException cause) {
				return cause;
			}
		}
		return null;
	}

}
