package io.github.jwtauth.test;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.github.jwtauth.token.AccessToken;
import io.github.jwtauth.token.JwtTokenService;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.util.Assert;

/**
 * Mints real access tokens of the application under test: signed with its own key, with
 * its issuer, audiences, lifetime, {@code typ}, authorities claim and
 * {@code AccessTokenCustomizer}s, through its {@link JwtTokenService}. The request then
 * goes through the real decoder, validators and revocation check, unlike a mocked
 * authentication. Get one with {@code @AutoConfigureAccessTokens} on a Spring Boot test,
 * or build it from a {@link JwtTokenService}. <pre>{@code
 * mockMvc.perform(get("/api/me").header("Authorization", accessTokens.bearer("alice", "ROLE_USER")))
 *     .andExpect(status().isOk());
 * }</pre>
 */
public final class AccessTokens {

	private final Supplier<JwtTokenService> tokens;

	/**
	 * Tokens of a token service.
	 * @param tokens the application's token service
	 */
	public AccessTokens(JwtTokenService tokens) {
		Assert.notNull(tokens, "tokens must not be null");
		this.tokens = () -> tokens;
	}

	private AccessTokens(Supplier<JwtTokenService> tokens) {
		this.tokens = tokens;
	}

	/**
	 * Tokens of a token service looked up when the first token is minted.
	 * @param tokens supplies the application's token service
	 * @return the access tokens
	 */
	public static AccessTokens lazily(Supplier<JwtTokenService> tokens) {
		Assert.notNull(tokens, "tokens must not be null");
		return new AccessTokens(tokens);
	}

	/**
	 * A token for a subject with authorities.
	 * @param subject the subject
	 * @param authorities the authorities, for example {@code ROLE_USER}
	 * @return the compact token
	 */
	public String issue(String subject, String... authorities) {
		return issue(subject, Arrays.asList(authorities), null).tokenValue();
	}

	/**
	 * An {@code Authorization} header value, {@code Bearer <token>}, for a subject with
	 * authorities.
	 * @param subject the subject
	 * @param authorities the authorities, for example {@code ROLE_USER}
	 * @return the header value
	 */
	public String bearer(String subject, String... authorities) {
		return "Bearer " + issue(subject, authorities);
	}

	/**
	 * A token, with its claims, for a subject with authorities, inside a login session or
	 * outside any.
	 * @param subject the subject
	 * @param authorities the authorities
	 * @param sessionId the {@code sid}, or {@code null}
	 * @return the token
	 */
	public AccessToken issue(String subject, Collection<String> authorities, @Nullable String sessionId) {
		List<GrantedAuthority> granted = authorities.stream()
			.map(SimpleGrantedAuthority::new)
			.map(GrantedAuthority.class::cast)
			.toList();
		return this.tokens.get().issue(subject, granted, sessionId);
	}

}
