package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.web.endpoint.HttpsRequiredInterceptor;
import io.github.jwtauth.web.endpoint.LogoutEndpoint;
import io.github.jwtauth.web.security.HttpsRequiredFilter;
import io.github.jwtauth.web.security.RevocationLogoutHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.servlet.handler.MappedInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conditions of "HTTPS, always" and of the resource-server mode: the token endpoints'
 * HTTPS guard and its opt-out, a JWK Set URL that must be https, and no local logout or
 * revocation where this application does not issue the tokens.
 */
class HttpsAndResourceServerModeConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAuthAutoConfiguration.class,
				JwtAuthWebSecurityAutoConfiguration.class, JwtAuthEndpointsAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
		.withUserConfiguration(Users.class);

	private WebApplicationContextRunner issuing() {
		return this.runner.withPropertyValues("jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
				"jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences=api");
	}

	@Test
	void issuingApplicationRegistersLogoutRevocationAndTheHttpsGuard() {
		issuing().run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(LogoutEndpoint.class)
				.hasSingleBean(RevocationLogoutHandler.class);
			assertThat(context.getBean("jwtAuthHttpsRequiredInterceptor", MappedInterceptor.class).getInterceptor())
				.isInstanceOf(HttpsRequiredInterceptor.class);
		});
	}

	@Test
	void requireHttpsFalseRemovesTheGuard() {
		issuing().withPropertyValues("jwt.auth.require-https=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("jwtAuthHttpsRequiredInterceptor")
				.doesNotHaveBean("jwtAuthHttpsRequiredFilter")
				.hasSingleBean(LogoutEndpoint.class));
	}

	@Test
	void theHttpsGuardIsAServletFilterAheadOfEveryOtherFilterOfJwtAuthAndOfEverySecurityChain() {
		issuing().run((context) -> {
			FilterRegistrationBean<?> guard = context.getBean("jwtAuthHttpsRequiredFilter",
					FilterRegistrationBean.class);
			assertThat(guard.getFilter()).isInstanceOf(HttpsRequiredFilter.class);
			FilterRegistrationBean<?> tokenRequests = context.getBean("jwtAuthTokenRequestFilter",
					FilterRegistrationBean.class);
			assertThat(guard.getOrder()).isLessThan(tokenRequests.getOrder())
				.isLessThan(SecurityFilterProperties.DEFAULT_FILTER_ORDER);
		});
	}

	@Test
	void resourceServerModeRegistersNoLocalLogoutOrRevocation() {
		this.runner.withPropertyValues("jwt.auth.jwk-set-uri=https://issuer.example/.well-known/jwks.json")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(LogoutEndpoint.class)
					.doesNotHaveBean(RevocationLogoutHandler.class);
				// the application can still revoke through the service (same instance
				// only)
				assertThat(context).hasSingleBean(TokenRevocationService.class);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "jwt.auth.jwk-set-uri=", "jwt.auth.issuer-uri=", "jwt.auth.jwk-set-uri= " })
	void anEmptyResourceServerPropertyLeavesTheApplicationIssuingTokens(String property) {
		// the conditions and the decoder read an empty value alike: not set
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(LogoutEndpoint.class).hasSingleBean(JwtKeySource.class);
			assertThat(context.getBean(JwtAuthDecoder.class).getTrustedIssuers()).isNull();
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://issuer.example/.well-known/jwks.json", "http://10.0.0.7:8080/jwks",
			"http://127.0.0.1.example.com/jwks", "http://localhost.example.com/jwks", "HTTP://ISSUER.EXAMPLE/jwks" })
	void aPlainHttpJwkSetUriRefusesToStart(String uri) {
		this.runner.withPropertyValues("jwt.auth.jwk-set-uri=" + uri).run((context) -> {
			assertThat(context).hasFailed();
			InvalidJwtAuthPropertyException cause = cause(context.getStartupFailure());
			assertThat(cause).as("%s", context.getStartupFailure()).isNotNull();
			assertThat(cause.getProperty()).isEqualTo("jwt.auth.jwk-set-uri");
			assertThat(cause.getMessage()).contains("is not https");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://issuer.example/jwks", "file:/etc/jwks.json", "https:///jwks", "/jwks.json" })
	void aJwkSetUriThatIsNoHttpUrlRefusesToStart(String uri) {
		this.runner.withPropertyValues("jwt.auth.jwk-set-uri=" + uri).run((context) -> {
			assertThat(context).hasFailed();
			InvalidJwtAuthPropertyException cause = cause(context.getStartupFailure());
			assertThat(cause).as("%s", context.getStartupFailure()).isNotNull();
			assertThat(cause.getProperty()).isEqualTo("jwt.auth.jwk-set-uri");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://issuer.example/.well-known/jwks.json", "http://localhost:8080/jwks",
			"http://127.0.0.1:9/jwks", "http://127.1.2.3/jwks", "http://[::1]:8080/jwks" })
	void httpsOrLoopbackJwkSetUriStarts(String uri) {
		this.runner.withPropertyValues("jwt.auth.jwk-set-uri=" + uri)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static InvalidJwtAuthPropertyException cause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidJwtAuthPropertyException invalid) {
				return invalid;
			}
		}
		return null;
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
