package io.github.jwtauth.web.security;

import java.io.IOException;

import io.github.jwtauth.web.BearerChallenge;
import io.github.jwtauth.web.JsonErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * RFC 6750 answer for a valid token without the needed authority: 403 with
 * {@code error="insufficient_scope"} and a JSON body.
 */
public final class BearerAccessDeniedHandler implements AccessDeniedHandler {

	private static final String DESCRIPTION = "The token does not grant access to this resource";

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.of(null, "insufficient_scope", DESCRIPTION));
		JsonErrors.write(response, HttpStatus.FORBIDDEN.value(), "insufficient_scope", DESCRIPTION);
	}

}
