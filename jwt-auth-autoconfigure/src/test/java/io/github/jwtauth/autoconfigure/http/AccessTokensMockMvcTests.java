package io.github.jwtauth.autoconfigure.http;

import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.test.AccessTokens;
import io.github.jwtauth.test.autoconfigure.AutoConfigureAccessTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static io.github.jwtauth.test.web.BearerTokenRequestPostProcessor.bearerToken;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * jwt-auth-test as a user applies it: real tokens of the application with MockMvc, going
 * through the real decoder, authorities and revocation.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE, TestKeys.ISSUER,
				TestKeys.AUDIENCES })
@AutoConfigureMockMvc
@AutoConfigureAccessTokens
class AccessTokensMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccessTokens tokens;

	@Autowired
	TokenRevocationService revocation;

	@Test
	void aMintedTokenAuthenticatesWithItsAuthorities() throws Exception {
		this.mvc.perform(get("/api/me").with(bearerToken(this.tokens.issue("carol", "ROLE_USER"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("carol"));
		this.mvc.perform(get("/api/admin").header("Authorization", this.tokens.bearer("carol", "ROLE_USER")))
			.andExpect(status().isForbidden())
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString("insufficient_scope")));
		this.mvc.perform(get("/api/admin").with(bearerToken(this.tokens.issue("dave", "ROLE_ADMIN"))))
			.andExpect(status().isOk());
	}

	@Test
	void aMintedTokenIsRevocableLikeAnyOther() throws Exception {
		String token = this.tokens.issue("erin", "ROLE_USER");
		this.mvc.perform(get("/api/me").with(bearerToken(token))).andExpect(status().isOk());
		this.revocation.revokeAllTokens("erin", "password-changed");
		this.mvc.perform(get("/api/me").with(bearerToken(token)))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString("Token revoked")));
	}

}
