package io.github.jwtauth.web.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import io.github.jwtauth.dpop.DPoPMode;
import io.github.jwtauth.web.AccessTokenChallenges;
import io.github.jwtauth.web.AccessTokenVerifier;
import jakarta.servlet.DispatcherType;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadataClaimNames;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.util.Assert;

/**
 * Applies the starter's JWT setup to an {@link HttpSecurity}: stateless sessions, no CSRF
 * (bearer tokens are not sent automatically by browsers), the strict decoder, RFC 6750
 * error answers, revocation on Spring Security's own logout, and open access to the token
 * endpoints and the {@code jwt.auth.permit-all} paths.
 * <p>
 * The protected resource metadata (RFC 9728) that Spring Security's
 * {@code oauth2ResourceServer()} serves at {@code /.well-known/oauth-protected-resource}
 * describes this resource as it is: the {@link Builder#authorizationServers(Collection)
 * authorization servers}, bearer tokens in the header only, the DPoP proof algorithms and
 * whether DPoP is required, and no certificate-bound tokens (Spring's default claims
 * them). An application that calls {@code oauth2ResourceServer((o) ->
 * o.protectedResourceMetadata(…))} itself replaces this description with its own.
 * <p>
 * Credentials travel over HTTPS only: unless {@link Builder#requireHttps(boolean)} says
 * otherwise, an {@link HttpsRequiredFilter} ahead of logout and bearer authentication
 * refuses a request with an {@code Authorization} header, or one to a
 * {@link Builder#tokenEndpoints(Collection) token endpoint}, that came over plain HTTP
 * from anywhere but loopback. Without a {@link Builder#logoutHandler(LogoutHandler)
 * logout handler} Spring Security's own {@code logout()} is switched off: for bearer
 * tokens it would answer as if it had logged out while revoking nothing (an application
 * can still configure its own after calling {@link #configure(HttpSecurity)}).
 * <p>
 * The auto-configured chain uses it; an application with its own chain calls it first and
 * then adds its own rules: <pre>{@code
 * &#64;Bean
 * SecurityFilterChain api(HttpSecurity http, JwtAuthHttpConfigurer jwtAuth) {
 *     jwtAuth.configure(http)
 *         .authorizeHttpRequests((a) -> a.requestMatchers("/admin/**").hasRole("ADMIN")
 *             .anyRequest().authenticated());
 *     return http.build();
 * }
 * }</pre>
 */
public final class JwtAuthHttpConfigurer {

	private final AccessTokenVerifier verifier;

	private final AuthenticationManager authenticationManager;

	private final Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter;

	private final AuthenticationEntryPoint entryPoint;

	private final AccessDeniedHandler accessDeniedHandler;

	private final BearerTokenResolver tokenResolver;

	private final @Nullable LogoutHandler logoutHandler;

	private final List<String> permitAll;

	private final List<String> permitPost;

	private final List<String> permitGet;

	private final boolean requireHttps;

	private final List<String> tokenEndpoints;

	private final List<String> authorizationServers;

	private JwtAuthHttpConfigurer(Builder builder) {
		this.verifier = (builder.verifier != null) ? builder.verifier : AccessTokenVerifier.bearerOnly(builder.decoder);
		this.authenticationConverter = builder.authenticationConverter;
		this.authenticationManager = new ProviderManager(
				new JwtAuthAuthenticationProvider(this.verifier, this.authenticationConverter));
		this.entryPoint = (builder.entryPoint != null) ? builder.entryPoint
				: new BearerErrorEntryPoint(AccessTokenChallenges.of(null, this.verifier));
		this.accessDeniedHandler = builder.accessDeniedHandler;
		this.tokenResolver = builder.tokenResolver;
		this.logoutHandler = builder.logoutHandler;
		this.permitAll = List.copyOf(builder.permitAll);
		this.permitPost = List.copyOf(builder.permitPost);
		this.permitGet = List.copyOf(builder.permitGet);
		this.requireHttps = builder.requireHttps;
		this.tokenEndpoints = List.copyOf(builder.tokenEndpoints);
		this.authorizationServers = List.copyOf(builder.authorizationServers);
	}

	/**
	 * Start building a configurer.
	 * @param decoder the decoder that verifies bearer tokens
	 * @return a builder
	 */
	public static Builder withDecoder(JwtDecoder decoder) {
		return new Builder(decoder);
	}

	/**
	 * Apply the JWT setup.
	 * @param http the security builder
	 * @return the same builder, for chaining the application's own rules
	 */
	public HttpSecurity configure(HttpSecurity http) {
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((c) -> c.disable())
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.oauth2ResourceServer((o) -> o
				// the decoder and the authentication converter work through this manager
				.jwt((j) -> j.authenticationManager(this.authenticationManager))
				.bearerTokenResolver(this.tokenResolver)
				.authenticationEntryPoint(this.entryPoint)
				.accessDeniedHandler(this.accessDeniedHandler)
				.protectedResourceMetadata((m) -> m.protectedResourceMetadataCustomizer(this::describeResource)))
			// Spring Security's own DPoP filter, which 7.0 adds to every resource server
			// after ours, gets the authentication ours made instead of checking the proof
			// again
			.authenticationProvider(new AuthenticatedDPoPRequestProvider())
			.exceptionHandling(
					(e) -> e.authenticationEntryPoint(this.entryPoint).accessDeniedHandler(this.accessDeniedHandler))
			.authorizeHttpRequests((a) -> {
				a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
				for (String path : this.permitPost) {
					a.requestMatchers(HttpMethod.POST, path).permitAll();
				}
				for (String path : this.permitGet) {
					a.requestMatchers(HttpMethod.GET, path).permitAll();
				}
				for (String path : this.permitAll) {
					a.requestMatchers(path).permitAll();
				}
			});
		http.addFilterBefore(dpopFilter(), BearerTokenAuthenticationFilter.class);
		LogoutHandler logout = this.logoutHandler;
		if (logout != null) {
			HttpStatusReturningLogoutSuccessHandler noContent = new HttpStatusReturningLogoutSuccessHandler(
					HttpStatus.NO_CONTENT);
			// a handler that answered already (503 when the store is down) keeps its
			// answer
			http.logout((l) -> l.addLogoutHandler(logout).logoutSuccessHandler((request, response, authentication) -> {
				if (!response.isCommitted()) {
					noContent.onLogoutSuccess(request, response, authentication);
				}
			}));
		}
		else {
			http.logout(AbstractHttpConfigurer::disable);
		}
		if (this.requireHttps) {
			http.addFilterBefore(HttpsRequiredFilter.forTokenEndpoints(this.tokenEndpoints), LogoutFilter.class);
		}
		return http;
	}

	/**
	 * Correct the protected resource metadata that Spring Security serves (RFC 9728 §2):
	 * the authorization servers; no {@code tls_client_certificate_bound_access_tokens},
	 * which Spring sets to {@code true} but which this resource refuses; the DPoP proof
	 * algorithms and whether DPoP-bound tokens are required. {@code resource} (from the
	 * request) and {@code bearer_methods_supported} ({@code header}) stay as Spring sets
	 * them.
	 * @param metadata the metadata being built
	 */
	private void describeResource(OAuth2ProtectedResourceMetadata.Builder metadata) {
		metadata.claims((claims) -> claims
			.remove(OAuth2ProtectedResourceMetadataClaimNames.TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS));
		this.authorizationServers.forEach(metadata::authorizationServer);
		DPoPMode mode = this.verifier.getMode();
		if (mode.isEnabled()) {
			metadata.claim("dpop_signing_alg_values_supported",
					List.copyOf(Arrays.asList(this.verifier.getAlgorithmNames().split(" "))));
			metadata.claim("dpop_bound_access_tokens_required", mode == DPoPMode.REQUIRED);
		}
	}

	/**
	 * The filter that authenticates {@code Authorization: DPoP} requests, ahead of Spring
	 * Security's {@code BearerTokenAuthenticationFilter} (which refuses a DPoP-bound
	 * token) and of the DPoP filter that Spring Security 7.0 adds by itself: Spring's
	 * {@link AuthenticationFilter}, as Spring's own DPoP support configures it, with
	 * jwt-auth's converter, provider and answers.
	 * @return the filter
	 */
	private AuthenticationFilter dpopFilter() {
		AuthenticationFilter filter = new AuthenticationFilter(this.authenticationManager,
				new DPoPAuthenticationConverter());
		filter.setRequestMatcher(DPoPAuthenticationConverter::isDPoPRequest);
		filter.setSuccessHandler((request, response, authentication) -> {
			// continue down the chain
		});
		filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(this.entryPoint));
		filter.setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
		return filter;
	}

	/**
	 * The authorities of jwt-auth's tokens exactly as they were granted: the
	 * {@code roles} claim, no prefix added (Spring's default would read {@code scope} and
	 * add {@code SCOPE_}).
	 * @return the converter
	 */
	static JwtAuthenticationConverter defaultAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("roles");
		authorities.setAuthorityPrefix("");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

	/**
	 * Builds a {@link JwtAuthHttpConfigurer}.
	 */
	public static final class Builder {

		private final JwtDecoder decoder;

		private Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter = defaultAuthenticationConverter();

		private @Nullable AuthenticationEntryPoint entryPoint;

		private @Nullable AccessTokenVerifier verifier;

		private AccessDeniedHandler accessDeniedHandler = new BearerAccessDeniedHandler();

		private BearerTokenResolver tokenResolver = new FastBearerTokenResolver();

		private @Nullable LogoutHandler logoutHandler;

		private final List<String> permitAll = new ArrayList<>();

		private final List<String> permitPost = new ArrayList<>();

		private final List<String> permitGet = new ArrayList<>();

		private boolean requireHttps = true;

		private final List<String> tokenEndpoints = new ArrayList<>();

		private final List<String> authorizationServers = new ArrayList<>();

		private Builder(JwtDecoder decoder) {
			Assert.notNull(decoder, "decoder must not be null");
			this.decoder = decoder;
		}

		/**
		 * Map a verified token to an authentication (default: Spring's
		 * {@link JwtAuthenticationConverter} reading the {@code roles} claim that
		 * jwt-auth writes, each name exactly as written, with no prefix added).
		 * @param converter the converter
		 * @return this builder
		 */
		public Builder authenticationConverter(Converter<Jwt, ? extends AbstractAuthenticationToken> converter) {
			Assert.notNull(converter, "converter must not be null");
			this.authenticationConverter = converter;
			return this;
		}

		/**
		 * Verify access tokens as they are presented: bearer tokens, and DPoP-bound
		 * tokens with their proofs (default: bearer tokens only, with the decoder). The
		 * verifier's decoder should be this configurer's.
		 * @param verifier the verifier
		 * @return this builder
		 */
		public Builder accessTokenVerifier(AccessTokenVerifier verifier) {
			Assert.notNull(verifier, "verifier must not be null");
			this.verifier = verifier;
			return this;
		}

		/**
		 * Answer authentication failures (default: {@link BearerErrorEntryPoint} with the
		 * challenges of the {@link #accessTokenVerifier(AccessTokenVerifier) verifier's}
		 * schemes).
		 * @param entryPoint the entry point
		 * @return this builder
		 */
		public Builder entryPoint(AuthenticationEntryPoint entryPoint) {
			Assert.notNull(entryPoint, "entryPoint must not be null");
			this.entryPoint = entryPoint;
			return this;
		}

		/**
		 * Answer authorization failures (default: {@link BearerAccessDeniedHandler}).
		 * @param accessDeniedHandler the handler
		 * @return this builder
		 */
		public Builder accessDeniedHandler(AccessDeniedHandler accessDeniedHandler) {
			Assert.notNull(accessDeniedHandler, "accessDeniedHandler must not be null");
			this.accessDeniedHandler = accessDeniedHandler;
			return this;
		}

		/**
		 * Find the bearer token in a request (default: {@link FastBearerTokenResolver}).
		 * @param tokenResolver the resolver
		 * @return this builder
		 */
		public Builder tokenResolver(BearerTokenResolver tokenResolver) {
			Assert.notNull(tokenResolver, "tokenResolver must not be null");
			this.tokenResolver = tokenResolver;
			return this;
		}

		/**
		 * Make Spring Security's {@code logout()} run this handler, for example a
		 * {@link RevocationLogoutHandler}, and answer 204.
		 * @param logoutHandler the handler
		 * @return this builder
		 */
		public Builder logoutHandler(LogoutHandler logoutHandler) {
			Assert.notNull(logoutHandler, "logoutHandler must not be null");
			this.logoutHandler = logoutHandler;
			return this;
		}

		/**
		 * Paths open to every method without a token.
		 * @param paths path patterns
		 * @return this builder
		 */
		public Builder permitAll(Collection<String> paths) {
			this.permitAll.addAll(paths);
			return this;
		}

		/**
		 * Paths open to POST without a token (the token endpoints).
		 * @param paths path patterns
		 * @return this builder
		 */
		public Builder permitPost(Collection<String> paths) {
			this.permitPost.addAll(paths);
			return this;
		}

		/**
		 * Paths open to GET without a token (the JWK Set).
		 * @param paths path patterns
		 * @return this builder
		 */
		public Builder permitGet(Collection<String> paths) {
			this.permitGet.addAll(paths);
			return this;
		}

		/**
		 * Whether credentials must come over HTTPS or from loopback (default
		 * {@code true}); see {@link HttpsRequiredFilter}. Switch it off only when
		 * something the container cannot see guarantees the transport: otherwise a bearer
		 * token, password or refresh token sent over plain HTTP can be read and replayed
		 * by anyone on the network path.
		 * @param requireHttps {@code false} to accept credentials over plain HTTP from
		 * anywhere
		 * @return this builder
		 */
		public Builder requireHttps(boolean requireHttps) {
			this.requireHttps = requireHttps;
			return this;
		}

		/**
		 * Paths whose requests carry credentials in their body (login, refresh, logout,
		 * revocation): refused over plain HTTP like requests with an
		 * {@code Authorization} header.
		 * @param paths path patterns
		 * @return this builder
		 */
		public Builder tokenEndpoints(Collection<String> paths) {
			this.tokenEndpoints.addAll(paths);
			return this;
		}

		/**
		 * The issuer identifiers of the authorization servers whose tokens this resource
		 * accepts, announced as {@code authorization_servers} in its protected resource
		 * metadata (RFC 9728 §2). Each must be an absolute URL.
		 * @param issuers the issuer URLs
		 * @return this builder
		 */
		public Builder authorizationServers(Collection<String> issuers) {
			for (String issuer : issuers) {
				Assert.isTrue(isAbsoluteUrl(issuer), () -> "'" + issuer + "' is not an absolute URL");
				this.authorizationServers.add(issuer);
			}
			return this;
		}

		private static boolean isAbsoluteUrl(@Nullable String value) {
			if (value == null) {
				return false;
			}
			try {
				// as Spring's OAuth2ProtectedResourceMetadata checks it, when it is
				// served
				URI uri = new URI(value);
				uri.toURL();
				return uri.getHost() != null;
			}
			catch (Exception ex) {
				return false;
			}
		}

		/**
		 * Build the configurer.
		 * @return the configurer
		 */
		public JwtAuthHttpConfigurer build() {
			return new JwtAuthHttpConfigurer(this);
		}

	}

}
