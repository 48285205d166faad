package io.github.jwtauth.web.security;

import java.io.IOException;

import io.github.jwtauth.web.BearerChallenge;
import io.github.jwtauth.web.JsonErrors;
import io.github.jwtauth.web.TokenStatusUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * RFC 6750 §3 answers for authentication failures: no credentials gives 401 with a bare
 * {@code WWW-Authenticate: Bearer}; a bad token gives 401 with
 * {@code error="invalid_token"}; a malformed request (two token transports) gives 400
 * {@code invalid_request}; a token whose revocation status cannot be determined yet (see
 * {@link TokenStatusUnavailable}) gives 503 {@code temporarily_unavailable}. Every answer
 * has a small JSON body and never an exception detail beyond the fixed description.
 */
public final class BearerErrorEntryPoint implements AuthenticationEntryPoint {

	private final @Nullable String realm;

	/**
	 * Create an entry point.
	 * @param realm the realm, or {@code null}
	 */
	public BearerErrorEntryPoint(@Nullable String realm) {
		this.realm = realm;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (TokenStatusUnavailable.isCause(authException)) {
			TokenStatusUnavailable.write(response, "Revocation status unavailable");
			return;
		}
		if (authException instanceof OAuth2AuthenticationException oauth2) {
			OAuth2Error error = oauth2.getError();
			int status = (error instanceof BearerTokenError bearer) ? bearer.getHttpStatus().value()
					: HttpStatus.UNAUTHORIZED.value();
			String description = (error.getDescription() != null) ? error.getDescription() : "Invalid token";
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, header(error.getErrorCode(), description));
			JsonErrors.write(response, status, error.getErrorCode(), description);
			return;
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, header(null, null));
		JsonErrors.write(response, HttpStatus.UNAUTHORIZED.value(), "unauthorized", "A bearer token is required");
	}

	private String header(@Nullable String error, @Nullable String description) {
		return BearerChallenge.of(this.realm, error, description);
	}

}
