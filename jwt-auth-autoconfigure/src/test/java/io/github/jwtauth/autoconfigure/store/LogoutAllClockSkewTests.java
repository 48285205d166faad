package io.github.jwtauth.autoconfigure.store;

import java.time.Instant;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.Instances.Instance;
import io.github.jwtauth.test.TestClock;
import io.github.jwtauth.test.junit.RequiresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Logout everywhere" between two instances sharing PostgreSQL whose clocks disagree by
 * 20 seconds (within the 30-second clock skew): a token issued before the logout by an
 * instance whose clock runs ahead is refused, and tokens of logins after it (on an
 * instance whose clock runs behind, or in the same second) are accepted, on both
 * instances. Tables of a prefix of its own, dropped afterwards.
 */
class LogoutAllClockSkewTests {

	private final String prefix = "skew_" + Long.toHexString(System.nanoTime()) + "_";

	@AfterEach
	void drop() {
		JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(Instances.POSTGRES_URL, "postgres", ""));
		for (String table : new String[] { "refresh_token", "refresh_family", "revocation", "attempt", "signing_key",
				"dpop_proof" }) {
			jdbc.sql("DROP TABLE IF EXISTS " + this.prefix + table).update();
		}
	}

	@Test
	@RequiresServer(name = "PostgreSQL", port = 5432)
	void logoutAllBetweenInstancesWithSkewedClocks() {
		try (Instances instances = new Instances()) {
			String[] properties = { "jwt.auth.store.type=jdbc", "spring.datasource.url=" + Instances.POSTGRES_URL,
					"spring.datasource.username=postgres", "jwt.auth.store.jdbc.initialize-schema=always",
					"jwt.auth.store.jdbc.table-prefix=" + this.prefix, "jwt.auth.issuer=https://issuer.test",
					"jwt.auth.audiences=api", "server.address=127.0.0.1" };
			Instance a = instances.start(properties);
			Instance b = instances.start(properties);
			// test clocks stand still until moved: A at the real time, B 20 s ahead
			Instant now = Instant.now();
			a.context().getBean(TestClock.class).set(now);
			TestClock bClock = b.context().getBean(TestClock.class);
			bClock.set(now.plusSeconds(20));

			// issued on B (clock ahead) before the logout: its iat is after the logout
			String aheadBefore = b.login("alice").field("access_token");
			assertThat(a.me(aheadBefore)).isEqualTo(200);
			String onA = a.login("alice").field("access_token");
			assertThat(a.http().postJson("/auth/logout-all", "{}", onA).status()).isEqualTo(204);
			assertThat(a.me(aheadBefore)).isEqualTo(401);
			assertThat(a.me(onA)).isEqualTo(401);
			SharedStoreInstancesTests.awaitStatus(() -> b.me(aheadBefore), 401);

			// right after the logout, in the same second or not: accepted
			String rightAfter = a.login("alice").field("access_token");
			assertThat(a.me(rightAfter)).isEqualTo(200);
			assertThat(b.me(rightAfter)).isEqualTo(200);

			// issued on B (clock now behind) after the logout: its iat is before it
			bClock.set(Instant.now().minusSeconds(20));
			String behindAfter = b.login("alice").field("access_token");
			assertThat(a.me(behindAfter)).isEqualTo(200);
			assertThat(b.me(behindAfter)).isEqualTo(200);
		}
	}

}
