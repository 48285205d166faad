package io.github.jwtauth.autoconfigure.http;

import javax.sql.DataSource;

import io.github.jwtauth.autoconfigure.testapp.ReservedPort;
import io.github.jwtauth.autoconfigure.testapp.TestApplication.RecordedEvents;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.web.endpoint.LoginFailedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.jdbc.JdbcDaoImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, point 3: when the user store cannot be reached (a JDBC user store on a
 * DataSource whose port is closed), login answers 503 {@code temporarily_unavailable},
 * not 401: the user did nothing wrong, and it is no failed guess.
 */
@SpringBootTest(classes = UserStoreOutageHttpTests.UnreachableUserStore.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UserStoreOutageHttpTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordedEvents events;

	@Test
	void loginDuringAUserStoreOutageAnswers503() {
		JwtAuthClient.Response login = JwtAuthClient.forPort(this.port).login("alice", "alice-password");
		assertThat(login.status()).as(login.toString()).isEqualTo(503);
		assertThat(login.field("error")).isEqualTo("temporarily_unavailable");
		assertThat(login.header("Retry-After")).isNotNull();
		assertThat(login.header("Cache-Control")).contains("no-store");
		assertThat(login.body()).doesNotContain("access_token");
		assertThat(this.events.of(LoginFailedEvent.class)).isEmpty();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class UnreachableUserStore {

		@Bean
		ReservedPort closedPort() {
			return ReservedPort.reserve();
		}

		@Bean
		DataSource dataSource(ReservedPort closedPort) {
			return new DriverManagerDataSource(
					"jdbc:postgresql://127.0.0.1:" + closedPort.port() + "/test?connectTimeout=2", "postgres", "");
		}

		@Bean
		UserDetailsService users(DataSource dataSource) {
			JdbcDaoImpl users = new JdbcDaoImpl();
			users.setDataSource(dataSource);
			return users;
		}

		@Bean
		RecordedEvents recordedEvents() {
			return new RecordedEvents();
		}

	}

}
