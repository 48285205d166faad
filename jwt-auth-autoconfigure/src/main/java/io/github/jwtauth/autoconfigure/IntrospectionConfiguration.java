package io.github.jwtauth.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.throttle.AttemptThrottle;
import io.github.jwtauth.web.endpoint.IntrospectionClients;
import io.github.jwtauth.web.endpoint.IntrospectionEndpoint;
import io.github.jwtauth.web.endpoint.TokenRequestFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.StringUtils;

/**
 * The token introspection endpoint (RFC 7662), registered when
 * {@code jwt.auth.introspection.clients} names at least one client and this application
 * issues tokens. Each client is checked at start-up: an ID, no ID twice, and a secret of
 * at least 32 random characters or one encoded for Spring Security's
 * {@code DelegatingPasswordEncoder}; clients configured where no tokens are issued
 * ({@code jwt.auth.jwk-set-uri}, {@code jwt.auth.issuer-uri} or {@code jwt.auth.issuers})
 * refuse to start, since the endpoint would be missing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "jwt.auth.endpoints.enabled", matchIfMissing = true)
@Conditional(IntrospectionConfiguration.ClientsConfigured.class)
class IntrospectionConfiguration {

	private static final String CLIENTS = "jwt.auth.introspection.clients";

	private final IntrospectionClients clients;

	IntrospectionConfiguration(JwtAuthSettings settings, ObjectProvider<JwtKeySource> keys) {
		if (keys.getIfAvailable() == null) {
			throw new InvalidJwtAuthPropertyException(CLIENTS,
					"this application issues no tokens (it verifies another issuer's), so it has no "
							+ "introspection endpoint",
					"remove jwt.auth.introspection.clients: the issuer of the tokens serves introspection");
		}
		this.clients = clients(settings.properties().getIntrospection().getClients());
	}

	static IntrospectionClients clients(List<JwtAuthProperties.Introspection.Client> configured) {
		IntrospectionClients.Builder builder = IntrospectionClients.builder();
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < configured.size(); i++) {
			String property = CLIENTS + "[" + i + "]";
			JwtAuthProperties.Introspection.Client client = configured.get(i);
			String id = client.getClientId();
			if (!StringUtils.hasText(id)) {
				throw new InvalidJwtAuthPropertyException(property + ".client-id", "the client ID is empty",
						"give every introspection client an ID, the user name of its HTTP Basic credentials");
			}
			if (!ids.add(id)) {
				throw new InvalidJwtAuthPropertyException(property + ".client-id", "the client ID is configured twice",
						"give every introspection client its own ID");
			}
			String secret = client.getClientSecret();
			String problem = IntrospectionClients.secretProblem(secret);
			if (problem == null && isPlainWeak(secret)) {
				problem = "the secret looks like a placeholder or is not random";
			}
			if (problem != null) {
				throw new InvalidJwtAuthPropertyException(property + ".client-secret", problem,
						"use at least 32 random characters, for example the output of 'openssl rand -base64 32', "
								+ "or their {bcrypt} hash");
			}
			builder.client(id, secret);
		}
		return builder.build();
	}

	private static boolean isPlainWeak(String secret) {
		String plain = secret.startsWith("{noop}") ? secret.substring("{noop}".length()) : secret;
		if (plain.startsWith("{")) {
			// encoded: its strength cannot be seen
			return false;
		}
		return JwtKeySetFactory.isPlaceholder(plain) || JwtKeySetFactory.isWeak(plain.getBytes(StandardCharsets.UTF_8));
	}

	@Bean
	@ConditionalOnMissingBean
	IntrospectionEndpoint jwtAuthIntrospectionEndpoint(JwtAuthSettings settings, JwtDecoder decoder,
			AttemptThrottle throttle) {
		return IntrospectionEndpoint.builder(decoder, this.clients)
			.throttle(throttle)
			.dpopMode(settings.properties().getDpop().getMode())
			.build();
	}

	/**
	 * The checks of the other token endpoints (POST only, no credential in the query, a
	 * bounded, well-formed body) for the introspection path.
	 * @param settings the settings
	 * @return the filter's registration
	 */
	@Bean
	@ConditionalOnMissingBean(name = "jwtAuthIntrospectionRequestFilter")
	@ConditionalOnBean(IntrospectionEndpoint.class)
	FilterRegistrationBean<TokenRequestFilter> jwtAuthIntrospectionRequestFilter(JwtAuthSettings settings) {
		JwtAuthProperties.Endpoints endpoints = settings.properties().getEndpoints();
		FilterRegistrationBean<TokenRequestFilter> registration = new FilterRegistrationBean<>(new TokenRequestFilter(
				List.of(endpoints.getIntrospectionPath()), (int) endpoints.getMaxBodySize().toBytes()));
		registration.setOrder(TokenRequestFilter.DEFAULT_ORDER);
		return registration;
	}

	/**
	 * {@code jwt.auth.introspection.clients} has at least one entry.
	 */
	static class ClientsConfigured extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			List<JwtAuthProperties.Introspection.Client> clients;
			try {
				clients = Binder.get(context.getEnvironment())
					.bind(CLIENTS, Bindable.listOf(JwtAuthProperties.Introspection.Client.class))
					.orElse(List.of());
			}
			catch (BindException ex) {
				// the properties' own binding reports it, naming the property
				return ConditionOutcome.match(CLIENTS + " set, but not bindable");
			}
			return clients.isEmpty() ? ConditionOutcome.noMatch("no " + CLIENTS)
					: ConditionOutcome.match(clients.size() + " " + CLIENTS);
		}

	}

}
