package io.github.jwtauth.benchmarks.stock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Security set up the stock way: a {@link NimbusJwtDecoder} for one key, issuer,
 * audience, expiry and {@code typ at+jwt} validation, the same chain shape as jwt-auth's
 * (stateless, no CSRF, no request cache, no basic/form login, {@code roles} claim as
 * authorities without prefix, method security on).
 * <p>
 * Properties: {@code stock.jwt.algorithm} (HS256 or RS256), {@code stock.jwt.secret}
 * ({@code base64:...}, HS256), {@code stock.jwt.public-key-location} (X.509 PEM, RS256),
 * {@code stock.jwt.issuer}, {@code stock.jwt.audience} (both default jwt-auth).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class StockSecurityConfiguration {

	@Bean
	JwtDecoder jwtDecoder(@Value("${stock.jwt.algorithm:RS256}") String algorithm,
			@Value("${stock.jwt.secret:}") String secret,
			@Value("${stock.jwt.public-key-location:}") Resource publicKeyLocation,
			@Value("${stock.jwt.issuer:jwt-auth}") String issuer,
			@Value("${stock.jwt.audience:jwt-auth}") String audience) throws IOException {
		NimbusJwtDecoder decoder = switch (algorithm) {
			case "HS256" -> NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secretBytes(secret), "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
			case "RS256" -> NimbusJwtDecoder.withPublicKey(publicKey(publicKeyLocation))
				.signatureAlgorithm(SignatureAlgorithm.RS256)
				.build();
			default -> throw new IllegalArgumentException("stock.jwt.algorithm must be HS256 or RS256");
		};
		// JwtValidators.createDefault() includes JwtTypeValidator.jwt(), which refuses
		// typ at+jwt: list the validators ourselves.
		JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
		timestamps.setAllowEmptyExpiryClaim(false);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(issuer),
				new JwtAudienceValidator(audience), new JwtTypeValidator("at+jwt")));
		return decoder;
	}

	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("roles");
		authorities.setAuthorityPrefix("");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, JwtAuthenticationConverter converter) {
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((c) -> c.disable())
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.oauth2ResourceServer((o) -> o.jwt((j) -> j.jwtAuthenticationConverter(converter)))
			.authorizeHttpRequests((a) -> a.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.requestMatchers("/api/public")
				.permitAll()
				.anyRequest()
				.authenticated());
		return http.build();
	}

	private static byte[] secretBytes(String secret) {
		if (secret.startsWith("base64:")) {
			return Base64.getDecoder().decode(secret.substring("base64:".length()).trim());
		}
		if (secret.isEmpty()) {
			throw new IllegalArgumentException("stock.jwt.secret is required for HS256");
		}
		return secret.getBytes(StandardCharsets.UTF_8);
	}

	private static RSAPublicKey publicKey(Resource location) throws IOException {
		if (location == null || !location.exists()) {
			throw new IllegalArgumentException("stock.jwt.public-key-location must point at a PEM public key");
		}
		try (InputStream in = location.getInputStream()) {
			return RsaKeyConverters.x509().convert(in);
		}
	}

}
