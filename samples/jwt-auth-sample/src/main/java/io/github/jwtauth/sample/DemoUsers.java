package io.github.jwtauth.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * <strong>DEMO ONLY — never use in production.</strong> Two users with well-known
 * passwords (alice/alice-password and admin/admin-password) so that the sample can be
 * tried at once. A real application defines its own {@link UserDetailsService} (or
 * {@code AuthenticationManager}) backed by its own user store. A WARN is logged at
 * start-up while these users are active.
 */
@Configuration(proxyBeanMethods = false)
class DemoUsers {

	private static final Log logger = LogFactory.getLog(DemoUsers.class);

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	InMemoryUserDetailsManager users(PasswordEncoder encoder) {
		logger.warn("DEMO ONLY: in-memory demo users 'alice' and 'admin' with well-known passwords are active. "
				+ "Never run this configuration in production; provide your own UserDetailsService.");
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password(encoder.encode("alice-password")).roles("USER").build(),
				User.withUsername("admin").password(encoder.encode("admin-password")).roles("USER", "ADMIN").build());
	}

}
