package io.github.jwtauth.token;

/**
 * Callback that adds claims to every access token the {@link JwtTokenService} issues.
 * Declare beans of this type; they run in
 * {@link org.springframework.core.annotation.Order order}. The registered claims
 * ({@code iss}, {@code sub}, {@code aud}, {@code exp}, {@code iat}, {@code nbf},
 * {@code jti}, {@code sid}) cannot be changed, and a claim whose name says password,
 * secret or credential is refused.
 */
@FunctionalInterface
public interface AccessTokenCustomizer {

	/**
	 * Customize the claims of a token about to be issued.
	 * @param context the token context
	 */
	void customize(AccessTokenContext context);

}
