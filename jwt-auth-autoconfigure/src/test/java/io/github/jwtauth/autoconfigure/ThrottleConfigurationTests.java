package io.github.jwtauth.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.store.jdbc.JdbcAttemptStore;
import io.github.jwtauth.throttle.AttemptPurger;
import io.github.jwtauth.throttle.AttemptStore;
import io.github.jwtauth.throttle.AttemptThrottle;
import io.github.jwtauth.throttle.InMemoryAttemptStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auto-configuration of the throttle ({@code jwt.auth.throttle.*}): on by default, its
 * store follows {@code jwt.auth.store.type}, an application's own beans are kept, and
 * nonsense values refuse to start naming the property.
 */
class ThrottleConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JwtAuthAutoConfiguration.class))
		.withPropertyValues("jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
				"jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences=api",
				"spring.datasource.generate-unique-name=true")
		.withBean(Clock.class, () -> Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

	@Test
	void onByDefaultInMemory() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(AttemptPurger.class);
			assertThat(context.getBean(AttemptStore.class)).isInstanceOf(InMemoryAttemptStore.class);
			assertThat(context.getBean(AttemptThrottle.class).isEnabled()).isTrue();
		});
	}

	@Test
	void jdbcStoreCountsInItsTable() {
		this.runner.withPropertyValues("jwt.auth.store.type=jdbc", "jwt.auth.store.jdbc.table-prefix=thr_")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(AttemptStore.class)).isInstanceOf(JdbcAttemptStore.class);
				assertThat(context.getBeanFactory().getBeanDefinition("jwtAuthAttemptStore").getDependsOn())
					.contains("jwtAuthJdbcStoreDatabaseInitializer");
				AttemptThrottle throttle = context.getBean(AttemptThrottle.class);
				for (int i = 0; i < 5; i++) {
					throttle.loginFailed("alice", "192.0.2.1");
				}
				assertThat(throttle.checkLogin("alice", "192.0.2.1")).contains(Duration.ofSeconds(1));
				assertThat(JdbcClient.create(context.getBean(DataSource.class))
					.sql("SELECT COUNT(*) FROM thr_attempt")
					.query(Long.class)
					.single()).isEqualTo(3);
			});
	}

	@Test
	void propertiesSetTheLimits() {
		this.runner
			.withPropertyValues("jwt.auth.throttle.max-failures=2", "jwt.auth.throttle.initial-backoff=10s",
					"jwt.auth.throttle.max-backoff=1m", "jwt.auth.throttle.account-max-backoff=20s")
			.run((context) -> {
				AttemptThrottle throttle = context.getBean(AttemptThrottle.class);
				throttle.loginFailed("alice", "192.0.2.1");
				assertThat(throttle.checkLogin("alice", "192.0.2.1")).isEmpty();
				throttle.loginFailed("alice", "192.0.2.1");
				assertThat(throttle.checkLogin("alice", "192.0.2.1")).contains(Duration.ofSeconds(10));
			});
	}

	@Test
	void explicitOptOutCountsNothing() {
		this.runner.withPropertyValues("jwt.auth.throttle.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(AttemptPurger.class);
			AttemptThrottle throttle = context.getBean(AttemptThrottle.class);
			assertThat(throttle.isEnabled()).isFalse();
			for (int i = 0; i < 50; i++) {
				throttle.loginFailed("alice", "192.0.2.1");
			}
			assertThat(throttle.checkLogin("alice", "192.0.2.1")).isEmpty();
		});
	}

	@Test
	void applicationBeansAreKept() {
		AttemptStore store = new InMemoryAttemptStore(10);
		AttemptThrottle throttle = AttemptThrottle.builder(store).build();
		this.runner.withBean(AttemptStore.class, () -> store)
			.withBean(AttemptThrottle.class, () -> throttle)
			.run((context) -> {
				assertThat(context.getBean(AttemptStore.class)).isSameAs(store);
				assertThat(context.getBean(AttemptThrottle.class)).isSameAs(throttle);
			});
	}

	static Stream<Arguments> refused() {
		return Stream.of(Arguments.of("jwt.auth.throttle.max-failures", "jwt.auth.throttle.max-failures=0"),
				Arguments.of("jwt.auth.throttle.address-max-failures", "jwt.auth.throttle.address-max-failures=-1"),
				Arguments.of("jwt.auth.throttle.window", "jwt.auth.throttle.window=0s"),
				Arguments.of("jwt.auth.throttle.initial-backoff", "jwt.auth.throttle.initial-backoff=-1s"),
				Arguments.of("jwt.auth.throttle.max-backoff", "jwt.auth.throttle.max-backoff=0s"),
				Arguments.of("jwt.auth.throttle.initial-backoff", "jwt.auth.throttle.initial-backoff=1h"),
				Arguments.of("jwt.auth.throttle.account-max-backoff", "jwt.auth.throttle.account-max-backoff=1h"));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("refused")
	void nonsenseRefusesToStartNamingTheProperty(String property, String setting) {
		this.runner.withPropertyValues(setting).run((context) -> {
			assertThat(context).hasFailed();
			InvalidJwtAuthPropertyException cause = null;
			for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
				if (t instanceof InvalidJwtAuthPropertyException invalid) {
					cause = invalid;
				}
			}
			assertThat(cause).isNotNull();
			assertThat(cause.getProperty()).isEqualTo(property);
			FailureAnalysis analysis = new InvalidJwtAuthPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(property);
		});
	}

}
