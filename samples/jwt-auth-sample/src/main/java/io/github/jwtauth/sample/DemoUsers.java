package io.github.jwtauth.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * DEMO ONLY: two users with well-known passwords so that the sample can be tried at once.
 * A real application loads its users from its own store.
 */
@Configuration(proxyBeanMethods = false)
class DemoUsers {

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	InMemoryUserDetailsManager users(PasswordEncoder encoder) {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password(encoder.encode("alice-password")).roles("USER").build(),
				User.withUsername("admin").password(encoder.encode("admin-password")).roles("USER", "ADMIN").build());
	}

}
