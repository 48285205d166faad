package io.github.jwtauth.web.endpoint;

import java.util.Map;

import io.github.jwtauth.refresh.InvalidGrantException;
import io.github.jwtauth.refresh.RefreshTokenService;
import io.github.jwtauth.throttle.AttemptThrottle;
import io.github.jwtauth.throttle.InMemoryAttemptStore;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /auth/refresh}: rotates a refresh token given as JSON
 * {@code {"refresh_token": …}} or as the OAuth form
 * {@code grant_type=refresh_token&refresh_token=…}. Every refusal is 400
 * {@code invalid_grant}, and counts as a failure of the client address in the
 * {@link AttemptThrottle}: a throttled address gets 429 before its token is looked up.
 */
@RestController
public class RefreshEndpoint {

	private final RefreshTokenService refreshTokens;

	private final AttemptThrottle throttle;

	/**
	 * Create the endpoint, throttling failures in this process's memory with the default
	 * limits of {@link AttemptThrottle#builder}.
	 * @param refreshTokens the refresh token service
	 */
	public RefreshEndpoint(RefreshTokenService refreshTokens) {
		this(refreshTokens, AttemptThrottle.builder(new InMemoryAttemptStore()).build());
	}

	/**
	 * Create the endpoint.
	 * @param refreshTokens the refresh token service
	 * @param throttle throttles failures per client address
	 */
	public RefreshEndpoint(RefreshTokenService refreshTokens, AttemptThrottle throttle) {
		this.refreshTokens = refreshTokens;
		this.throttle = throttle;
	}

	@PostMapping(path = "${jwt.auth.endpoints.refresh-path:/auth/refresh}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> refreshJson(@RequestBody Map<String, Object> body) {
		return refresh(TokenEndpointSupport.json(body, "refresh_token"));
	}

	@PostMapping(path = "${jwt.auth.endpoints.refresh-path:/auth/refresh}")
	ResponseEntity<Map<String, Object>> refreshForm(@RequestParam MultiValueMap<String, String> form) {
		String grantType = TokenEndpointSupport.form(form, "grant_type");
		if (grantType != null && !"refresh_token".equals(grantType)) {
			return TokenEndpointSupport.error(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
					"Only grant_type=refresh_token is supported");
		}
		return refresh(TokenEndpointSupport.form(form, "refresh_token"));
	}

	private ResponseEntity<Map<String, Object>> refresh(String refreshToken) {
		TokenEndpointSupport.required(refreshToken, "refresh_token");
		String address = ClientAddress.current();
		this.throttle.checkAddress(address).ifPresent((wait) -> {
			throw new TooManyAttemptsException(wait);
		});
		try {
			return TokenEndpointSupport.tokens(this.refreshTokens.refresh(refreshToken).toBody());
		}
		catch (InvalidGrantException ex) {
			this.throttle.addressFailed(address);
			throw ex;
		}
	}

}
