package io.github.jwtauth.autoconfigure.http;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.store.jdbc.JdbcRefreshTokenStore;
import io.github.jwtauth.store.jdbc.JdbcRevocationStore;
import io.github.jwtauth.test.junit.RequiresServer;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL ({@code jwt.auth.store.type=jdbc}): the store timers are tagged
 * {@code type=jdbc}, the replica reports the age of its last sync, and the store beans
 * are the JDBC stores themselves, not the timing proxies.
 */
@RequiresServer(name = "PostgreSQL", port = 5432)
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.store.type=jdbc", "spring.datasource.url=" + Instances.POSTGRES_URL,
				"spring.datasource.username=postgres", "jwt.auth.store.jdbc.initialize-schema=always" })
class MetricsPostgresHttpTests {

	/**
	 * Tables of this class's own: the shared database's default tables count the failures
	 * of other tests from the same loopback address, which could throttle this login.
	 * @param registry the registry
	 */
	@DynamicPropertySource
	static void ownTables(DynamicPropertyRegistry registry) {
		String prefix = "metrics_" + Long.toHexString(System.nanoTime()) + "_";
		registry.add("jwt.auth.store.jdbc.table-prefix", () -> prefix);
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	InMemoryUserDetailsManager users;

	@Autowired
	ApplicationContext context;

	@Test
	void storeOperationsAreTimedAndTheReplicaReportsItsSync() {
		String user = "metered-jdbc-" + UUID.randomUUID();
		this.users.createUser(User.withUsername(user).password("{noop}" + user + "-pw").roles("USER").build());
		JwtAuthClient http = JwtAuthClient.forPort(this.port);
		JwtAuthClient.Response login = http.login(user, user + "-pw");
		assertThat(login.status()).isEqualTo(200);
		assertThat(http.refresh(login.refreshToken()).status()).isEqualTo(200);
		assertThat(http.logout(login.accessToken()).status()).isEqualTo(204);

		assertThat(timer("refresh_token", "create").count()).isPositive();
		assertThat(timer("refresh_token", "rotate").count()).isPositive();
		assertThat(timer("revocation", "add").count()).isPositive();
		// the synchronizer's first load from the shared store, then its polls
		assertThat(timer("revocation", "findActive").count()).isPositive();
		assertThat(timer("revocation", "position").count()).isPositive();
		assertThat(timer("refresh_token", "create").totalTime(TimeUnit.NANOSECONDS)).isPositive();
		double age = this.meters.get("jwt.auth.revocation.replica.age").timeGauge().value();
		assertThat(age).isNotNaN().isBetween(0.0, 30.0);
		assertThat(this.meters.get("jwt.auth.revocation.replica.stale").gauge().value()).isZero();
		assertThat(this.context.getBean(RefreshTokenStore.class)).isExactlyInstanceOf(JdbcRefreshTokenStore.class);
		assertThat(this.context.getBean(RevocationStore.class)).isExactlyInstanceOf(JdbcRevocationStore.class);
	}

	private Timer timer(String store, String operation) {
		return this.meters.get("jwt.auth.store.operations")
			.tags("store", store, "type", "jdbc", "operation", operation, "outcome", "success")
			.timer();
	}

}
