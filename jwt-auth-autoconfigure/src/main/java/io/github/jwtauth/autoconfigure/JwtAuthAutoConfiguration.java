package io.github.jwtauth.autoconfigure;

import com.nimbusds.jwt.SignedJWT;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Auto-configuration of JWT authentication: keys, token issuance, the strict
 * {@link JwtDecoder}, refresh tokens, revocation, throttling of failed attempts and their
 * stores, and with Actuator the store's health indicator and the {@code jwtauth}
 * endpoint. Runs before Spring Boot's security, user-details and resource-server
 * auto-configurations, so they back off.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration" },
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnClass({ JwtDecoder.class, SignedJWT.class })
@ConditionalOnBooleanProperty(name = "jwt.auth.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JwtAuthProperties.class)
@Import({ KeysConfiguration.class, KeyRotationConfiguration.class, TokenConfiguration.class, StoreConfiguration.class,
		RevocationConfiguration.class, DecoderConfiguration.class, RefreshConfiguration.class,
		HealthConfiguration.class, ActuatorEndpointConfiguration.class, ThrottleConfiguration.class,
		DPoPConfiguration.class })
public final class JwtAuthAutoConfiguration {

}
