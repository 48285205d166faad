package io.github.jwtauth.autoconfigure.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP, with {@code jwt.auth.authorities.prefix=ROLE_}: the authorities a user
 * logs in with are exactly the ones the application sees on the next request. The
 * authority {@code ADMIN} stays {@code ADMIN} (it used to come back as
 * {@code ROLE_ADMIN}, a privilege escalation) and does not pass {@code hasRole('ADMIN')};
 * {@code ROLE_ADMIN} stays {@code ROLE_ADMIN} and does.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
				"jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences=api", "jwt.auth.authorities.prefix=ROLE_" })
class AuthoritiesRoundTripHttpTests {

	@LocalServerPort
	int port;

	@Autowired
	InMemoryUserDetailsManager users;

	JwtAuthClient http;

	@BeforeEach
	void setUp() {
		this.http = JwtAuthClient.forPort(this.port);
		for (String[] user : List.of(new String[] { "roundtrip-plain-admin", "ADMIN" },
				new String[] { "roundtrip-role-admin", "ROLE_ADMIN" })) {
			if (!this.users.userExists(user[0])) {
				this.users.createUser(User.withUsername(user[0])
					.password("{noop}" + user[0] + "-password")
					.authorities(user[1])
					.build());
			}
		}
	}

	@Test
	void anAuthorityWithoutThePrefixComesBackUnchangedAndGrantsNoRole() {
		String token = login("roundtrip-plain-admin");
		assertThat(rolesClaim(token)).containsExactly("ADMIN");
		assertThat(authoritiesSeen(token)).containsExactly("ADMIN");
		JwtAuthClient.Response admin = this.http.get("/api/admin", token);
		assertThat(admin.status()).isEqualTo(403);
		assertThat(admin.field("error")).isEqualTo("insufficient_scope");
	}

	@Test
	void anAuthorityWithThePrefixComesBackUnchangedAndGrantsTheRole() {
		String token = login("roundtrip-role-admin");
		assertThat(rolesClaim(token)).containsExactly("ROLE_ADMIN");
		assertThat(authoritiesSeen(token)).containsExactly("ROLE_ADMIN");
		assertThat(this.http.get("/api/admin", token).status()).isEqualTo(200);
	}

	private String login(String username) {
		JwtAuthClient.Response login = this.http.login(username, username + "-password");
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		return login.accessToken();
	}

	private List<String> authoritiesSeen(String token) {
		JwtAuthClient.Response me = this.http.get("/api/me", token);
		assertThat(me.status()).isEqualTo(200);
		List<?> authorities = (List<?>) me.json().get("authorities");
		// Spring Security 7 adds FACTOR_BEARER for the way the request authenticated
		return authorities.stream().map(String::valueOf).filter((name) -> !name.startsWith("FACTOR_")).toList();
	}

	private static List<String> rolesClaim(String token) {
		String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
		String roles = payload.replaceAll(".*\"roles\":\\[([^\\]]*)\\].*", "$1");
		return List.of(roles.replace("\"", "").split(","));
	}

}
