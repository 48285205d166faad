package io.github.jwtauth.web;

import java.util.List;

import jakarta.servlet.DispatcherType;

import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/**
 * Applies the starter's JWT setup to an {@link HttpSecurity}: stateless sessions, no CSRF
 * (bearer tokens are not sent automatically by browsers), the strict decoder, RFC 6750
 * error answers, revocation on Spring Security's own logout, and open access to the
 * token endpoints and the {@code jwt.auth.permit-all} paths.
 * <p>
 * The auto-configured chain uses it; an application with its own chain calls it first
 * and then adds its own rules:
 * <pre>{@code
 * @Bean
 * SecurityFilterChain api(HttpSecurity http, JwtAuthHttpConfigurer jwtAuth) {
 *     jwtAuth.configure(http)
 *         .authorizeHttpRequests((a) -> a.requestMatchers("/admin/**").hasRole("ADMIN")
 *             .anyRequest().authenticated());
 *     return http.build();
 * }
 * }</pre>
 */
public final class JwtAuthHttpConfigurer {

	private final JwtDecoder decoder;

	private final Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter;

	private final AuthenticationEntryPoint entryPoint;

	private final AccessDeniedHandler accessDeniedHandler;

	private final BearerTokenResolver tokenResolver;

	private final LogoutHandler logoutHandler;

	private final List<String> permitAll;

	private final List<String> permitPost;

	private final List<String> permitGet;

	/**
	 * Create a configurer.
	 * @param decoder the decoder
	 * @param authenticationConverter maps a token to an authentication
	 * @param entryPoint answers authentication failures
	 * @param accessDeniedHandler answers authorization failures
	 * @param tokenResolver finds the bearer token in a request
	 * @param logoutHandler revokes on logout, or {@code null}
	 * @param permitAll paths open to every method
	 * @param permitPost paths open to POST (token endpoints)
	 * @param permitGet paths open to GET (JWK Set)
	 */
	public JwtAuthHttpConfigurer(JwtDecoder decoder,
			Converter<Jwt, ? extends AbstractAuthenticationToken> authenticationConverter,
			AuthenticationEntryPoint entryPoint, AccessDeniedHandler accessDeniedHandler,
			BearerTokenResolver tokenResolver, LogoutHandler logoutHandler, List<String> permitAll,
			List<String> permitPost, List<String> permitGet) {
		this.decoder = decoder;
		this.authenticationConverter = authenticationConverter;
		this.entryPoint = entryPoint;
		this.accessDeniedHandler = accessDeniedHandler;
		this.tokenResolver = tokenResolver;
		this.logoutHandler = logoutHandler;
		this.permitAll = List.copyOf(permitAll);
		this.permitPost = List.copyOf(permitPost);
		this.permitGet = List.copyOf(permitGet);
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
				.jwt((j) -> j.decoder(this.decoder).jwtAuthenticationConverter(this.authenticationConverter))
				.bearerTokenResolver(this.tokenResolver)
				.authenticationEntryPoint(this.entryPoint)
				.accessDeniedHandler(this.accessDeniedHandler))
			.exceptionHandling((e) -> e.authenticationEntryPoint(this.entryPoint)
				.accessDeniedHandler(this.accessDeniedHandler))
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
		if (this.logoutHandler != null) {
			http.logout((l) -> l.addLogoutHandler(this.logoutHandler)
				.logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)));
		}
		return http;
	}

}
