package io.github.jwtauth.test.web;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.util.Assert;

/**
 * Sends a bearer token with a MockMvc request, so that the real decoder, validators and
 * revocation check run:
 * {@code mvc.perform(get("/api/me").with(bearerToken(tokens.issue("alice", "ROLE_USER"))))}.
 */
public final class BearerTokenRequestPostProcessor implements RequestPostProcessor {

	private final String token;

	private BearerTokenRequestPostProcessor(String token) {
		this.token = token;
	}

	/**
	 * A post-processor that adds {@code Authorization: Bearer <token>}.
	 * @param token the compact token
	 * @return the post-processor
	 */
	public static BearerTokenRequestPostProcessor bearerToken(String token) {
		Assert.hasText(token, "token must not be empty");
		return new BearerTokenRequestPostProcessor(token);
	}

	@Override
	public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
		request.addHeader("Authorization", "Bearer " + this.token);
		return request;
	}

}
