package io.github.jwtauth.web.endpoint;

import java.util.Map;

import io.github.jwtauth.dpop.DPoPMode;
import io.github.jwtauth.dpop.DPoPProof;
import io.github.jwtauth.refresh.InvalidGrantException;
import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokenService;
import io.github.jwtauth.refresh.TokenResponse;
import io.github.jwtauth.throttle.AttemptThrottle;
import io.github.jwtauth.throttle.InMemoryAttemptStore;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
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
 * With a {@link DPoPBinding} the new tokens are bound to the key of the request's
 * {@code DPoP} proof, and a session bound at login is refreshed only with a proof of the
 * same key: without one, or with another key, 400 {@code invalid_grant}, and the refresh
 * token stays usable by its holder. A session started without DPoP stays a bearer session
 * (a proof does not bind it afterwards); with {@code required} it is refused.
 * <p>
 * In cookie mode ({@link RefreshTokenCookie}) every refresh must pass the
 * {@link CrossSiteRequestGuard} (403 otherwise), as its answer sets the cookie: else
 * another site could post its own refresh token and log the browser in to its account. A
 * request without a refresh token in its body uses the one in the cookie (none there: 400
 * {@code invalid_grant}, as an expired cookie is simply not sent); the new refresh token
 * replaces the cookie, and one refused as unknown, spent, expired or revoked clears it
 * (one refused for its DPoP binding stays usable, and stays).
 */
@RestController
public class RefreshEndpoint {

	private final RefreshTokenService refreshTokens;

	private final AttemptThrottle throttle;

	private final DPoPBinding dpop;

	private final RefreshTokenCookie cookie;

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
		this(refreshTokens, throttle, DPoPBinding.off());
	}

	/**
	 * Create the endpoint.
	 * @param refreshTokens the refresh token service
	 * @param throttle throttles failures per client address
	 * @param dpop binds the new tokens to the key of the request's DPoP proof; a session
	 * bound at login is refreshed only with a proof of its key
	 */
	public RefreshEndpoint(RefreshTokenService refreshTokens, AttemptThrottle throttle, DPoPBinding dpop) {
		this(refreshTokens, throttle, dpop, RefreshTokenCookie.off());
	}

	/**
	 * Create the endpoint.
	 * @param refreshTokens the refresh token service
	 * @param throttle throttles failures per client address
	 * @param dpop binds the new tokens to the key of the request's DPoP proof; a session
	 * bound at login is refreshed only with a proof of its key
	 * @param cookie the refresh-token cookie of cookie mode, or
	 * {@link RefreshTokenCookie#off()}
	 */
	public RefreshEndpoint(RefreshTokenService refreshTokens, AttemptThrottle throttle, DPoPBinding dpop,
			RefreshTokenCookie cookie) {
		this.refreshTokens = refreshTokens;
		this.throttle = throttle;
		this.dpop = dpop;
		this.cookie = cookie;
	}

	@PostMapping(path = "${jwt.auth.endpoints.refresh-path:/auth/refresh}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> refreshJson(@RequestBody Map<String, Object> body, HttpServletRequest request) {
		return refresh(TokenEndpointSupport.json(body, "refresh_token"), request);
	}

	@PostMapping(path = "${jwt.auth.endpoints.refresh-path:/auth/refresh}")
	ResponseEntity<Map<String, Object>> refreshForm(@RequestParam MultiValueMap<String, String> form,
			HttpServletRequest request) {
		String grantType = TokenEndpointSupport.form(form, "grant_type");
		if (grantType != null && !"refresh_token".equals(grantType)) {
			return TokenEndpointSupport.error(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
					"Only grant_type=refresh_token is supported");
		}
		return refresh(TokenEndpointSupport.form(form, "refresh_token"), request);
	}

	private ResponseEntity<Map<String, Object>> refresh(@Nullable String bodyToken, HttpServletRequest request) {
		String refreshToken = bodyToken;
		boolean fromCookie = false;
		if (this.cookie.isEnabled()) {
			// the browser sends the cookie with any request, and the answer sets it:
			// first
			// make sure the request comes from the application's own pages
			this.cookie.getGuard().check(request);
			if (refreshToken == null || refreshToken.isEmpty()) {
				refreshToken = this.cookie.read(request);
				if (refreshToken == null) {
					throw new InvalidGrantException("No refresh token: the refresh-token cookie is missing or expired");
				}
				fromCookie = true;
			}
		}
		TokenEndpointSupport.required(refreshToken, "refresh_token");
		try {
			return rotate(refreshToken, request);
		}
		catch (InvalidGrantException ex) {
			if (!fromCookie || this.refreshTokens.isLive(refreshToken)) {
				// a token refused for its DPoP binding stays usable by its holder
				throw ex;
			}
			// a refused cookie is of no use to the browser any more
			ResponseEntity<Map<String, Object>> error = TokenEndpointSupport.error(HttpStatus.BAD_REQUEST,
					"invalid_grant", ex.getMessage());
			return ResponseEntity.status(error.getStatusCode())
				.headers(error.getHeaders())
				.header(HttpHeaders.SET_COOKIE, this.cookie.clear(RefreshTokenCookie.basePath(request)))
				.body(error.getBody());
		}
	}

	private ResponseEntity<Map<String, Object>> rotate(String refreshToken, HttpServletRequest request) {
		String address = ClientAddress.current();
		this.throttle.checkAddress(address).ifPresent((wait) -> {
			throw new TooManyAttemptsException(wait);
		});
		String jkt;
		try {
			DPoPProof proof = this.dpop.proofOf(request);
			if (proof != null) {
				// an unknown refresh token never gets its proof recorded, so that guesses
				// never fill the replay store
				RefreshTokenRecord record = this.refreshTokens.find(refreshToken)
					.orElseThrow(() -> new InvalidGrantException("Invalid refresh token"));
				if (record.jkt() == null && this.dpop.getMode() == DPoPMode.REQUIRED) {
					throw new InvalidGrantException("The session is not DPoP-bound: log in again with a DPoP proof");
				}
				this.dpop.checkReplay(proof);
			}
			jkt = (proof != null) ? proof.jkt() : null;
		}
		catch (InvalidGrantException ex) {
			this.throttle.addressFailed(address);
			throw ex;
		}
		try {
			TokenResponse response = this.refreshTokens.refresh(refreshToken, jkt,
					TokenEndpointSupport.clientDetails(request));
			return TokenEndpointSupport.tokens(response, this.dpop.currentNonce(), this.cookie, request);
		}
		catch (InvalidGrantException ex) {
			this.throttle.addressFailed(address);
			throw ex;
		}
	}

}
