package io.github.jwtauth.autoconfigure.session;

import java.net.http.HttpRequest;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.test.web.JwtAuthClient.Response;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jwt.auth.endpoints.sessions-path}: the sessions API moves, and the default path
 * is not served.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES, "jwt.auth.throttle.address-max-failures=1000",
				"jwt.auth.endpoints.sessions-path=/account/devices" })
class SessionsApiPathHttpTests {

	@Autowired
	ApplicationContext context;

	@Test
	void theApiIsServedAtTheConfiguredPath() {
		SessionHttp http = SessionHttp.of(this.context);
		JwtAuthClient client = http.http();
		String user = http.newUser("pia");
		Response first = http.login(user);
		Response second = http.login(user);
		Response listed = client.get("/account/devices", second.accessToken());
		assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
		assertThat(listed.body()).contains(SessionHttp.sid(first.accessToken()), SessionHttp.sid(second.accessToken()));
		assertThat(http.sessions(second.accessToken()).status()).isEqualTo(404);

		Response ended = client.send(client.request("/account/devices/" + SessionHttp.sid(first.accessToken()))
			.header("Authorization", "Bearer " + second.accessToken())
			.DELETE());
		assertThat(ended.status()).as(ended.toString()).isEqualTo(204);
		assertThat(http.me(first.accessToken())).isEqualTo(401);
		Response others = client.send(client.request("/account/devices/others")
			.header("Authorization", "Bearer " + second.accessToken())
			.method("DELETE", HttpRequest.BodyPublishers.noBody()));
		assertThat(others.status()).isEqualTo(204);
		assertThat(http.me(second.accessToken())).isEqualTo(200);
	}

}
