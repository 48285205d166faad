package io.github.jwtauth.autoconfigure.testapp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.jwtauth.test.TestClock;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that uses the starter the way a user would: users, an API, nothing
 * security-specific.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
public class TestApplication {

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-password").roles("USER").build(),
				User.withUsername("admin").password("{noop}admin-password").roles("USER", "ADMIN").build(),
				User.withUsername("bob").password("{noop}bob-password").roles("USER").build());
	}

	@Bean
	TestClock clock() {
		return TestClock.now();
	}

	@Bean
	RecordedEvents recordedEvents() {
		return new RecordedEvents();
	}

	@RestController
	static class Api {

		@GetMapping("/api/public")
		Map<String, Object> open() {
			return Map.of("message", "public");
		}

		@GetMapping("/api/me")
		Map<String, Object> me(Authentication authentication) {
			return Map.of("subject", authentication.getName(), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Map<String, Object> admin() {
			return Map.of("message", "admin");
		}

	}

	/**
	 * Every event payload the application published.
	 */
	public static class RecordedEvents {

		private final List<Object> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(PayloadApplicationEvent<?> event) {
			this.events.add(event.getPayload());
		}

		public <T> List<T> of(Class<T> type) {
			return this.events.stream().filter(type::isInstance).map(type::cast).toList();
		}

		public void clear() {
			this.events.clear();
		}

	}

}
