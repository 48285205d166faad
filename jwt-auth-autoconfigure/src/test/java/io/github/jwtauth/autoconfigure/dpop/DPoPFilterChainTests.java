package io.github.jwtauth.autoconfigure.dpop;

import java.util.List;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.dpop.DPoPKey;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import io.github.jwtauth.web.AccessTokenVerifier;
import io.github.jwtauth.web.security.DPoPAuthenticationConverter;
import io.github.jwtauth.web.security.JwtAuthAuthenticationProvider;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.authentication.AuthenticationFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where the DPoP filters sit in the auto-configured chain, and why Spring Security's own
 * (which 7.0 adds to every resource server) can never accept what jwt-auth refused:
 * jwt-auth's DPoP filter runs before the bearer filter, Spring's after it; and Spring's
 * {@code DPoPAuthenticationProvider}, on its own, refuses even a valid DPoP request,
 * because it checks the token through jwt-auth's bearer path, which refuses bound tokens.
 */
class DPoPFilterChainTests {

	@Test
	void jwtAuthsDPoPFilterRunsBeforeTheBearerFilterAndSpringsAfterIt() {
		try (ConfigurableApplicationContext context = run()) {
			List<Filter> filters = context.getBean(FilterChainProxy.class).getFilterChains().get(0).getFilters();
			int ours = -1;
			int bearer = -1;
			int springs = -1;
			for (int i = 0; i < filters.size(); i++) {
				Filter filter = filters.get(i);
				if (filter instanceof AuthenticationFilter authentication) {
					if (authentication.getAuthenticationConverter() instanceof DPoPAuthenticationConverter) {
						ours = i;
					}
					else {
						springs = i;
					}
				}
				if (filter instanceof BearerTokenAuthenticationFilter) {
					bearer = i;
				}
			}
			assertThat(ours).as("jwt-auth's DPoP filter").isNotNegative();
			assertThat(bearer).as("the bearer filter").isGreaterThan(ours);
			assertThat(springs).as("Spring Security's own DPoP filter").isGreaterThan(bearer);
		}
	}

	@Test
	void springsDPoPProviderAloneRefusesEvenAValidDPoPRequest() {
		try (ConfigurableApplicationContext context = run()) {
			DPoPHttp http = DPoPHttp.of(context);
			DPoPKey key = http.key();
			Response login = http.login(key);
			assertThat(login.field("token_type")).isEqualTo("DPoP");
			String token = login.accessToken();
			String uri = http.url("/api/me");
			// the request that jwt-auth accepts
			assertThat(http.me(token, key).status()).isEqualTo(200);
			DPoPAuthenticationProvider springs = new DPoPAuthenticationProvider(
					new ProviderManager(new JwtAuthAuthenticationProvider(context.getBean(AccessTokenVerifier.class),
							context.getBean(JwtAuthenticationConverter.class))));
			DPoPAuthenticationToken request = new DPoPAuthenticationToken(token, key.proof("GET", uri, token), "GET",
					uri);
			assertThatExceptionOfType(AuthenticationException.class).isThrownBy(() -> springs.authenticate(request));
		}
	}

	private static ConfigurableApplicationContext run() {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", TestKeys.ISSUER, TestKeys.AUDIENCES)
			.run();
	}

}
