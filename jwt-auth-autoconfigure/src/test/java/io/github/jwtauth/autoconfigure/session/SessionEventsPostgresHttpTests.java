package io.github.jwtauth.autoconfigure.session;

import io.github.jwtauth.autoconfigure.testapp.Instances;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The {@link SessionEventsHttpTests} on PostgreSQL ({@code jwt.auth.store.type=jdbc}).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=100", "jwt.auth.throttle.address-max-failures=1000",
				"jwt.auth.store.type=jdbc", "spring.datasource.url=" + Instances.POSTGRES_URL,
				"spring.datasource.username=postgres", "jwt.auth.store.jdbc.initialize-schema=always" })
class SessionEventsPostgresHttpTests extends SessionEventsHttpTests {

}
