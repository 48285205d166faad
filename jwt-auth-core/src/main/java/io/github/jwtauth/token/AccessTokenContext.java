package io.github.jwtauth.token;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

/**
 * What an {@link AccessTokenCustomizer} sees of a token about to be issued.
 *
 * @param subject the subject
 * @param authorities the authorities written into the token
 * @param sessionId the login session, or {@code null}
 * @param claims the claims builder to add claims to
 */
public record AccessTokenContext(String subject, Collection<? extends GrantedAuthority> authorities,
		@Nullable String sessionId, JwtClaimsSet.Builder claims) {

}
