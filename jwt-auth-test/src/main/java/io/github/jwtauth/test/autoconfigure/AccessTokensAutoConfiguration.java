package io.github.jwtauth.test.autoconfigure;

import io.github.jwtauth.test.AccessTokens;
import io.github.jwtauth.token.JwtTokenService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link AccessTokens} of {@link AutoConfigureAccessTokens}.
 */
@AutoConfiguration(afterName = "io.github.jwtauth.autoconfigure.JwtAuthAutoConfiguration")
public final class AccessTokensAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AccessTokens jwtAuthTestAccessTokens(ObjectProvider<JwtTokenService> tokens) {
		return AccessTokens.lazily(() -> tokens.getIfAvailable(() -> {
			throw new IllegalStateException("This application issues no tokens (no JwtTokenService; "
					+ "jwt.auth.jwk-set-uri is set?): sign test tokens with TestJwts and the issuer's key");
		}));
	}

}
