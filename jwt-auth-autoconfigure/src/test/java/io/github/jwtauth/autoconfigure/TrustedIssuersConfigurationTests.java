package io.github.jwtauth.autoconfigure;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.discovery.DiscoveredJwkSet;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.token.JwsVerifierResolver;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.JwtTokenService;
import io.github.jwtauth.token.RemoteJwsVerifierResolver;
import io.github.jwtauth.token.TrustedIssuer;
import io.github.jwtauth.token.TrustedIssuers;
import io.github.jwtauth.web.endpoint.AuthorizationServerMetadataEndpoint;
import io.github.jwtauth.web.endpoint.JwksEndpoint;
import io.github.jwtauth.web.endpoint.LoginEndpoint;
import io.github.jwtauth.web.endpoint.RevocationFeedEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jwt.auth.issuers}: the application verifies the tokens of the listed issuers
 * only (no local key, no token endpoint, no JWK Set or metadata of its own), and an
 * incomplete, repeated or ambiguous configuration refuses to start naming the exact
 * property.
 */
class TrustedIssuersConfigurationTests {

	private static final String[] TWO_ISSUERS = { "jwt.auth.issuers[0].issuer=https://a.test",
			"jwt.auth.issuers[0].jwk-set-uri=https://a.test/jwks.json", "jwt.auth.issuers[0].audiences=api-a",
			"jwt.auth.issuers[1].issuer=https://b.test", "jwt.auth.issuers[1].jwk-set-uri=http://127.0.0.1:9/jwks.json",
			"jwt.auth.issuers[1].audiences=api-b,api-shared", "jwt.auth.issuers[1].algorithms=ES256" };

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class));

	@Test
	void theDecoderTrustsEveryListedIssuerAndThisApplicationIssuesNothing() {
		this.runner.withPropertyValues(TWO_ISSUERS).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(TrustedIssuers.class)
				.doesNotHaveBean(JwsVerifierResolver.class)
				.doesNotHaveBean(JwtKeySource.class)
				.doesNotHaveBean(JwtTokenService.class)
				.doesNotHaveBean(LoginEndpoint.class)
				.doesNotHaveBean(RevocationFeedEndpoint.class)
				.doesNotHaveBean(JwksEndpoint.class)
				.doesNotHaveBean(AuthorizationServerMetadataEndpoint.class);
			JwtAuthDecoder decoder = context.getBean(JwtAuthDecoder.class);
			assertThat(decoder.getTrustedIssuers()).isSameAs(context.getBean(TrustedIssuers.class));
			assertThat(decoder.getTrustedIssuers().all()).extracting(TrustedIssuer::getIssuer)
				.containsExactly("https://a.test", "https://b.test");
			TrustedIssuer b = decoder.getTrustedIssuers().find("https://b.test");
			assertThat(b.getAudiences()).containsExactly("api-b", "api-shared");
			assertThat(b.isTokenIdRequired()).isTrue();
		});
	}

	@Test
	void anIssuerUriGivesTheIssuerAndDiscoversItsKeysOnFirstNeedOnly() {
		this.runner.withPropertyValues(TWO_ISSUERS)
			.withPropertyValues("jwt.auth.issuers[2].issuer-uri=https://c.test/tenant",
					"jwt.auth.issuers[2].audiences=api-c")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TrustedIssuer c = context.getBean(TrustedIssuers.class).find("https://c.test/tenant");
				assertThat(c).isNotNull();
				RemoteJwsVerifierResolver keys = (RemoteJwsVerifierResolver) c.getVerifiers();
				assertThat(keys.getJwkSetCache().getSource()).isInstanceOf(DiscoveredJwkSet.class);
				assertThat(((DiscoveredJwkSet) keys.getJwkSetCache().getSource()).getDiscovery().current())
					.as("nothing discovered at start-up")
					.isNull();
			});
	}

	@Test
	void anIssuerWithoutJtiIsAcceptedOnlyWhereItsEntrySaysSo() {
		this.runner.withPropertyValues(TWO_ISSUERS)
			.withPropertyValues("jwt.auth.issuers[0].accept-tokens-without-jti=true")
			.run((context) -> {
				TrustedIssuers issuers = context.getBean(TrustedIssuers.class);
				assertThat(issuers.find("https://a.test").isTokenIdRequired()).isFalse();
				assertThat(issuers.find("https://b.test").isTokenIdRequired()).isTrue();
			});
	}

	@Test
	void anApplicationsOwnTrustedIssuersReplaceThoseOfTheProperties() {
		this.runner.withPropertyValues(TWO_ISSUERS).withUserConfiguration(OwnIssuers.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(JwtAuthDecoder.class).getTrustedIssuers().all())
				.extracting(TrustedIssuer::getIssuer)
				.containsExactly("https://own.test");
		});
	}

	@Test
	void aVerifierResolverBeanBesideSeveralIssuersIsRefused() {
		this.runner.withPropertyValues(TWO_ISSUERS).withUserConfiguration(OwnResolver.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(findCause(context.getStartupFailure()).getProperty()).isEqualTo("jwt.auth.issuers");
		});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void theMemoryStoreWarningNeverSuggestsTheFeedThatIssuersRefuse(CapturedOutput output) {
		this.runner.withPropertyValues(TWO_ISSUERS).run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("jwt.auth.issuers is set with the memory store")
			.doesNotContain("Set jwt.auth.revocation-feed-uri");
	}

	@Test
	void withoutIssuersNothingChanges() {
		this.runner.withPropertyValues(TestKeys.ISSUER, TestKeys.AUDIENCES).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(TrustedIssuers.class)
				.hasSingleBean(JwsVerifierResolver.class)
				.hasSingleBean(JwtTokenService.class);
			assertThat(context.getBean(JwtAuthDecoder.class).getTrustedIssuers()).isNull();
		});
	}

	static Stream<Arguments> refused() {
		return Stream.of(
				Arguments.of("jwt.auth.issuers[1].issuer", new String[] { "jwt.auth.issuers[1].issuer=https://a.test" },
						"'https://a.test' is also jwt.auth.issuers[0].issuer"),
				Arguments.of("jwt.auth.issuers[1].issuer", new String[] { "jwt.auth.issuers[1].issuer= " },
						"the issuer is missing"),
				Arguments.of("jwt.auth.issuers[2].issuer",
						new String[] { "jwt.auth.issuers[2].jwk-set-uri=https://c.test/jwks.json",
								"jwt.auth.issuers[2].audiences=api-c" },
						"the issuer is missing"),
				Arguments.of("jwt.auth.issuers[2].jwk-set-uri",
						new String[] { "jwt.auth.issuers[2].issuer=https://c.test",
								"jwt.auth.issuers[2].audiences=api-c" },
						"neither the JWK Set URI nor the issuer URI is set"),
				Arguments.of("jwt.auth.issuers[1].jwk-set-uri",
						new String[] { "jwt.auth.issuers[1].jwk-set-uri=http://b.test/jwks.json" }, "is not https"),
				Arguments.of("jwt.auth.issuers[1].jwk-set-uri",
						new String[] { "jwt.auth.issuers[1].jwk-set-uri=ftp://b.test/jwks.json" },
						"is not a valid URL"),
				Arguments.of("jwt.auth.issuers[2].audiences",
						new String[] { "jwt.auth.issuers[2].issuer=https://c.test",
								"jwt.auth.issuers[2].jwk-set-uri=https://c.test/jwks.json" },
						"no audience is configured"),
				Arguments.of("jwt.auth.issuers[1].algorithms",
						new String[] { "jwt.auth.issuers[1].algorithms=ES256,HS256" }, "needs a shared secret"),
				Arguments.of("jwt.auth.issuers[1].algorithms", new String[] { "jwt.auth.issuers[1].algorithms=none" },
						"unsigned"),
				Arguments.of("jwt.auth.issuers[2].issuer-uri",
						new String[] { "jwt.auth.issuers[2].issuer-uri=http://c.test",
								"jwt.auth.issuers[2].audiences=api-c" },
						"https"),
				Arguments.of("jwt.auth.issuers[2].issuer-uri",
						new String[] { "jwt.auth.issuers[2].issuer-uri=https://c.test/?tenant=1",
								"jwt.auth.issuers[2].audiences=api-c" },
						"query"),
				Arguments.of("jwt.auth.issuers[2].issuer",
						new String[] { "jwt.auth.issuers[2].issuer-uri=https://c.test",
								"jwt.auth.issuers[2].issuer=https://c.test/", "jwt.auth.issuers[2].audiences=api-c" },
						"differs from jwt.auth.issuers[2].issuer-uri"),
				Arguments.of("jwt.auth.issuers[2].issuer",
						new String[] { "jwt.auth.issuers[2].issuer-uri=https://a.test",
								"jwt.auth.issuers[2].audiences=api-c" },
						"is also jwt.auth.issuers[0].issuer"),
				Arguments.of("jwt.auth.jwk-set-uri", new String[] { "jwt.auth.jwk-set-uri=https://a.test/jwks.json" },
						"ambiguous"),
				Arguments.of("jwt.auth.issuer-uri", new String[] { "jwt.auth.issuer-uri=https://a.test" }, "ambiguous"),
				Arguments.of("jwt.auth.issuer", new String[] { "jwt.auth.issuer=https://a.test" }, "ambiguous"),
				Arguments.of("jwt.auth.audiences", new String[] { "jwt.auth.audiences=api" }, "ambiguous"),
				Arguments.of("jwt.auth.jwk-set-algorithms", new String[] { "jwt.auth.jwk-set-algorithms=RS256" },
						"ambiguous"),
				Arguments.of("jwt.auth.accept-tokens-without-jti",
						new String[] { "jwt.auth.accept-tokens-without-jti=true" }, "ambiguous"),
				Arguments.of("jwt.auth.revocation-feed-uri",
						new String[] { "jwt.auth.revocation-feed-uri=https://a.test/auth/revocations" },
						"one revocation feed follows one issuer"),
				Arguments.of("jwt.auth.signing.private-key-location",
						new String[] { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE },
						"issues none"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET }, "issues none"),
				Arguments.of("jwt.auth.signing.bundle",
						new String[] { "jwt.auth.signing.bundle=jwt",
								"spring.ssl.bundle.pem.jwt.keystore.certificate=classpath:keys/rsa-cert.pem",
								"spring.ssl.bundle.pem.jwt.keystore.private-key=" + TestKeys.RSA_PRIVATE },
						"issues none"),
				Arguments.of("jwt.auth.signing.public-key-location",
						new String[] { "jwt.auth.signing.public-key-location=" + TestKeys.RSA_PUBLIC }, "issues none"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { "jwt.auth.signing.algorithm=RS256" },
						"issues none"),
				Arguments.of("jwt.auth.signing.previous-keys",
						new String[] { "jwt.auth.signing.previous-keys[0].key-id=old",
								"jwt.auth.signing.previous-keys[0].public-key-location=" + TestKeys.RSA_PUBLIC },
						"issues none"),
				Arguments.of("jwt.auth.signing.rotation.enabled",
						new String[] { "jwt.auth.signing.rotation.enabled=true" }, "issues none"));
	}

	@ParameterizedTest(name = "{0}: {2}")
	@MethodSource
	void refused(String property, String[] properties, String problem) {
		this.runner.withPropertyValues(TWO_ISSUERS).withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			InvalidJwtAuthPropertyException cause = findCause(failure);
			assertThat(cause).as("cause of %s", failure).isNotNull();
			assertThat(cause.getProperty()).isEqualTo(property);
			assertThat(cause.getMessage()).contains(problem);
			FailureAnalysis analysis = new InvalidJwtAuthPropertyFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains(property);
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(TestKeys.HMAC_SECRET);
		});
	}

	private static InvalidJwtAuthPropertyException findCause(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof InvalidJwtAuthPropertyException invalid) {
				return invalid;
			}
		}
		return null;
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnIssuers {

		@Bean
		TrustedIssuers ownIssuers() {
			return TrustedIssuers
				.of(List.of(TrustedIssuer.withJwkSetUri("https://own.test", "https://own.test/jwks.json", Set.of())
					.audiences(List.of("api"))
					.build()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnResolver {

		@Bean
		JwsVerifierResolver ownResolver() {
			return (header) -> {
				throw new IllegalStateException("never");
			};
		}

	}

}
