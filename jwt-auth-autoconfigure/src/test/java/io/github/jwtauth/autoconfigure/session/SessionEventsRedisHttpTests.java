package io.github.jwtauth.autoconfigure.session;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The {@link SessionEventsHttpTests} on Redis ({@code jwt.auth.store.type=redis}).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.max-failures=100", "jwt.auth.throttle.address-max-failures=1000",
				"jwt.auth.store.type=redis", "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379",
				"jwt.auth.store.redis.key-prefix=jwt-auth-sessions-http:" })
class SessionEventsRedisHttpTests extends SessionEventsHttpTests {

}
