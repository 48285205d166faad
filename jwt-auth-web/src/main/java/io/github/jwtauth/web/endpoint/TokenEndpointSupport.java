package io.github.jwtauth.web.endpoint;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.jwtauth.refresh.TokenResponse;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.web.DPoPHeader;
import io.github.jwtauth.web.TokenStatusUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.MultiValueMap;

/**
 * Request and response helpers shared by the token endpoints.
 */
final class TokenEndpointSupport {

	private TokenEndpointSupport() {
	}

	/**
	 * A token response, with a fresh DPoP nonce when nonces are required.
	 * @param body the body
	 * @param nonce the nonce for the {@code DPoP-Nonce} header, or {@code null}
	 * @return the answer
	 */
	static ResponseEntity<Map<String, Object>> tokens(Map<String, Object> body, @Nullable String nonce) {
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header("Pragma", "no-cache");
		if (nonce != null) {
			answer.header(DPoPHeader.NONCE, nonce);
		}
		return answer.body(body);
	}

	/**
	 * A token response: in cookie mode the refresh token goes into the cookie and not
	 * into the body.
	 * @param response the tokens
	 * @param nonce the nonce for the {@code DPoP-Nonce} header, or {@code null}
	 * @param cookie the refresh-token cookie
	 * @param request the request (its context path is the cookie's base)
	 * @return the answer
	 */
	static ResponseEntity<Map<String, Object>> tokens(TokenResponse response, @Nullable String nonce,
			RefreshTokenCookie cookie, HttpServletRequest request) {
		Map<String, Object> body = response.toBody();
		String refreshToken = response.refreshToken();
		if (!cookie.isEnabled() || refreshToken == null) {
			return tokens(body, nonce);
		}
		body.remove("refresh_token");
		ResponseEntity<Map<String, Object>> answer = tokens(body, nonce);
		return ResponseEntity.status(answer.getStatusCode())
			.headers(answer.getHeaders())
			.header(HttpHeaders.SET_COOKIE,
					cookie.issue(refreshToken, Duration.ofSeconds(response.refreshTokenExpiresIn()),
							RefreshTokenCookie.basePath(request)))
			.body(body);
	}

	/**
	 * The user agent and client address of a request, for the session's record.
	 * @param request the request
	 * @return the details
	 */
	static ClientDetails clientDetails(HttpServletRequest request) {
		return new ClientDetails(request.getHeader(HttpHeaders.USER_AGENT), request.getRemoteAddr());
	}

	/**
	 * The access token the caller authenticated with.
	 * @param authentication the caller's authentication
	 * @return the token
	 * @throws AccessDeniedException if the caller did not authenticate with one (401 by
	 * {@link TokenEndpointErrors})
	 */
	static Jwt jwt(@Nullable Authentication authentication) {
		if (authentication instanceof JwtAuthenticationToken token) {
			return token.getToken();
		}
		throw new AccessDeniedException("An access token is required");
	}

	/**
	 * A token presented to a token endpoint (revocation, introspection), verified and
	 * validated as on a request, but bound or not: revoking or describing a token only
	 * takes rights away.
	 * @param decoder the decoder
	 * @param token the token
	 * @return the token, or {@code null} if it is refused
	 * @throws RevocationStatusUnavailableException if its revocation status is unknown (a
	 * stale replica, the first load pending): answered 503, never as a refused token
	 */
	static @Nullable Jwt decodeAnyBinding(JwtDecoder decoder, String token) {
		try {
			return (decoder instanceof JwtAuthDecoder jwtAuth) ? jwtAuth.decodeForRevocation(token)
					: decoder.decode(token);
		}
		catch (JwtException ex) {
			if (TokenStatusUnavailable.isCause(ex)) {
				throw new RevocationStatusUnavailableException(ex);
			}
			return null;
		}
	}

	static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, @Nullable String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		if (description != null) {
			body.put("error_description", description);
		}
		return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(body);
	}

	/**
	 * 503 {@code temporarily_unavailable} with {@code Retry-After}.
	 * @param description the description
	 * @return the answer
	 */
	static ResponseEntity<Map<String, Object>> unavailable(String description) {
		ResponseEntity<Map<String, Object>> error = error(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable",
				description);
		return ResponseEntity.status(error.getStatusCode())
			.headers(error.getHeaders())
			.header("Retry-After", "5")
			.body(error.getBody());
	}

	/**
	 * A string parameter of a JSON body.
	 * @param body the body, or {@code null}
	 * @param name the parameter
	 * @return its value, or {@code null} when absent
	 */
	static @Nullable String json(@Nullable Map<String, Object> body, String name) {
		Object value = (body != null) ? body.get(name) : null;
		if (value == null) {
			return null;
		}
		if (!(value instanceof String string)) {
			throw new InvalidRequestException("'" + name + "' must be a string");
		}
		return string;
	}

	/**
	 * A single-valued form parameter.
	 * @param form the form, or {@code null}
	 * @param name the parameter
	 * @return its value, or {@code null} when absent
	 */
	static @Nullable String form(@Nullable MultiValueMap<String, String> form, String name) {
		if (form == null || !form.containsKey(name)) {
			return null;
		}
		if (form.get(name).size() != 1) {
			throw new InvalidRequestException("'" + name + "' must be given once");
		}
		return form.getFirst(name);
	}

	static String required(@Nullable String value, String name) {
		if (value == null || value.isEmpty()) {
			throw new InvalidRequestException("'" + name + "' is required");
		}
		return value;
	}

	/**
	 * A malformed request: 400 {@code invalid_request}.
	 */
	static final class InvalidRequestException extends RuntimeException {

		InvalidRequestException(String description) {
			super(description);
		}

	}

}
