package io.github.jwtauth.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.web.endpoint.RefreshTokenCookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A cookie mode that would be unsafe or could not work refuses to start, naming the
 * property: {@code SameSite=None}, a name with its own prefix, a path that the refresh or
 * logout endpoint is not within, a custom header that is no header name or one that a
 * browser sets by itself or sends cross-origin without a preflight.
 */
class CookieModeRefusedConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class))
		.withPropertyValues(TestKeys.ISSUER, TestKeys.AUDIENCES, "jwt.auth.cookie.enabled=true");

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			value = { "jwt.auth.cookie.same-site|none", "jwt.auth.cookie.same-site|None",
					"jwt.auth.cookie.same-site|', strict'", "jwt.auth.cookie.name|__Host-x",
					"jwt.auth.cookie.name|__Secure-x", "jwt.auth.cookie.name|a b", "jwt.auth.cookie.name|a;b",
					"jwt.auth.cookie.path|/other", "jwt.auth.cookie.path|/auth/refresh", "jwt.auth.cookie.path|/au",
					"jwt.auth.cookie.path|auth", "jwt.auth.cookie.path|/auth;x",
					"jwt.auth.cookie.csrf-header|X Requested", "jwt.auth.cookie.csrf-header|X-A:b",
					"jwt.auth.cookie.csrf-header|Cookie", "jwt.auth.cookie.csrf-header|Origin",
					"jwt.auth.cookie.csrf-header|Content-Type", "jwt.auth.cookie.csrf-header|Sec-Fetch-Site" })
	void refusesToStartNamingTheProperty(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			InvalidJwtAuthPropertyException cause = findCause(context.getStartupFailure());
			assertThat(cause).as("cause of %s", context.getStartupFailure()).isNotNull();
			assertThat(cause.getProperty()).isEqualTo(property);
			FailureAnalysis analysis = new InvalidJwtAuthPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(property);
			assertThat(analysis.getAction()).startsWith("Update '" + property + "'");
		});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "jwt.auth.cookie.path=/auth", "jwt.auth.cookie.path=/", "jwt.auth.cookie.same-site=LAX",
			"jwt.auth.cookie.same-site=Strict", "jwt.auth.cookie.name=my_app-refresh" })
	void acceptsSafeSettings(String setting) {
		this.runner.withPropertyValues(setting)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(RefreshTokenCookie.class)
				.satisfies((cookie) -> assertThat(cookie.isEnabled()).isTrue()));
	}

	@Test
	void thePathMustContainMovedEndpointsToo() {
		this.runner
			.withPropertyValues("jwt.auth.endpoints.refresh-path=/api/token/refresh",
					"jwt.auth.endpoints.logout-path=/api/token/logout")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RefreshTokenCookie.class).getPath()).isEqualTo("/api/token");
			});
		this.runner
			.withPropertyValues("jwt.auth.endpoints.refresh-path=/api/token/refresh",
					"jwt.auth.endpoints.logout-path=/api/token/logout", "jwt.auth.cookie.path=/auth")
			.run((context) -> assertThat(findCause(context.getStartupFailure())).isNotNull()
				.satisfies((cause) -> assertThat(cause.getProperty()).isEqualTo("jwt.auth.cookie.path")));
	}

	@Test
	void unsafeSettingsAreIgnoredWithoutCookieMode() {
		this.runner.withPropertyValues("jwt.auth.cookie.enabled=false", "jwt.auth.cookie.same-site=none")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(RefreshTokenCookie.class)
				.satisfies((cookie) -> assertThat(cookie.isEnabled()).isFalse()));
	}

	@Test
	void aRealApplicationRefusesToStart() {
		for (String setting : List.of("jwt.auth.cookie.same-site=none", "jwt.auth.cookie.name=__Host-x",
				"jwt.auth.cookie.path=/other")) {
			String property = setting.substring(0, setting.indexOf('='));
			List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
					"jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
					TestKeys.AUDIENCES, "jwt.auth.cookie.enabled=true", setting));
			assertThatException().isThrownBy(() -> {
				try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
					.properties(properties.toArray(String[]::new))
					.run()) {
					// started: the assertion below fails
				}
			})
				.as(setting)
				.satisfies((failure) -> assertThat(findCause(failure)).as("cause of %s", failure)
					.isNotNull()
					.satisfies((cause) -> assertThat(cause.getProperty()).isEqualTo(property)));
		}
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
