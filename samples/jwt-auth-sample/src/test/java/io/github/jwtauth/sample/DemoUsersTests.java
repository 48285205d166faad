package io.github.jwtauth.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo users announce themselves loudly.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoUsersTests {

	@Test
	void warnsThatDemoUsersAreActive(CapturedOutput output) {
		DemoUsers config = new DemoUsers();
		PasswordEncoder encoder = config.passwordEncoder();
		InMemoryUserDetailsManager users = config.users(encoder);
		assertThat(users.userExists("alice")).isTrue();
		assertThat(users.userExists("admin")).isTrue();
		assertThat(output).contains("WARN").contains("DEMO ONLY");
	}

}
