package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.token.JwsVerifierResolver;
import io.github.jwtauth.token.RemoteJwsVerifierResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings of a resource server following a JWK Set: which algorithms it accepts
 * ({@code jwt.auth.jwk-set-algorithms}, and the deprecated
 * {@code jwt.auth.signing.algorithm}) and the cache's bounds. Every refusal names the
 * property to fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class JwkSetAlgorithmsConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class))
		.withPropertyValues("jwt.auth.jwk-set-uri=https://issuer.example/.well-known/jwks.json");

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			jwt.auth.jwk-set-algorithms           | none            | unsigned tokens
			jwt.auth.jwk-set-algorithms           | ES256,NONE      | unsigned tokens
			jwt.auth.jwk-set-algorithms           | HS256           | never taken from a JWK Set
			jwt.auth.jwk-set-algorithms           | RS256,HS512     | never taken from a JWK Set
			jwt.auth.jwk-set-algorithms           | ES256K          | not a supported algorithm
			jwt.auth.jwk-set-algorithms           | Ed448           | not a supported algorithm
			jwt.auth.signing.algorithm            | HS384           | never taken from a JWK Set
			jwt.auth.signing.algorithm            | none            | unsigned tokens
			jwt.auth.jwk-set-refresh-min-interval | 0s              | must be positive
			jwt.auth.jwk-set-min-lifetime         | 0s              | must be positive
			jwt.auth.jwk-set-max-stale            | -1s             | must not be negative
			jwt.auth.jwk-set-default-lifetime     | 2d              | outside
			""")
	void refusesToStart(String property, String value, String problem) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			InvalidJwtAuthPropertyException cause = cause(context.getStartupFailure());
			assertThat(cause).as("%s", context.getStartupFailure()).isNotNull();
			assertThat(cause.getProperty()).isEqualTo(property);
			assertThat(cause.getMessage()).contains(problem);
		});
	}

	@Test
	void aFloorAboveTheCeilingRefusesToStart() {
		this.runner.withPropertyValues("jwt.auth.jwk-set-min-lifetime=2h", "jwt.auth.jwk-set-max-lifetime=1h")
			.run((context) -> assertThat(cause(context.getStartupFailure()).getProperty())
				.isEqualTo("jwt.auth.jwk-set-min-lifetime"));
	}

	@Test
	void bothTheListAndTheDeprecatedSigningAlgorithmRefuseToStart() {
		this.runner.withPropertyValues("jwt.auth.jwk-set-algorithms=ES256", "jwt.auth.signing.algorithm=RS256")
			.run((context) -> {
				InvalidJwtAuthPropertyException cause = cause(context.getStartupFailure());
				assertThat(cause).isNotNull();
				assertThat(cause.getProperty()).isEqualTo("jwt.auth.signing.algorithm");
				assertThat(cause.getMessage()).contains("jwt.auth.jwk-set-algorithms");
			});
	}

	@Test
	void theDeprecatedSigningAlgorithmStillWorksWithAWarning(CapturedOutput output) {
		this.runner.withPropertyValues("jwt.auth.signing.algorithm=ES256").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(JwsVerifierResolver.class)).isInstanceOf(RemoteJwsVerifierResolver.class);
			assertThat(JwkSetCacheFactory.algorithms(context.getBean(JwtAuthProperties.class)))
				.extracting(Object::toString)
				.containsExactly("ES256");
		});
		assertThat(output).contains("jwt.auth.signing.algorithm='ES256' with jwt.auth.jwk-set-uri is deprecated");
	}

	@Test
	void aListOfAsymmetricAlgorithmsStarts() {
		this.runner.withPropertyValues("jwt.auth.jwk-set-algorithms=es256, EdDSA ,PS512").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(JwkSetCacheFactory.algorithms(context.getBean(JwtAuthProperties.class)))
				.extracting(Object::toString)
				.containsExactly("ES256", "EdDSA", "PS512");
		});
	}

	@Test
	void nothingConfiguredAcceptsTheAlgorithmsTheKeysDeclare() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(JwkSetCacheFactory.algorithms(context.getBean(JwtAuthProperties.class))).isEmpty();
		});
	}

	private static InvalidJwtAuthPropertyException cause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidJwtAuthPropertyException invalid) {
				return invalid;
			}
		}
		return null;
	}

}
