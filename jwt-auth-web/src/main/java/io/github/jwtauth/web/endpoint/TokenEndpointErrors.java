package io.github.jwtauth.web.endpoint;

import java.util.Map;

import io.github.jwtauth.dpop.DPoPProofException;
import io.github.jwtauth.dpop.DPoPUnavailableException;
import io.github.jwtauth.refresh.InvalidGrantException;
import io.github.jwtauth.web.DPoPHeader;
import io.github.jwtauth.web.endpoint.TokenEndpointSupport.InvalidRequestException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * OAuth-style JSON errors for the token endpoints: never a stack trace, never a 500 for a
 * bad request.
 */
@RestControllerAdvice(assignableTypes = { LoginEndpoint.class, RefreshEndpoint.class, LogoutEndpoint.class,
		SessionsEndpoint.class, IntrospectionEndpoint.class })
public class TokenEndpointErrors {

	@ExceptionHandler(InvalidGrantException.class)
	ResponseEntity<Map<String, Object>> invalidGrant(InvalidGrantException ex) {
		return TokenEndpointSupport.error(HttpStatus.BAD_REQUEST, "invalid_grant", ex.getMessage());
	}

	@ExceptionHandler(DPoPProofException.class)
	ResponseEntity<Map<String, Object>> invalidDPoPProof(DPoPProofException ex) {
		ResponseEntity<Map<String, Object>> error = TokenEndpointSupport.error(HttpStatus.BAD_REQUEST,
				ex.getErrorCode(), ex.getMessage());
		if (ex.getNonce() == null) {
			return error;
		}
		return ResponseEntity.status(error.getStatusCode())
			.headers(error.getHeaders())
			.header(DPoPHeader.NONCE, ex.getNonce())
			.body(error.getBody());
	}

	@ExceptionHandler(DPoPUnavailableException.class)
	ResponseEntity<Map<String, Object>> dpopUnavailable(DPoPUnavailableException ex) {
		return TokenEndpointSupport.unavailable("The DPoP replay check is unavailable; try again shortly");
	}

	@ExceptionHandler(CrossSiteRequestException.class)
	ResponseEntity<Map<String, Object>> crossSite(CrossSiteRequestException ex) {
		return TokenEndpointSupport.error(HttpStatus.FORBIDDEN, "access_denied", ex.getMessage());
	}

	@ExceptionHandler(DuplicateCookieException.class)
	ResponseEntity<Map<String, Object>> duplicateCookie(DuplicateCookieException ex) {
		return TokenEndpointSupport.error(HttpStatus.BAD_REQUEST, "invalid_request", ex.getMessage());
	}

	/**
	 * An endpoint that needs an access token reached without one (only when the
	 * application's own security rules let it through): 401 with the Bearer challenge.
	 * @param ex the refusal
	 * @return the answer
	 */
	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Map<String, Object>> noAccessToken(AccessDeniedException ex) {
		ResponseEntity<Map<String, Object>> error = TokenEndpointSupport.error(HttpStatus.UNAUTHORIZED, "invalid_token",
				"An access token is required");
		return ResponseEntity.status(error.getStatusCode())
			.headers(error.getHeaders())
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.body(error.getBody());
	}

	@ExceptionHandler(InvalidRequestException.class)
	ResponseEntity<Map<String, Object>> invalidRequest(InvalidRequestException ex) {
		return TokenEndpointSupport.error(HttpStatus.BAD_REQUEST, "invalid_request", ex.getMessage());
	}

	@ExceptionHandler(RevocationStatusUnavailableException.class)
	ResponseEntity<Map<String, Object>> revocationStatusUnavailable(RevocationStatusUnavailableException ex) {
		return TokenEndpointSupport.unavailable("Revocation status unavailable; try again shortly");
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException ex) {
		return TokenEndpointSupport.error(HttpStatus.BAD_REQUEST, "invalid_request", "Malformed request body");
	}

}
