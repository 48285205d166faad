package io.github.jwtauth.web.endpoint;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.github.jwtauth.dpop.DPoPProof;
import io.github.jwtauth.dpop.DPoPProofException;
import io.github.jwtauth.dpop.DPoPUnavailableException;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.refresh.RefreshTokenService;
import io.github.jwtauth.refresh.TokenResponse;
import io.github.jwtauth.throttle.AttemptThrottle;
import io.github.jwtauth.throttle.InMemoryAttemptStore;
import io.github.jwtauth.token.JwtTokenService;
import io.github.jwtauth.web.DPoPHeader;
import io.github.jwtauth.web.endpoint.LoginObservationContext.Outcome;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.util.Assert;
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
 * ({@link AuthenticationServiceException}) is 503 {@code temporarily_unavailable}. Failed
 * logins are throttled by an {@link AttemptThrottle}: a throttled login answers 429
 * before its password is checked. With a {@link DPoPBinding} the tokens are bound to the
 * key of the request's {@code DPoP} proof ({@code token_type} {@code DPoP}). In cookie
 * mode ({@link RefreshTokenCookie}) the refresh token is set in the cookie instead of the
 * body, and a login must pass the {@link CrossSiteRequestGuard} (403 otherwise), so that
 * no other site can log a browser in to an account of its choosing.
 * <p>
 * Each login is a Micrometer observation,
 * {@value DefaultLoginObservationConvention#NAME}, when an
 * {@link Builder#observationRegistry(ObservationRegistry) ObservationRegistry} is given.
 */
@RestController
public class LoginEndpoint {

	private static final Log logger = LogFactory.getLog(LoginEndpoint.class);

	private static final LoginObservationConvention DEFAULT_OBSERVATION_CONVENTION = new DefaultLoginObservationConvention();

	/**
	 * The outages that the token endpoints answer 503 for and that may not be on the
	 * class path (spring-tx is optional), by name.
	 */
	private static final String[] STORE_FAILURES = { "org.springframework.dao.DataAccessException",
			"org.springframework.transaction.TransactionException" };

	private final Supplier<AuthenticationManager> authenticationManager;

	private final JwtTokenService tokens;

	private final @Nullable RefreshTokenService refreshTokens;

	private final ApplicationEventPublisher events;

	private final AttemptThrottle throttle;

	private final DPoPBinding dpop;

	private final RefreshTokenCookie cookie;

	private final ObservationRegistry observationRegistry;

	private final @Nullable LoginObservationConvention observationConvention;

	/**
	 * Create the endpoint, throttling failed logins in this process's memory with the
	 * default limits of {@link AttemptThrottle#builder}.
	 * @param authenticationManager supplies the authentication manager
	 * @param tokens issues access tokens
	 * @param refreshTokens starts refreshable sessions, or {@code null}
	 * @param events publishes login failures
	 */
	public LoginEndpoint(Supplier<AuthenticationManager> authenticationManager, JwtTokenService tokens,
			@Nullable RefreshTokenService refreshTokens, ApplicationEventPublisher events) {
		this(builder(authenticationManager, tokens).refreshTokens(refreshTokens).eventPublisher(events));
	}

	private LoginEndpoint(Builder builder) {
		this.authenticationManager = builder.authenticationManager;
		this.tokens = builder.tokens;
		this.refreshTokens = builder.refreshTokens;
		this.events = builder.events;
		this.throttle = builder.throttle;
		this.dpop = builder.dpop;
		this.cookie = builder.cookie;
		this.observationRegistry = builder.observationRegistry;
		this.observationConvention = builder.observationConvention;
	}

	/**
	 * Start building an endpoint.
	 * @param authenticationManager supplies the authentication manager
	 * @param tokens issues access tokens
	 * @return the builder
	 */
	public static Builder builder(Supplier<AuthenticationManager> authenticationManager, JwtTokenService tokens) {
		return new Builder(authenticationManager, tokens);
	}

	@PostMapping(path = "${jwt.auth.endpoints.login-path:/auth/login}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> loginJson(@RequestBody Map<String, Object> body, HttpServletRequest request) {
		return login(TokenEndpointSupport.json(body, "username"), TokenEndpointSupport.json(body, "password"), request);
	}

	@PostMapping(path = "${jwt.auth.endpoints.login-path:/auth/login}")
	ResponseEntity<Map<String, Object>> loginForm(@RequestParam MultiValueMap<String, String> form,
			HttpServletRequest request) {
		return login(TokenEndpointSupport.form(form, "username"), TokenEndpointSupport.form(form, "password"), request);
	}

	private ResponseEntity<Map<String, Object>> login(@Nullable String username, @Nullable String password,
			HttpServletRequest request) {
		Observation observation = Observation
			.createNotStarted(this.observationConvention, DEFAULT_OBSERVATION_CONVENTION, LoginObservationContext::new,
					this.observationRegistry)
			.start();
		if (observation.getContext() instanceof LoginObservationContext context) {
			context.setDpop(DPoPHeader.hasProof(request));
		}
		try (Observation.Scope scope = observation.openScope()) {
			ResponseEntity<Map<String, Object>> response = login(username, password, request, observation);
			outcome(observation, response.getStatusCode().is2xxSuccessful() ? Outcome.SUCCESS : Outcome.ERROR);
			return response;
		}
		catch (RuntimeException ex) {
			outcome(observation, outcomeOf(ex));
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * Record how a login ended, unless already recorded.
	 * @param observation the login's observation (a no-op one has no such context)
	 * @param outcome the outcome
	 */
	private static void outcome(Observation observation, Outcome outcome) {
		if (observation.getContext() instanceof LoginObservationContext context && context.getOutcome() == null) {
			context.setOutcome(outcome);
		}
	}

	private static Outcome outcomeOf(RuntimeException ex) {
		if (ex instanceof TooManyAttemptsException) {
			return Outcome.THROTTLED;
		}
		if (ex instanceof TokenEndpointSupport.InvalidRequestException || ex instanceof DPoPProofException
				|| ex instanceof CrossSiteRequestException || ex instanceof DuplicateCookieException) {
			return Outcome.INVALID_REQUEST;
		}
		if (ex instanceof KeyOperationException || ex instanceof DPoPUnavailableException || isStoreFailure(ex)) {
			return Outcome.UNAVAILABLE;
		}
		return Outcome.ERROR;
	}

	private static boolean isStoreFailure(RuntimeException ex) {
		for (Class<?> type = ex.getClass(); type != null; type = type.getSuperclass()) {
			for (String failure : STORE_FAILURES) {
				if (failure.equals(type.getName())) {
					return true;
				}
			}
		}
		return false;
	}

	private ResponseEntity<Map<String, Object>> login(@Nullable String username, @Nullable String password,
			HttpServletRequest request, Observation observation) {
		if (this.cookie.isEnabled()) {
			this.cookie.getGuard().check(request);
		}
		TokenEndpointSupport.required(username, "username");
		TokenEndpointSupport.required(password, "password");
		// the proof first: a bad one costs no password check and counts no failure; it is
		// recorded as used once the password is right, so that guesses never fill the
		// replay store
		DPoPProof proof = this.dpop.proofOf(request);
		String address = ClientAddress.current();
		this.throttle.checkLogin(username, address).ifPresent((wait) -> {
			this.events.publishEvent(new LoginThrottledEvent(username, wait));
			throw new TooManyAttemptsException(wait);
		});
		if (!this.throttle.startLogin(username)) {
			// this account's password is being checked already: parallel guesses would
			// all pass the check above before the first failure is counted
			throw new TooManyAttemptsException(Duration.ofSeconds(1));
		}
		Authentication authentication;
		try {
			authentication = this.authenticationManager.get()
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
		}
		catch (AuthenticationServiceException ex) {
			// the user store failed (DaoAuthenticationProvider wraps it): not a bad guess
			logger.warn("User store unavailable at login: " + ex.getClass().getSimpleName());
			outcome(observation, Outcome.UNAVAILABLE);
			observation.error(ex);
			return TokenEndpointSupport.unavailable("The user store is unavailable; try again shortly");
		}
		catch (AuthenticationException ex) {
			// a refusal of the credentials (an outage of the user store is caught above)
			this.throttle.loginFailed(username, address);
			outcome(observation, Outcome.FAILURE);
			observation.error(ex);
			this.events.publishEvent(new LoginFailedEvent(username, ex.getClass().getSimpleName()));
			return TokenEndpointSupport.error(HttpStatus.UNAUTHORIZED, "invalid_credentials",
					"Bad user name or password");
		}
		finally {
			this.throttle.endLogin(username);
		}
		this.throttle.loginSucceeded(username, address);
		String jkt = null;
		if (proof != null) {
			this.dpop.checkReplay(proof);
			jkt = proof.jkt();
		}
		TokenResponse response = (this.refreshTokens != null)
				? this.refreshTokens.startSession(authentication, jkt, TokenEndpointSupport.clientDetails(request))
				: new TokenResponse(
						this.tokens.issue(authentication.getName(), authentication.getAuthorities(), null, jkt), null,
						0);
		return TokenEndpointSupport.tokens(response, this.dpop.currentNonce(), this.cookie, request);
	}

	/**
	 * Builds a {@link LoginEndpoint}.
	 */
	public static final class Builder {

		private final Supplier<AuthenticationManager> authenticationManager;

		private final JwtTokenService tokens;

		private @Nullable RefreshTokenService refreshTokens;

		private ApplicationEventPublisher events = (event) -> {
		};

		private AttemptThrottle throttle;

		private DPoPBinding dpop = DPoPBinding.off();

		private RefreshTokenCookie cookie = RefreshTokenCookie.off();

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable LoginObservationConvention observationConvention;

		private Builder(Supplier<AuthenticationManager> authenticationManager, JwtTokenService tokens) {
			Assert.notNull(authenticationManager, "authenticationManager must not be null");
			Assert.notNull(tokens, "tokens must not be null");
			this.authenticationManager = authenticationManager;
			this.tokens = tokens;
			this.throttle = AttemptThrottle.builder(new InMemoryAttemptStore()).build();
		}

		/**
		 * Start refreshable sessions.
		 * @param refreshTokens the refresh token service, or {@code null} for access
		 * tokens only
		 * @return this builder
		 */
		public Builder refreshTokens(@Nullable RefreshTokenService refreshTokens) {
			this.refreshTokens = refreshTokens;
			return this;
		}

		/**
		 * Publish {@link LoginFailedEvent} and {@link LoginThrottledEvent}.
		 * @param events the publisher
		 * @return this builder
		 */
		public Builder eventPublisher(ApplicationEventPublisher events) {
			Assert.notNull(events, "events must not be null");
			this.events = events;
			return this;
		}

		/**
		 * Throttle failed logins; by default in this process's memory with the default
		 * limits.
		 * @param throttle the throttle
		 * @return this builder
		 */
		public Builder throttle(AttemptThrottle throttle) {
			Assert.notNull(throttle, "throttle must not be null");
			this.throttle = throttle;
			return this;
		}

		/**
		 * Bind the tokens to the client's DPoP key when the login request carries a proof
		 * (default: never; see {@link DPoPBinding}).
		 * @param dpop the binding policy
		 * @return this builder
		 */
		public Builder dpop(DPoPBinding dpop) {
			Assert.notNull(dpop, "dpop must not be null");
			this.dpop = dpop;
			return this;
		}

		/**
		 * Hand out refresh tokens in a cookie instead of the body (default: in the body;
		 * see {@link RefreshTokenCookie}).
		 * @param cookie the cookie
		 * @return this builder
		 */
		public Builder cookie(RefreshTokenCookie cookie) {
			Assert.notNull(cookie, "cookie must not be null");
			this.cookie = cookie;
			return this;
		}

		/**
		 * Observe every login (default {@link ObservationRegistry#NOOP}: none).
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			Assert.notNull(observationRegistry, "observationRegistry must not be null");
			this.observationRegistry = observationRegistry;
			return this;
		}

		/**
		 * The convention that names the login observations and chooses their key values
		 * (default: one registered with the registry, else
		 * {@link DefaultLoginObservationConvention}).
		 * @param observationConvention the convention
		 * @return this builder
		 */
		public Builder observationConvention(LoginObservationConvention observationConvention) {
			Assert.notNull(observationConvention, "observationConvention must not be null");
			this.observationConvention = observationConvention;
			return this;
		}

		/**
		 * Build the endpoint.
		 * @return the endpoint
		 */
		public LoginEndpoint build() {
			return new LoginEndpoint(this);
		}

	}

}
