package io.github.jwtauth.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import io.github.jwtauth.dpop.DPoPProofVerifier;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.refresh.LoginSessions;
import io.github.jwtauth.refresh.RefreshTokenService;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.revocation.feed.RevocationFeedSigner;
import io.github.jwtauth.revocation.feed.RevocationLog;
import io.github.jwtauth.throttle.AttemptThrottle;
import io.github.jwtauth.token.JwtTokenService;
import io.github.jwtauth.web.endpoint.AuthorizationServerMetadata;
import io.github.jwtauth.web.endpoint.AuthorizationServerMetadataEndpoint;
import io.github.jwtauth.web.endpoint.BodilessRequestFilter;
import io.github.jwtauth.web.endpoint.CrossSiteRequestGuard;
import io.github.jwtauth.web.endpoint.DPoPBinding;
import io.github.jwtauth.web.endpoint.HttpsRequiredInterceptor;
import io.github.jwtauth.web.endpoint.IntrospectionEndpoint;
import io.github.jwtauth.web.endpoint.JwksEndpoint;
import io.github.jwtauth.web.endpoint.LoginEndpoint;
import io.github.jwtauth.web.endpoint.LoginObservationConvention;
import io.github.jwtauth.web.endpoint.LogoutEndpoint;
import io.github.jwtauth.web.endpoint.RefreshEndpoint;
import io.github.jwtauth.web.endpoint.RefreshTokenCookie;
import io.github.jwtauth.web.endpoint.RevocationFeedEndpoint;
import io.github.jwtauth.web.endpoint.SessionsEndpoint;
import io.github.jwtauth.web.endpoint.SigningUnavailableErrors;
import io.github.jwtauth.web.endpoint.StoreUnavailableErrors;
import io.github.jwtauth.web.endpoint.TokenEndpointErrors;
import io.github.jwtauth.web.endpoint.TokenRequestFilter;
import io.github.jwtauth.web.endpoint.TooManyAttemptsErrors;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.ServletContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.handler.MappedInterceptor;

/**
 * The HTTP endpoints of the token life cycle: login, refresh, logout, revocation,
 * introspection (with configured clients), the sessions API, the JWK Set, the revocation
 * feed and the authorization-server metadata, and the refresh-token cookie of cookie
 * mode. Each can be replaced by a bean of the same type.
 */
@AutoConfiguration(after = { JwtAuthAutoConfiguration.class, JwtAuthWebSecurityAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, LoginEndpoint.class })
@ConditionalOnBean(JwtAuthSettings.class)
@Import(IntrospectionConfiguration.class)
public final class JwtAuthEndpointsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "jwt.auth.endpoints.enabled", matchIfMissing = true)
	static class TokenEndpoints {

		/**
		 * The name of the CORS configuration Spring Security's {@code cors()} uses.
		 */
		private static final String CORS_CONFIGURATION_SOURCE = "corsConfigurationSource";

		/**
		 * The name of Spring MVC's bean that answers for its CORS mappings.
		 */
		private static final String MVC_HANDLER_MAPPING_INTROSPECTOR = "mvcHandlerMappingIntrospector";

		@Bean
		@ConditionalOnMissingBean(name = "jwtAuthTokenRequestFilter")
		FilterRegistrationBean<TokenRequestFilter> jwtAuthTokenRequestFilter(JwtAuthSettings settings) {
			JwtAuthProperties.Endpoints endpoints = settings.properties().getEndpoints();
			TokenRequestFilter filter = new TokenRequestFilter(
					List.of(endpoints.getLoginPath(), endpoints.getRefreshPath(), endpoints.getLogoutPath(),
							endpoints.getLogoutAllPath(), endpoints.getRevokePath()),
					(int) endpoints.getMaxBodySize().toBytes());
			FilterRegistrationBean<TokenRequestFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(TokenRequestFilter.DEFAULT_ORDER);
			return registration;
		}

		@Bean
		@ConditionalOnMissingBean
		TokenEndpointErrors jwtAuthTokenEndpointErrors() {
			return new TokenEndpointErrors();
		}

		@Bean
		@ConditionalOnMissingBean
		TooManyAttemptsErrors jwtAuthTooManyAttemptsErrors() {
			return new TooManyAttemptsErrors();
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnClass(name = "org.springframework.dao.DataAccessException")
		StoreUnavailableErrors jwtAuthStoreUnavailableErrors() {
			return new StoreUnavailableErrors();
		}

		@Bean
		@ConditionalOnMissingBean
		SigningUnavailableErrors jwtAuthSigningUnavailableErrors() {
			return new SigningUnavailableErrors();
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(JwtTokenService.class)
		@Conditional(AuthenticationAvailable.class)
		LoginEndpoint jwtAuthLoginEndpoint(ObjectProvider<AuthenticationManager> authenticationManager,
				ObjectProvider<AuthenticationConfiguration> authenticationConfiguration, JwtTokenService tokens,
				ObjectProvider<RefreshTokenService> refreshTokens, ApplicationEventPublisher events,
				AttemptThrottle throttle, DPoPBinding dpop, RefreshTokenCookie cookie,
				ObjectProvider<ObservationRegistry> observationRegistry,
				ObjectProvider<LoginObservationConvention> observationConvention) {
			Supplier<AuthenticationManager> manager = () -> {
				AuthenticationManager own = authenticationManager.getIfUnique();
				if (own != null) {
					return own;
				}
				try {
					return authenticationConfiguration.getObject().getAuthenticationManager();
				}
				catch (Exception ex) {
					throw new IllegalStateException("No AuthenticationManager is available", ex);
				}
			};
			LoginEndpoint.Builder builder = LoginEndpoint.builder(manager, tokens)
				.refreshTokens(refreshTokens.getIfAvailable())
				.eventPublisher(events)
				.throttle(throttle)
				.dpop(dpop)
				.cookie(cookie);
			observationRegistry.ifUnique(builder::observationRegistry);
			observationConvention.ifUnique(builder::observationConvention);
			return builder.build();
		}

		/**
		 * The refresh-token cookie of cookie mode ({@code jwt.auth.cookie.enabled}), or
		 * none. Requests that use it are checked against the application's own origin and
		 * the origins its CORS configuration allows with credentials: the
		 * {@link CorsConfigurationSource} Spring Security's {@code cors()} uses (the bean
		 * named {@code corsConfigurationSource}, else Spring MVC's CORS mappings).
		 * @param settings the settings
		 * @param beans the bean factory, to find the CORS configuration
		 * @return the cookie
		 */
		@Bean
		@ConditionalOnMissingBean
		RefreshTokenCookie jwtAuthRefreshTokenCookie(JwtAuthSettings settings, ListableBeanFactory beans) {
			JwtAuthProperties properties = settings.properties();
			JwtAuthProperties.Cookie cookie = properties.getCookie();
			if (!cookie.isEnabled()) {
				return RefreshTokenCookie.off();
			}
			if (!CrossSiteRequestGuard.isCustomHeader(cookie.getCsrfHeader())) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.cookie.csrf-header",
						"'" + cookie.getCsrfHeader() + "' is a header that browsers set by themselves or send "
								+ "cross-origin without a preflight, so it proves nothing",
						"use a custom header such as X-Requested-With (the default)");
			}
			CorsConfigurationSource corsSource = corsConfigurationSource(beans);
			CrossSiteRequestGuard guard = (corsSource != null)
					? CrossSiteRequestGuard.withCors(cookie.getCsrfHeader(), corsSource)
					: CrossSiteRequestGuard.sameOrigin(cookie.getCsrfHeader());
			RefreshTokenCookie.Builder builder = RefreshTokenCookie
				.forPaths(properties.getEndpoints().getRefreshPath(), properties.getEndpoints().getLogoutPath())
				.name(cookie.getName())
				.sameSite(cookie.getSameSite())
				.guard(guard);
			if (cookie.getPath() != null) {
				builder.path(cookie.getPath());
			}
			return builder.build();
		}

		private static @Nullable CorsConfigurationSource corsConfigurationSource(ListableBeanFactory beans) {
			// as Spring Security's CorsConfigurer finds it
			for (String name : new String[] { CORS_CONFIGURATION_SOURCE, MVC_HANDLER_MAPPING_INTROSPECTOR }) {
				if (beans.containsBean(name) && beans.isTypeMatch(name, CorsConfigurationSource.class)) {
					return beans.getBean(name, CorsConfigurationSource.class);
				}
			}
			return null;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(LoginSessions.class)
		@ConditionalOnBooleanProperty(name = "jwt.auth.sessions.enabled", matchIfMissing = true)
		SessionsEndpoint jwtAuthSessionsEndpoint(LoginSessions sessions) {
			return new SessionsEndpoint(sessions);
		}

		/**
		 * Refuses a request with a body to the sessions API before anything parses it.
		 * @param settings the settings
		 * @return the filter's registration
		 */
		@Bean
		@ConditionalOnMissingBean(name = "jwtAuthSessionsRequestFilter")
		@ConditionalOnBean(SessionsEndpoint.class)
		FilterRegistrationBean<BodilessRequestFilter> jwtAuthSessionsRequestFilter(JwtAuthSettings settings) {
			FilterRegistrationBean<BodilessRequestFilter> registration = new FilterRegistrationBean<>(
					new BodilessRequestFilter(settings.properties().getEndpoints().getSessionsPath()));
			String path = settings.properties().getEndpoints().getSessionsPath();
			// only the sessions API's requests pass through it, never the application's
			registration.addUrlPatterns(path, path + "/*");
			registration.setOrder(TokenRequestFilter.DEFAULT_ORDER);
			return registration;
		}

		@Bean
		@ConditionalOnMissingBean
		DPoPBinding jwtAuthDPoPBinding(JwtAuthSettings settings, DPoPProofVerifier proofs) {
			return DPoPBinding.of(settings.properties().getDpop().getMode(), proofs);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(RefreshTokenService.class)
		RefreshEndpoint jwtAuthRefreshEndpoint(RefreshTokenService refreshTokens, AttemptThrottle throttle,
				DPoPBinding dpop, RefreshTokenCookie cookie) {
			return new RefreshEndpoint(refreshTokens, throttle, dpop, cookie);
		}

		/**
		 * Logout, logout-all and revocation, only where this application issues the
		 * tokens: with {@code jwt.auth.jwk-set-uri} a revocation would only hold inside
		 * this one instance, so the endpoints would pretend.
		 * @param revocation the revocation service
		 * @param refreshTokens the refresh token service
		 * @param decoder the decoder
		 * @param throttle throttles guessed tokens at revocation
		 * @param cookie the refresh-token cookie of cookie mode
		 * @return the endpoint
		 */
		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean({ TokenRevocationService.class, JwtTokenService.class })
		LogoutEndpoint jwtAuthLogoutEndpoint(TokenRevocationService revocation,
				ObjectProvider<RefreshTokenService> refreshTokens, JwtDecoder decoder, AttemptThrottle throttle,
				RefreshTokenCookie cookie) {
			return LogoutEndpoint.builder(revocation, decoder)
				.refreshTokens(refreshTokens.getIfAvailable())
				.throttle(throttle)
				.cookie(cookie)
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "jwt.auth.require-https", matchIfMissing = true)
	static class TokenEndpointsHttps {

		/**
		 * Refuses the token endpoints over plain HTTP from anywhere but loopback,
		 * whatever security filter chain the application runs, also endpoints the
		 * application registers itself with {@code jwt.auth.endpoints.enabled=false}.
		 * @return the interceptor, mapped to every handler (it picks the token endpoints)
		 */
		@Bean
		@ConditionalOnMissingBean(name = "jwtAuthHttpsRequiredInterceptor")
		MappedInterceptor jwtAuthHttpsRequiredInterceptor() {
			return new MappedInterceptor(null, new HttpsRequiredInterceptor());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "jwt.auth.endpoints.jwks-enabled", matchIfMissing = true)
	static class Jwks {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(JwtKeySource.class)
		JwksEndpoint jwtAuthJwksEndpoint(JwtKeySource keys, JwtAuthSettings settings) {
			return new JwksEndpoint(keys, settings.properties().getEndpoints().getJwksMaxAge());
		}

	}

	/**
	 * The revocation feed, served where this application issues tokens with an asymmetric
	 * key: resource servers verify it through the JWK Set, which publishes no HMAC key,
	 * so with {@code jwt.auth.signing.secret} it is absent.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "jwt.auth.endpoints.revocations-enabled", matchIfMissing = true)
	@Conditional(AsymmetricIssuerCondition.class)
	static class RevocationFeed {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(JwtKeySource.class)
		RevocationLog jwtAuthRevocationLog(JwtAuthSettings settings, RevocationRegistry registry,
				RevocationStore revocations) {
			JwtAuthProperties properties = settings.properties();
			JwtAuthProperties.Store store = properties.getStore();
			// a non-stale instance applied every entry at most this long after its
			// commit;
			// instances that share no store hold different revocations: no overlap serves
			Duration overlap = revocations.isShared() ? store.getMaxStaleness()
				.plus(store.getPollInterval().multipliedBy(2))
				.plus(properties.getClockSkew()) : null;
			return new RevocationLog(registry, settings.clock(), overlap, properties.getClockSkew());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean({ JwtKeySource.class, RevocationLog.class })
		RevocationFeedEndpoint jwtAuthRevocationFeedEndpoint(JwtAuthSettings settings, JwtKeySource keys,
				RevocationLog log, RevocationRegistry registry) {
			JwtAuthProperties properties = settings.properties();
			if (!KeyAlgorithms.isAsymmetric(keys.current().active().algorithm())) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.endpoints.revocations-enabled",
						"the active signing key is an HMAC key, which resource servers cannot verify the feed with",
						"set it to false, or sign with an RSA, EC or Ed25519 key (jwt.auth.signing.private-key-location or bundle)");
			}
			return new RevocationFeedEndpoint(log, new RevocationFeedSigner(keys, properties.getIssuer()), registry,
					settings.clock(), properties.getEndpoints().getRevocationsMaxWaiting());
		}

	}

	/**
	 * The authorization-server metadata (RFC 8414), where this application issues tokens
	 * and {@code jwt.auth.issuer} is a URL RFC 8414 accepts as an issuer identifier (see
	 * {@link AuthorizationServerMetadata#issuerProblem(String)}). With any other issuer
	 * there is no metadata: a DEBUG line says why, and
	 * {@code jwt.auth.endpoints.metadata-enabled=true} set explicitly refuses to start.
	 * Each endpoint URL is the issuer followed by the endpoint's path: the issuer is
	 * taken to be the application's public base URL (a WARN when it does not end with the
	 * servlet context path).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "jwt.auth.endpoints.metadata-enabled", matchIfMissing = true)
	@Conditional(IssuingCondition.class)
	static class Metadata {

		private static final Log logger = LogFactory.getLog(Metadata.class);

		Metadata(JwtAuthSettings settings, Environment environment) {
			String problem = AuthorizationServerMetadata.issuerProblem(settings.properties().getIssuer());
			if (problem == null) {
				return;
			}
			if (Binder.get(environment).bind("jwt.auth.endpoints.metadata-enabled", Boolean.class).isBound()) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.issuer",
						problem + ", so no authorization-server metadata (RFC 8414) can be served, "
								+ "although jwt.auth.endpoints.metadata-enabled is set",
						"set jwt.auth.issuer to this application's https URL (for example "
								+ "https://auth.example.com; tokens then carry it as their 'iss'), or remove "
								+ "jwt.auth.endpoints.metadata-enabled");
			}
			logger.debug("No authorization-server metadata (RFC 8414), jwt.auth.issuer: " + problem);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(JwtKeySource.class)
		@Conditional(IssuerUrlCondition.class)
		AuthorizationServerMetadataEndpoint jwtAuthAuthorizationServerMetadataEndpoint(JwtAuthSettings settings,
				DPoPProofVerifier proofs, ObjectProvider<JwksEndpoint> jwks, ObjectProvider<RefreshEndpoint> refresh,
				ObjectProvider<LogoutEndpoint> revocation, ObjectProvider<RevocationFeedEndpoint> feed,
				ObjectProvider<IntrospectionEndpoint> introspection, ObjectProvider<ServletContext> servletContext) {
			JwtAuthProperties properties = settings.properties();
			JwtAuthProperties.Endpoints endpoints = properties.getEndpoints();
			List<String> dpopAlgorithms = properties.getDpop().getMode().isEnabled()
					? Arrays.asList(proofs.getAlgorithmNames().split(" ")) : List.of();
			AuthorizationServerMetadata metadata = AuthorizationServerMetadata.forIssuer(properties.getIssuer())
				.jwksPath((jwks.getIfAvailable() != null) ? endpoints.getJwksPath() : null)
				.tokenPath((refresh.getIfAvailable() != null) ? endpoints.getRefreshPath() : null)
				.revocationPath((revocation.getIfAvailable() != null) ? endpoints.getRevokePath() : null)
				.revocationFeedPath((feed.getIfAvailable() != null) ? endpoints.getRevocationsPath() : null)
				.introspectionPath((introspection.getIfAvailable() != null) ? endpoints.getIntrospectionPath() : null)
				.dpopAlgorithms(dpopAlgorithms)
				.build();
			warnIfOutsideContextPath(metadata, servletContext.getIfAvailable());
			return new AuthorizationServerMetadataEndpoint(metadata, endpoints.getMetadataMaxAge());
		}

		private static void warnIfOutsideContextPath(AuthorizationServerMetadata metadata,
				@Nullable ServletContext servletContext) {
			String contextPath = (servletContext != null) ? servletContext.getContextPath() : "";
			String issuerPath = metadata.getPath().substring(AuthorizationServerMetadata.WELL_KNOWN_PATH.length());
			if (contextPath != null && !contextPath.isEmpty() && !issuerPath.endsWith(contextPath)) {
				logger.warn("The authorization-server metadata announces endpoint URLs under jwt.auth.issuer '"
						+ metadata.getIssuer() + "', whose path does not end with this application's context path '"
						+ contextPath + "': unless a proxy maps them, set jwt.auth.issuer to the application's "
						+ "public URL, context path included");
			}
		}

	}

	/**
	 * {@code jwt.auth.issuer} (default {@code jwt-auth}) is a URL that
	 * authorization-server metadata can describe.
	 */
	static class IssuerUrlCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String issuer = Binder.get(context.getEnvironment())
				.bind("jwt.auth.issuer", String.class)
				.orElse(new JwtAuthProperties().getIssuer());
			String problem = AuthorizationServerMetadata.issuerProblem(issuer);
			return (problem != null) ? ConditionOutcome.noMatch("jwt.auth.issuer: " + problem)
					: ConditionOutcome.match("jwt.auth.issuer '" + issuer + "' is an issuer URL");
		}

	}

	/**
	 * This application issues tokens: no {@code jwt.auth.jwk-set-uri}, no
	 * {@code jwt.auth.issuer-uri}, no {@code jwt.auth.issuers}.
	 */
	static class IssuingCondition extends NoneNestedConditions {

		IssuingCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnResourceServerCondition.class)
		static class ResourceServer {

		}

	}

	/**
	 * This application issues tokens (no {@code jwt.auth.jwk-set-uri}, no
	 * {@code jwt.auth.issuer-uri}, no {@code jwt.auth.issuers}) and signs them with no
	 * HMAC secret.
	 */
	static class AsymmetricIssuerCondition extends NoneNestedConditions {

		AsymmetricIssuerCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnResourceServerCondition.class)
		static class ResourceServer {

		}

		@ConditionalOnProperty(prefix = "jwt.auth.signing", name = "secret")
		static class Hmac {

		}

	}

	/**
	 * The application can authenticate users by name and password.
	 */
	static class AuthenticationAvailable extends AnyNestedCondition {

		AuthenticationAvailable() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(AuthenticationManager.class)
		static class Manager {

		}

		@ConditionalOnBean(UserDetailsService.class)
		static class Users {

		}

		@ConditionalOnBean(AuthenticationProvider.class)
		static class Provider {

		}

	}

}
