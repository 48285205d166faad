package io.github.jwtauth.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.jwtauth.dpop.DPoPProofVerifier;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.token.JwtTokenService;
import io.github.jwtauth.web.AccessTokenChallenges;
import io.github.jwtauth.web.AccessTokenRefusalListener;
import io.github.jwtauth.web.AccessTokenVerifier;
import io.github.jwtauth.web.endpoint.AuthorizationServerMetadata;
import io.github.jwtauth.web.endpoint.AuthorizationServerMetadataEndpoint;
import io.github.jwtauth.web.endpoint.IntrospectionEndpoint;
import io.github.jwtauth.web.endpoint.RevocationFeedEndpoint;
import io.github.jwtauth.web.security.BearerAccessDeniedHandler;
import io.github.jwtauth.web.security.BearerErrorEntryPoint;
import io.github.jwtauth.web.security.FastBearerTokenResolver;
import io.github.jwtauth.web.security.FastHeaderPredicate;
import io.github.jwtauth.web.security.HttpsRequiredFilter;
import io.github.jwtauth.web.security.JwtAuthHttpConfigurer;
import io.github.jwtauth.web.security.RevocationLogoutHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.BeanIds;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The stateless servlet security: RFC 6750 error answers, the
 * {@link JwtAuthHttpConfigurer} for the application's own chains, and a default chain
 * that requires a valid token for everything but the {@code jwt.auth.permit-all} paths
 * and the token endpoints. The default chain backs off when the application defines a
 * {@link SecurityFilterChain}. Credentials are refused over plain HTTP from anywhere but
 * loopback unless {@code jwt.auth.require-https=false}. Spring Security's own logout
 * revokes the caller's session only where this application issues the tokens; with
 * {@code jwt.auth.jwk-set-uri} it is switched off, as a local revocation would not reach
 * the issuer or the other services.
 */
@AutoConfiguration(after = JwtAuthAutoConfiguration.class, beforeName = {
		"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class, JwtAuthHttpConfigurer.class })
@ConditionalOnBean(JwtAuthSettings.class)
public final class JwtAuthWebSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AccessTokenVerifier jwtAuthAccessTokenVerifier(JwtAuthSettings settings, JwtDecoder decoder,
			DPoPProofVerifier proofs, ObjectProvider<AccessTokenRefusalListener> refusalListeners) {
		AccessTokenVerifier verifier = AccessTokenVerifier.withDPoP(decoder, settings.properties().getDpop().getMode(),
				proofs);
		AccessTokenRefusalListener[] listeners = refusalListeners.orderedStream()
			.toArray(AccessTokenRefusalListener[]::new);
		if (listeners.length == 0) {
			return verifier;
		}
		return verifier.withRefusalListener((reason, dpop) -> {
			for (AccessTokenRefusalListener listener : listeners) {
				try {
					listener.refused(reason, dpop);
				}
				catch (RuntimeException ex) {
					// one failing listener (an application's) never keeps the others,
					// the metrics among them, from being told
				}
			}
		});
	}

	/**
	 * The RFC 6750 and RFC 9449 answers; with
	 * {@code jwt.auth.endpoints.resource-metadata-challenge} each challenge names the
	 * protected resource metadata (RFC 9728 §5.1).
	 * @param settings the settings
	 * @param verifier the verifier, which tells the DPoP mode and algorithms
	 * @return the entry point
	 */
	@Bean
	@ConditionalOnMissingBean
	BearerErrorEntryPoint jwtAuthEntryPoint(JwtAuthSettings settings, AccessTokenVerifier verifier) {
		AccessTokenChallenges challenges = AccessTokenChallenges.of(null, verifier);
		if (settings.properties().getEndpoints().isResourceMetadataChallenge()) {
			challenges = challenges.withResourceMetadata();
		}
		return new BearerErrorEntryPoint(challenges);
	}

	@Bean
	@ConditionalOnMissingBean
	BearerAccessDeniedHandler jwtAuthAccessDeniedHandler() {
		return new BearerAccessDeniedHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	BearerTokenResolver jwtAuthBearerTokenResolver() {
		return new FastBearerTokenResolver();
	}

	@Bean
	@ConditionalOnMissingBean
	HttpFirewall jwtAuthHttpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(FastHeaderPredicate.NAMES);
		firewall.setAllowedHeaderValues(FastHeaderPredicate.VALUES);
		return firewall;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ TokenRevocationService.class, JwtTokenService.class })
	RevocationLogoutHandler jwtAuthLogoutHandler(BearerTokenResolver resolver, JwtDecoder decoder,
			TokenRevocationService revocation) {
		return new RevocationLogoutHandler(resolver, decoder, revocation);
	}

	@Bean
	@ConditionalOnMissingBean
	JwtAuthHttpConfigurer jwtAuthHttpConfigurer(JwtAuthSettings settings, JwtDecoder decoder,
			AccessTokenVerifier verifier, JwtAuthenticationConverter converter, BearerErrorEntryPoint entryPoint,
			BearerAccessDeniedHandler accessDeniedHandler, BearerTokenResolver tokenResolver,
			ObjectProvider<RevocationLogoutHandler> logoutHandler, ObjectProvider<JwtKeySource> keys,
			ObjectProvider<RevocationFeedEndpoint> revocationFeed,
			ObjectProvider<AuthorizationServerMetadataEndpoint> metadata,
			ObjectProvider<IntrospectionEndpoint> introspection) {
		JwtAuthProperties properties = settings.properties();
		JwtAuthProperties.Endpoints endpoints = properties.getEndpoints();
		List<String> post = new ArrayList<>();
		List<String> get = new ArrayList<>();
		// only an application that issues tokens (local keys) has token endpoints
		boolean issuing = keys.getIfAvailable() != null;
		if (endpoints.isEnabled() && issuing) {
			post.add(endpoints.getLoginPath());
			post.add(endpoints.getRefreshPath());
			post.add(endpoints.getRevokePath());
		}
		if (introspection.getIfAvailable() != null) {
			// the endpoint authenticates its clients itself (HTTP Basic)
			post.add(endpoints.getIntrospectionPath());
		}
		if (endpoints.isJwksEnabled() && issuing) {
			get.add(endpoints.getJwksPath());
		}
		if (revocationFeed.getIfAvailable() != null) {
			// public like the JWK Set: signed, and it names no user (see the README)
			get.add(endpoints.getRevocationsPath());
		}
		AuthorizationServerMetadataEndpoint authorizationServerMetadata = metadata.getIfAvailable();
		if (authorizationServerMetadata != null) {
			get.add(authorizationServerMetadata.getPath());
		}
		// the protected resource metadata (RFC 9728) names the issuers when they can be
		Stream<String> issuers = properties.getIssuers().isEmpty() ? Stream.of(properties.getIssuer())
				: properties.getIssuers().stream().map(JwtAuthProperties.Issuer::getIssuer);
		List<String> authorizationServers = issuers
			.filter((issuer) -> issuer != null && AuthorizationServerMetadata.issuerProblem(issuer) == null)
			.toList();
		JwtAuthHttpConfigurer.Builder builder = JwtAuthHttpConfigurer.withDecoder(decoder)
			.accessTokenVerifier(verifier)
			.authenticationConverter(converter)
			.entryPoint(entryPoint)
			.accessDeniedHandler(accessDeniedHandler)
			.tokenResolver(tokenResolver)
			.permitAll(properties.getPermitAll())
			.permitPost(post)
			.permitGet(get)
			.authorizationServers(authorizationServers)
			// the HTTPS rule is enforced by jwtAuthHttpsRequiredFilter ahead of every
			// chain
			.requireHttps(false);
		logoutHandler.ifAvailable(builder::logoutHandler);
		return builder.build();
	}

	/**
	 * Credentials travel over HTTPS only: a servlet filter ahead of jwt-auth's other
	 * filters and of every security chain (the application's own included) refuses a
	 * credential sent over plain HTTP from anywhere but loopback. Registered with the
	 * container rather than in the chain, where Spring Security would observe it on every
	 * request.
	 * @param settings the settings
	 * @return the registration
	 */
	@Bean
	@ConditionalOnMissingBean(name = "jwtAuthHttpsRequiredFilter")
	@ConditionalOnBooleanProperty(name = "jwt.auth.require-https", matchIfMissing = true)
	FilterRegistrationBean<HttpsRequiredFilter> jwtAuthHttpsRequiredFilter(JwtAuthSettings settings) {
		JwtAuthProperties.Endpoints endpoints = settings.properties().getEndpoints();
		List<String> tokenEndpoints = new ArrayList<>();
		if (endpoints.isEnabled()) {
			tokenEndpoints.addAll(List.of(endpoints.getLoginPath(), endpoints.getRefreshPath(),
					endpoints.getLogoutPath(), endpoints.getLogoutAllPath(), endpoints.getRevokePath()));
			if (!settings.properties().getIntrospection().getClients().isEmpty()) {
				tokenEndpoints.add(endpoints.getIntrospectionPath());
			}
		}
		FilterRegistrationBean<HttpsRequiredFilter> registration = new FilterRegistrationBean<>(
				HttpsRequiredFilter.forTokenEndpoints(tokenEndpoints));
		registration.setOrder(HttpsRequiredFilter.DEFAULT_ORDER);
		return registration;
	}

	@Bean
	@ConditionalOnDefaultWebSecurity
	SecurityFilterChain jwtAuthSecurityFilterChain(HttpSecurity http, JwtAuthHttpConfigurer jwtAuth) {
		jwtAuth.configure(http).authorizeHttpRequests((a) -> a.anyRequest().authenticated());
		return http.build();
	}

	/**
	 * Spring Security's web setup, also when Boot's own security auto-configuration is
	 * excluded.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = BeanIds.SPRING_SECURITY_FILTER_CHAIN)
	@EnableWebSecurity
	static class EnableWebSecurityConfiguration {

	}

}
