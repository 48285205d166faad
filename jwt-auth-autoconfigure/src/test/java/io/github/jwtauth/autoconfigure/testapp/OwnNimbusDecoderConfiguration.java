package io.github.jwtauth.autoconfigure.testapp;

import com.nimbusds.jose.JOSEException;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * An application's own decoder: a stock {@link NimbusJwtDecoder} on the test key.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OwnNimbusDecoderConfiguration {

	@Bean
	public JwtDecoder ownDecoder() throws JOSEException {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(TestKeys.rsa().toRSAPublicKey()).build();
		// Spring's default validator wants typ JWT; jwt-auth writes at+jwt (RFC 9068)
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtIssuerValidator("jwt-auth"), new JwtTypeValidator("at+jwt")));
		return decoder;
	}

}
