package io.github.jwtauth.autoconfigure.session;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@link SessionsClientDetailsHttpTests} on PostgreSQL
 * ({@code jwt.auth.store.type=jdbc}).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=100", "jwt.auth.throttle.address-max-failures=1000",
				"jwt.auth.sessions.record-client-details=true", "jwt.auth.store.type=jdbc",
				"spring.datasource.url=" + Instances.POSTGRES_URL, "spring.datasource.username=postgres",
				"jwt.auth.store.jdbc.initialize-schema=always" })
class SessionsClientDetailsPostgresHttpTests extends SessionsClientDetailsHttpTests {

	/**
	 * Tables of this class's own: its tests move the application's clock by hours, and
	 * the purger of its cached context would otherwise delete the rows of every other
	 * test on the shared database's default tables as expired.
	 * @param registry the registry
	 */
	@DynamicPropertySource
	static void ownTables(DynamicPropertyRegistry registry) {
		String prefix = "sess_det_" + Long.toHexString(System.nanoTime()) + "_";
		registry.add("jwt.auth.store.jdbc.table-prefix", () -> prefix);
	}

}
