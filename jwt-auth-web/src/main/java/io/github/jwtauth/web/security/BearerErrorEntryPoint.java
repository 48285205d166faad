package io.github.jwtauth.web.security;

import java.io.IOException;

import io.github.jwtauth.web.AccessTokenChallenges;
import io.github.jwtauth.web.TokenStatusUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.Assert;

/**
 * RFC 6750 §3 and RFC 9449 §7.1 answers for authentication failures, written by
 * {@link AccessTokenChallenges}: no credentials gives 401 with a bare
 * {@code WWW-Authenticate: Bearer} (and a {@code DPoP} challenge with the accepted
 * {@code algs} when DPoP is on); a bad token gives 401 with
 * {@code error="invalid_token"}, a bad DPoP proof {@code error="invalid_dpop_proof"} or
 * {@code use_dpop_nonce} with a {@code DPoP-Nonce} header; a malformed request (two token
 * transports) gives 400 {@code invalid_request}; a token whose revocation status cannot
 * be determined yet (see {@link TokenStatusUnavailable}) gives 503
 * {@code temporarily_unavailable}. Every answer has a small JSON body and never an
 * exception detail beyond the fixed description.
 */
public final class BearerErrorEntryPoint implements AuthenticationEntryPoint {

	private final AccessTokenChallenges challenges;

	/**
	 * Create an entry point for bearer tokens only.
	 * @param realm the realm, or {@code null}
	 */
	public BearerErrorEntryPoint(@Nullable String realm) {
		this(AccessTokenChallenges.bearer(realm));
	}

	/**
	 * Create an entry point.
	 * @param challenges writes the answers
	 */
	public BearerErrorEntryPoint(AccessTokenChallenges challenges) {
		Assert.notNull(challenges, "challenges must not be null");
		this.challenges = challenges;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		this.challenges.writeRefusal(request, response, authException);
	}

}
