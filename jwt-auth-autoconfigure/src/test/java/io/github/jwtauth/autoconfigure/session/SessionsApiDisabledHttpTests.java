package io.github.jwtauth.autoconfigure.session;

import java.util.List;
import java.util.UUID;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.refresh.LoginSessions;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import io.github.jwtauth.web.endpoint.SessionsEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jwt.auth.sessions.enabled=false}: the sessions API is not served, and the
 * application's {@link LoginSessions} is still there.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000", "jwt.auth.sessions.enabled=false" })
class SessionsApiDisabledHttpTests {

	@Autowired
	ApplicationContext context;

	@Test
	void theSessionsApiIsNotServed() {
		SessionHttp http = SessionHttp.of(this.context);
		assertThat(this.context.getBeansOfType(SessionsEndpoint.class)).isEmpty();
		String user = http.newUser("otto");
		Response login = http.login(user);
		Response other = http.login(user);
		for (Response answer : List.of(http.sessions(login.accessToken()),
				http.end(login.accessToken(), SessionHttp.sid(other.accessToken())),
				http.endOthers(login.accessToken()), http.end(login.accessToken(), UUID.randomUUID().toString()))) {
			assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
		}
		// nothing was ended
		assertThat(http.me(login.accessToken())).isEqualTo(200);
		assertThat(http.me(other.accessToken())).isEqualTo(200);
		assertThat(this.context.getBean(LoginSessions.class).list(user)).hasSize(2);
	}

}
