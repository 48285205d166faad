package io.github.jwtauth.web.endpoint;

import java.util.Map;
import java.util.function.Supplier;

import io.github.jwtauth.refresh.RefreshTokenService;
import io.github.jwtauth.refresh.TokenResponse;
import io.github.jwtauth.token.JwtTokenService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /auth/login}: authenticates a user name and password (JSON or form) with
 * the application's {@link AuthenticationManager} and answers an access token and, when
 * refresh is available, a refresh token. Every failure gets the same 401 answer, so it
 * does not tell whether the user exists; a failure of the user store
 * ({@link AuthenticationServiceException}) is 503 {@code temporarily_unavailable}.
 */
@RestController
public class LoginEndpoint {

	private static final Log logger = LogFactory.getLog(LoginEndpoint.class);

	private final Supplier<AuthenticationManager> authenticationManager;

	private final JwtTokenService tokens;

	private final @Nullable RefreshTokenService refreshTokens;

	private final ApplicationEventPublisher events;

	/**
	 * Create the endpoint.
	 * @param authenticationManager supplies the authentication manager
	 * @param tokens issues access tokens
	 * @param refreshTokens starts refreshable sessions, or {@code null}
	 * @param events publishes login failures
	 */
	public LoginEndpoint(Supplier<AuthenticationManager> authenticationManager, JwtTokenService tokens,
			@Nullable RefreshTokenService refreshTokens, ApplicationEventPublisher events) {
		this.authenticationManager = authenticationManager;
		this.tokens = tokens;
		this.refreshTokens = refreshTokens;
		this.events = events;
	}

	@PostMapping(path = "${jwt.auth.endpoints.login-path:/auth/login}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> loginJson(@RequestBody Map<String, Object> body) {
		return login(TokenEndpointSupport.json(body, "username"), TokenEndpointSupport.json(body, "password"));
	}

	@PostMapping(path = "${jwt.auth.endpoints.login-path:/auth/login}")
	ResponseEntity<Map<String, Object>> loginForm(@RequestParam MultiValueMap<String, String> form) {
		return login(TokenEndpointSupport.form(form, "username"), TokenEndpointSupport.form(form, "password"));
	}

	private ResponseEntity<Map<String, Object>> login(String username, String password) {
		TokenEndpointSupport.required(username, "username");
		TokenEndpointSupport.required(password, "password");
		Authentication authentication;
		try {
			authentication = this.authenticationManager.get()
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
		}
		catch (AuthenticationServiceException ex) {
			// the user store failed (DaoAuthenticationProvider wraps it): not a bad guess
			logger.warn("User store unavailable at login: " + ex.getClass().getSimpleName());
			return TokenEndpointSupport.unavailable("The user store is unavailable; try again shortly");
		}
		catch (AuthenticationException ex) {
			this.events.publishEvent(new LoginFailedEvent(username, ex.getClass().getSimpleName()));
			return TokenEndpointSupport.error(HttpStatus.UNAUTHORIZED, "invalid_credentials",
					"Bad user name or password");
		}
		TokenResponse response = (this.refreshTokens != null) ? this.refreshTokens.startSession(authentication)
				: new TokenResponse(this.tokens.issue(authentication), null, 0);
		return TokenEndpointSupport.tokens(response.toBody());
	}

}
