package io.github.jwtauth.sample;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * Enables {@code @PreAuthorize} on the API.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class MethodSecurity {

}
