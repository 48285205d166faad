package io.github.jwtauth.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;

import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.store.jdbc.JdbcRefreshTokenStore;
import io.github.jwtauth.store.redis.RedisRefreshTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unsafe or inconsistent configuration refuses to start, with a message that names the
 * property and the fix.
 */
class RefusedConfigurationTests {

	/** Without issuer and audiences: for the tests of the rule that a key needs them. */
	private final WebApplicationContextRunner bareRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class));

	private final WebApplicationContextRunner runner = this.bareRunner.withPropertyValues(TestKeys.ISSUER,
			TestKeys.AUDIENCES);

	private static final String RANDOM_BASE64 = "base64:" + Base64.getEncoder()
		.encodeToString(new byte[] { -97, 12, 88, -3, 41, 117, -60, 7, 33, -128, 90, 64, -19, 5, 111, -77, 26, 99, -45,
				18, 70, -111, 3, 59, -88, 121, 14, -66, 47, 84, -29, 10 });

	static Stream<Arguments> refused() {
		return Stream.of(
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=" + base64(new byte[32]) }, "not random"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=" + base64(repeated(0x5A, 32)) }, "not random"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=" + base64(sequence(1, 1, 32)) }, "not random"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=" + base64(sequence(250, 3, 48)),
								"jwt.auth.signing.algorithm=HS384" },
						"not random"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=" + base64(twice(RANDOM_BASE64)) }, "not random"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret="
								+ base64("changeme-changeme-changeme-changeme".getBytes(StandardCharsets.US_ASCII)) },
						"not random"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=abcdefghijklmnopqrstuvwxyz0123456789" }, "placeholder"),
				Arguments.of("jwt.auth.signing.previous-keys[0].secret",
						new String[] { "jwt.auth.signing.secret=" + RANDOM_BASE64,
								"jwt.auth.signing.previous-keys[0].key-id=old",
								"jwt.auth.signing.previous-keys[0].secret=" + base64(new byte[32]) },
						"not random"),
				Arguments.of("jwt.auth.accept-tokens-without-jti",
						new String[] { "jwt.auth.accept-tokens-without-jti=true" }, "always carry 'jti'"),
				Arguments.of("jwt.auth.signing.secret", new String[] { "jwt.auth.signing.secret=k9Xb2Lq8Zr4Tw6Ny" },
						"needs at least 32"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET,
								"jwt.auth.signing.algorithm=HS384" },
						"needs at least 48"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET + "Q8vX2lMn4Pr7Tw1Y",
								"jwt.auth.signing.algorithm=HS512" },
						"needs at least 64"),
				Arguments.of("jwt.auth.signing.secret", new String[] { "jwt.auth.signing.secret=   " }, "blank"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=changeme-changeme-changeme-changeme" }, "placeholder"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
						"placeholder"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.secret=${JWT_SECRET_FROM_SOMEWHERE_THAT_IS_NOT_SET_abcdefg}" },
						"placeholder"),
				Arguments.of("jwt.auth.signing.algorithm",
						new String[] { "jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET,
								"jwt.auth.signing.algorithm=none" },
						"'none'"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { "jwt.auth.signing.algorithm=NONE" },
						"'none'"),
				Arguments.of("jwt.auth.signing.algorithm",
						new String[] { "jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET,
								"jwt.auth.signing.algorithm=RS256" },
						"does not fit an HMAC secret"),
				Arguments.of("jwt.auth.signing.algorithm",
						new String[] { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
								"jwt.auth.signing.algorithm=HS256" },
						"does not fit an RSA key"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] { "jwt.auth.signing.algorithm=ES192" },
						"not a supported algorithm"),
				Arguments.of("jwt.auth.signing.private-key-location",
						new String[] { "jwt.auth.signing.private-key-location=classpath:keys/rsa1024-private.pem" },
						"1024 bits"),
				Arguments.of("jwt.auth.signing.private-key-location",
						new String[] { "jwt.auth.signing.private-key-location=classpath:keys/missing.pem" },
						"does not exist"),
				Arguments.of("jwt.auth.signing.private-key-location",
						new String[] { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PUBLIC },
						"holds no PEM private key"),
				Arguments.of("jwt.auth.signing.public-key-location",
						new String[] { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
								"jwt.auth.signing.public-key-location=" + TestKeys.PREVIOUS_PUBLIC },
						"does not belong"),
				Arguments.of("jwt.auth.signing.secret",
						new String[] { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
								"jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET },
						"both"),
				Arguments.of("jwt.auth.access-token.ttl", new String[] { "jwt.auth.access-token.ttl=0s" },
						"not positive"),
				Arguments.of("jwt.auth.access-token.ttl", new String[] { "jwt.auth.access-token.ttl=-5m" },
						"not positive"),
				Arguments.of("jwt.auth.refresh-token.ttl", new String[] { "jwt.auth.refresh-token.ttl=0s" },
						"not positive"),
				Arguments.of("jwt.auth.clock-skew", new String[] { "jwt.auth.clock-skew=6m" },
						"outside 0 to 5 minutes"),
				Arguments.of("jwt.auth.clock-skew", new String[] { "jwt.auth.clock-skew=-1s" },
						"outside 0 to 5 minutes"),
				Arguments.of("jwt.auth.issuer", new String[] { "jwt.auth.issuer= " }, "blank"),
				Arguments.of("jwt.auth.audiences", new String[] { "jwt.auth.audiences= " }, "no audience"),
				Arguments.of("jwt.auth.access-token.type", new String[] { "jwt.auth.access-token.type= " }, "blank"),
				Arguments.of("jwt.auth.access-token.max-length",
						new String[] { "jwt.auth.access-token.max-length=100B" }, "outside 256B to 64KB"),
				Arguments.of("jwt.auth.access-token.max-length",
						new String[] { "jwt.auth.access-token.max-length=1MB" }, "outside 256B to 64KB"),
				Arguments.of("jwt.auth.endpoints.max-body-size",
						new String[] { "jwt.auth.endpoints.max-body-size=2MB" }, "outside 9216B to 1MB"),
				Arguments.of("jwt.auth.endpoints.max-body-size",
						new String[] { "jwt.auth.endpoints.max-body-size=4KB" }, "outside 9216B to 1MB"),
				Arguments.of("jwt.auth.endpoints.max-body-size",
						new String[] { "jwt.auth.access-token.max-length=64KB" }, "outside 66560B to 1MB"),
				Arguments.of("jwt.auth.refresh-token.max-lifetime",
						new String[] { "jwt.auth.refresh-token.max-lifetime=0s" }, "not positive"),
				Arguments.of("jwt.auth.refresh-token.max-sessions-per-user",
						new String[] { "jwt.auth.refresh-token.max-sessions-per-user=0" }, "must be at least 1"),
				Arguments.of("jwt.auth.store.poll-interval", new String[] { "jwt.auth.store.poll-interval=0ms" },
						"not positive"),
				Arguments.of("jwt.auth.store.max-staleness", new String[] { "jwt.auth.store.max-staleness=-1s" },
						"must not be negative"),
				Arguments.of("jwt.auth.store.initial-sync-timeout",
						new String[] { "jwt.auth.store.initial-sync-timeout=-1s" }, "must not be negative"),
				Arguments.of("jwt.auth.store.max-entries", new String[] { "jwt.auth.store.max-entries=0" },
						"at least 1"),
				Arguments.of("jwt.auth.cache.max-size", new String[] { "jwt.auth.cache.max-size=0" }, "at least 1"),
				Arguments.of("jwt.auth.store.type", new String[] { "jwt.auth.store.type=jdbc" },
						"needs one DataSource"),
				Arguments.of("jwt.auth.store.jdbc.table-prefix",
						new String[] { "jwt.auth.store.type=jdbc",
								"jwt.auth.store.jdbc.table-prefix=x; DROP TABLE users; --" },
						"not a valid table prefix"),
				Arguments.of("jwt.auth.store.type", new String[] { "jwt.auth.store.type=redis" },
						"needs a RedisConnectionFactory"),
				Arguments.of("jwt.auth.issuer", new String[] { "jwt.auth.issuer=" }, "blank"),
				Arguments.of("jwt.auth.signing.previous-keys[0].key-id",
						new String[] {
								"jwt.auth.signing.previous-keys[0].public-key-location=" + TestKeys.PREVIOUS_PUBLIC },
						"no key ID"),
				Arguments.of("jwt.auth.signing.previous-keys[0].secret",
						new String[] { "jwt.auth.signing.previous-keys[0].key-id=old",
								"jwt.auth.signing.previous-keys[0].secret=" + TestKeys.HMAC_SECRET,
								"jwt.auth.signing.previous-keys[0].public-key-location=" + TestKeys.PREVIOUS_PUBLIC },
						"exactly one of a secret or a public key"),
				Arguments.of("jwt.auth.signing.key-id",
						new String[] { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
								"jwt.auth.signing.key-id=k1", "jwt.auth.signing.previous-keys[0].key-id=k1",
								"jwt.auth.signing.previous-keys[0].public-key-location=" + TestKeys.PREVIOUS_PUBLIC },
						"share the key ID"),
				Arguments.of("jwt.auth.jwk-set-uri", new String[] { "jwt.auth.jwk-set-uri=not a url" },
						"not a valid URL"),
				Arguments.of("jwt.auth.signing.algorithm", new String[] {
						"jwt.auth.jwk-set-uri=https://issuer.example/jwks", "jwt.auth.signing.algorithm=HS256" },
						"never taken from a JWK Set"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("refused")
	void refusesToStart(String property, String[] properties, String problem) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			InvalidJwtAuthPropertyException cause = findCause(failure);
			assertThat(cause).as("cause of %s", failure).isNotNull();
			assertThat(cause.getProperty()).isEqualTo(property);
			assertThat(cause.getMessage()).contains(problem);
			FailureAnalysis analysis = new InvalidJwtAuthPropertyFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains(property);
			assertThat(analysis.getAction()).startsWith("Update '" + property + "'");
			// never echo a secret
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(TestKeys.HMAC_SECRET)
				.doesNotContain("k9Xb2Lq8Zr4Tw6Ny");
		});
	}

	@Test
	void aSharedStoreWithoutItsModuleNamesTheArtifactToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader(JdbcRefreshTokenStore.class))
			.withPropertyValues("jwt.auth.store.type=jdbc")
			.run((context) -> assertThat(findCause(context.getStartupFailure())).isNotNull()
				.satisfies((cause) -> assertThat(cause.getAction()).contains("io.github.jwtauth:jwt-auth-jdbc")));
		this.runner.withClassLoader(new FilteredClassLoader(RedisRefreshTokenStore.class))
			.withPropertyValues("jwt.auth.store.type=redis")
			.run((context) -> assertThat(findCause(context.getStartupFailure())).isNotNull()
				.satisfies((cause) -> assertThat(cause.getAction()).contains("io.github.jwtauth:jwt-auth-data-redis")));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "jwt.auth.store.redis.key-prefix={app}",
			"jwt.auth.store.redis.replica-acknowledgements=-1", "jwt.auth.store.redis.replica-timeout=0s" })
	void badRedisStoreSettingsAreRefusedNamingTheProperty(String setting) {
		String property = setting.substring(0, setting.indexOf('='));
		this.runner.withBean(RedisConnectionFactory.class, LettuceConnectionFactory::new)
			.withPropertyValues("jwt.auth.store.type=redis", "jwt.auth.store.redis.replica-acknowledgements=1", setting)
			.run((context) -> assertThat(findCause(context.getStartupFailure())).isNotNull()
				.satisfies((cause) -> assertThat(cause.getProperty()).isEqualTo(property)));
	}

	@Test
	void base64SecretOfTheRightLengthIsAccepted() {
		this.runner.withPropertyValues("jwt.auth.signing.secret=" + RANDOM_BASE64)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("configuredKeys")
	void aConfiguredKeyWithoutIssuerOrAudiencesRefusesToStartNamingThem(String key) {
		this.bareRunner.withPropertyValues(key).run((context) -> {
			InvalidJwtAuthPropertyException cause = findCause(context.getStartupFailure());
			assertThat(cause).isNotNull();
			assertThat(cause.getProperty()).isEqualTo("jwt.auth.issuer");
			assertThat(cause.getMessage()).contains("jwt.auth.issuer and jwt.auth.audiences are not");
			assertThat(new InvalidJwtAuthPropertyFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
				.startsWith("Update 'jwt.auth.issuer'")
				.contains("jwt.auth.audiences");
		});
		this.bareRunner.withPropertyValues(key, "jwt.auth.issuer=https://issuer.test").run((context) -> {
			InvalidJwtAuthPropertyException cause = findCause(context.getStartupFailure());
			assertThat(cause).isNotNull();
			assertThat(cause.getProperty()).isEqualTo("jwt.auth.audiences");
		});
		this.bareRunner.withPropertyValues(key, "jwt.auth.audiences=api").run((context) -> {
			InvalidJwtAuthPropertyException cause = findCause(context.getStartupFailure());
			assertThat(cause).isNotNull();
			assertThat(cause.getProperty()).isEqualTo("jwt.auth.issuer");
		});
		this.bareRunner.withPropertyValues(key, "jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences[0]=api")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class));
	}

	static Stream<String> configuredKeys() {
		return Stream.of("jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET, "jwt.auth.signing.secret=" + RANDOM_BASE64,
				"jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE);
	}

	@Test
	void theZeroConfigurationStartKeepsTheDefaultIssuerAndAudiences() {
		this.bareRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class);
			assertThat(context.getBean(JwtAuthProperties.class).getIssuer()).isEqualTo("jwt-auth");
			assertThat(context.getBean(JwtAuthProperties.class).getAudiences()).containsExactly("jwt-auth");
		});
	}

	@Test
	void aBadKeyIsReportedBeforeTheMissingIssuer() {
		this.bareRunner.withPropertyValues("jwt.auth.signing.secret=" + base64(new byte[32]))
			.run((context) -> assertThat(findCause(context.getStartupFailure()).getProperty())
				.isEqualTo("jwt.auth.signing.secret"));
	}

	private static String base64(byte[] bytes) {
		return "base64:" + Base64.getEncoder().encodeToString(bytes);
	}

	private static byte[] repeated(int value, int length) {
		byte[] bytes = new byte[length];
		Arrays.fill(bytes, (byte) value);
		return bytes;
	}

	private static byte[] sequence(int first, int step, int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) (first + i * step);
		}
		return bytes;
	}

	private static byte[] twice(String base64Secret) {
		byte[] once = Base64.getDecoder().decode(base64Secret.substring("base64:".length()));
		byte[] half = Arrays.copyOf(once, 16);
		byte[] bytes = new byte[32];
		System.arraycopy(half, 0, bytes, 0, 16);
		System.arraycopy(half, 0, bytes, 16, 16);
		return bytes;
	}

	@Test
	void strongSecretIsAccepted() {
		this.runner.withPropertyValues("jwt.auth.signing.secret=" + TestKeys.HMAC_SECRET)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class));
	}

	private static InvalidJwtAuthPropertyException findCause(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof InvalidJwtAuthPropertyException invalid) {
				return invalid;
			}
		}
		return null;
	}

}
