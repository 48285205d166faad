package io.github.jwtauth.web.servlet;

import java.security.Principal;
import java.util.Set;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

/**
 * The user of a request authenticated by {@link JwtAuthFilter}, as
 * {@code HttpServletRequest#getUserPrincipal()} returns it: named by the token's
 * {@code sub}, with the authorities of its authorities claim and the verified token
 * itself.
 */
public final class JwtPrincipal implements Principal {

	private final Jwt token;

	private final String name;

	private final Set<String> authorities;

	/**
	 * Create a principal.
	 * @param token the verified token, with a subject
	 * @param authorities the authorities it grants
	 */
	public JwtPrincipal(Jwt token, Set<String> authorities) {
		this(token, token.getSubject(), authorities);
	}

	JwtPrincipal(Jwt token, String subject, Set<String> authorities) {
		Assert.notNull(token, "token must not be null");
		Assert.hasText(subject, "The token must have a subject");
		Assert.notNull(authorities, "authorities must not be null");
		this.token = token;
		this.name = subject;
		this.authorities = Set.copyOf(authorities);
	}

	/**
	 * The subject ({@code sub}) of the token.
	 * @return the name
	 */
	@Override
	public String getName() {
		return this.name;
	}

	/**
	 * The verified token.
	 * @return the token
	 */
	public Jwt getToken() {
		return this.token;
	}

	/**
	 * The authorities the token grants, with the configured prefix.
	 * @return the authorities
	 */
	public Set<String> getAuthorities() {
		return this.authorities;
	}

	@Override
	public String toString() {
		return "JwtPrincipal[" + getName() + "]";
	}

}
