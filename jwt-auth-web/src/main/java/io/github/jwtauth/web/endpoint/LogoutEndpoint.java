package io.github.jwtauth.web.endpoint;

import java.util.Map;
import java.util.Optional;

import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokenService;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.session.SessionEndReason;
import io.github.jwtauth.throttle.AttemptThrottle;
import io.github.jwtauth.throttle.InMemoryAttemptStore;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Logout and revocation:
 * <ul>
 * <li>{@code POST /auth/logout} (bearer token required): revokes the caller's session,
 * its refresh family and its access tokens; a refresh token of the caller may be sent
 * too. 204.</li>
 * <li>{@code POST /auth/logout-all} (bearer token required): revokes every session and
 * token of the caller. 204.</li>
 * <li>{@code POST /auth/revoke} (RFC 7009): {@code token} and optional
 * {@code token_type_hint}; 200 even for unknown tokens. Possession of a token is the
 * proof to revoke it, and an authenticated caller can only revoke their own tokens. An
 * access token without {@code jti} cannot be revoked alone: for a caller authenticated as
 * its subject every token of that subject is revoked, for anyone else nothing is. A token
 * that is neither a known refresh token nor a valid access token counts as a failure of
 * the client address in the {@link AttemptThrottle}, and a throttled address gets
 * 429.</li>
 * </ul>
 * In cookie mode ({@link RefreshTokenCookie}) logout also ends the session of the refresh
 * token in the cookie, when no refresh token is in the body and the request passes the
 * {@link CrossSiteRequestGuard} (403 otherwise), and both logout and logout-all clear the
 * cookie.
 */
@RestController
public class LogoutEndpoint {

	private final TokenRevocationService revocation;

	private final @Nullable RefreshTokenService refreshTokens;

	private final JwtDecoder decoder;

	private final AttemptThrottle throttle;

	private final RefreshTokenCookie cookie;

	/**
	 * Create the endpoint, throttling failed revocations in this process's memory with
	 * the default limits of {@link AttemptThrottle#builder}.
	 * @param revocation the revocation service
	 * @param refreshTokens the refresh token service, or {@code null}
	 * @param decoder verifies access tokens presented for revocation
	 */
	public LogoutEndpoint(TokenRevocationService revocation, @Nullable RefreshTokenService refreshTokens,
			JwtDecoder decoder) {
		this(revocation, refreshTokens, decoder, AttemptThrottle.builder(new InMemoryAttemptStore()).build());
	}

	/**
	 * Create the endpoint.
	 * @param revocation the revocation service
	 * @param refreshTokens the refresh token service, or {@code null}
	 * @param decoder verifies access tokens presented for revocation
	 * @param throttle throttles unknown tokens at revocation per client address
	 */
	public LogoutEndpoint(TokenRevocationService revocation, @Nullable RefreshTokenService refreshTokens,
			JwtDecoder decoder, AttemptThrottle throttle) {
		this(builder(revocation, decoder).refreshTokens(refreshTokens).throttle(throttle));
	}

	private LogoutEndpoint(Builder builder) {
		this.revocation = builder.revocation;
		this.refreshTokens = builder.refreshTokens;
		this.decoder = builder.decoder;
		this.throttle = builder.throttle;
		this.cookie = builder.cookie;
	}

	/**
	 * Start building an endpoint.
	 * @param revocation the revocation service
	 * @param decoder verifies access tokens presented for revocation
	 * @return a builder
	 */
	public static Builder builder(TokenRevocationService revocation, JwtDecoder decoder) {
		return new Builder(revocation, decoder);
	}

	@PostMapping(path = "${jwt.auth.endpoints.logout-path:/auth/logout}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> logoutJson(Authentication authentication, @RequestBody Map<String, Object> body,
			HttpServletRequest request) {
		return logout(authentication, TokenEndpointSupport.json(body, "refresh_token"), request);
	}

	@PostMapping(path = "${jwt.auth.endpoints.logout-path:/auth/logout}")
	ResponseEntity<Void> logoutForm(Authentication authentication,
			@RequestParam(required = false) MultiValueMap<String, String> form, HttpServletRequest request) {
		return logout(authentication, TokenEndpointSupport.form(form, "refresh_token"), request);
	}

	private ResponseEntity<Void> logout(@Nullable Authentication authentication, @Nullable String bodyToken,
			HttpServletRequest request) {
		Jwt jwt = TokenEndpointSupport.jwt(authentication);
		String refreshToken = bodyToken;
		if ((refreshToken == null || refreshToken.isEmpty()) && this.cookie.isEnabled()) {
			refreshToken = cookieToken(request);
			if (refreshToken != null) {
				this.cookie.getGuard().check(request);
			}
		}
		this.revocation.revokeSessionOf(jwt, SessionEndReason.LOGOUT.code());
		if (refreshToken != null) {
			Object sid = jwt.getClaims().get("sid");
			// the token's own session is ended already
			refreshRecord(refreshToken).filter((r) -> r.subject().equals(jwt.getSubject()))
				.filter((r) -> !r.familyId().equals(sid))
				.ifPresent((r) -> this.revocation.revokeSession(r.subject(), r.familyId(),
						SessionEndReason.LOGOUT.code()));
		}
		return noContent(request);
	}

	@PostMapping(path = "${jwt.auth.endpoints.logout-all-path:/auth/logout-all}")
	ResponseEntity<Void> logoutAll(Authentication authentication, HttpServletRequest request) {
		this.revocation.revokeAllTokens(TokenEndpointSupport.jwt(authentication).getSubject(),
				SessionEndReason.LOGOUT_ALL.code());
		return noContent(request);
	}

	/**
	 * The refresh token of the request's cookie, none when the cookie is ambiguous: a
	 * cookie planted beside the browser's own must not stop the caller's logout, which
	 * ends the session of the access token all the same.
	 * @param request the request
	 * @return the token, or {@code null}
	 */
	private @Nullable String cookieToken(HttpServletRequest request) {
		try {
			return this.cookie.read(request);
		}
		catch (DuplicateCookieException ex) {
			return null;
		}
	}

	/**
	 * 204, clearing the refresh-token cookie in cookie mode.
	 * @param request the request (its context path is the cookie's base)
	 * @return the answer
	 */
	private ResponseEntity<Void> noContent(HttpServletRequest request) {
		ResponseEntity.HeadersBuilder<?> answer = ResponseEntity.noContent();
		if (this.cookie.isEnabled()) {
			answer.header(HttpHeaders.SET_COOKIE, this.cookie.clear(RefreshTokenCookie.basePath(request)));
		}
		return answer.build();
	}

	@PostMapping(path = "${jwt.auth.endpoints.revoke-path:/auth/revoke}")
	ResponseEntity<Void> revokeForm(Authentication authentication, @RequestParam MultiValueMap<String, String> form) {
		return revoke(authentication, TokenEndpointSupport.form(form, "token"),
				TokenEndpointSupport.form(form, "token_type_hint"));
	}

	@PostMapping(path = "${jwt.auth.endpoints.revoke-path:/auth/revoke}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> revokeJson(Authentication authentication, @RequestBody Map<String, Object> body) {
		return revoke(authentication, TokenEndpointSupport.json(body, "token"),
				TokenEndpointSupport.json(body, "token_type_hint"));
	}

	private ResponseEntity<Void> revoke(@Nullable Authentication authentication, @Nullable String token,
			@Nullable String hint) {
		TokenEndpointSupport.required(token, "token");
		String address = ClientAddress.current();
		this.throttle.checkAddress(address).ifPresent((wait) -> {
			throw new TooManyAttemptsException(wait);
		});
		String caller = (authentication instanceof JwtAuthenticationToken jwtAuth) ? jwtAuth.getName() : null;
		boolean accessFirst = "access_token".equals(hint);
		boolean known = accessFirst && revokeAccessToken(token, caller);
		if (!known) {
			known = revokeRefreshToken(token, caller) || (!accessFirst && revokeAccessToken(token, caller));
		}
		if (!known) {
			this.throttle.addressFailed(address);
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).build();
	}

	private boolean revokeRefreshToken(String token, @Nullable String caller) {
		Optional<RefreshTokenRecord> record = refreshRecord(token);
		record.filter((r) -> caller == null || caller.equals(r.subject()))
			.ifPresent(
					(r) -> this.revocation.revokeSession(r.subject(), r.familyId(), SessionEndReason.REVOKED.code()));
		return record.isPresent();
	}

	private boolean revokeAccessToken(String token, @Nullable String caller) {
		// a DPoP-bound token too: revoking only takes rights away
		Jwt jwt = TokenEndpointSupport.decodeAnyBinding(this.decoder, token);
		if (jwt == null) {
			return false;
		}
		if ((caller == null || caller.equals(jwt.getSubject())) && !this.revocation.revokeAccessToken(jwt)
				&& caller != null) {
			// no jti: only the authenticated subject may cut off all of its own tokens
			this.revocation.revokeAllTokens(caller, SessionEndReason.REVOKED.code());
		}
		return true;
	}

	private Optional<RefreshTokenRecord> refreshRecord(String token) {
		return (this.refreshTokens != null) ? this.refreshTokens.find(token) : Optional.empty();
	}

	/**
	 * Builds a {@link LogoutEndpoint}.
	 */
	public static final class Builder {

		private final TokenRevocationService revocation;

		private final JwtDecoder decoder;

		private @Nullable RefreshTokenService refreshTokens;

		private AttemptThrottle throttle;

		private RefreshTokenCookie cookie = RefreshTokenCookie.off();

		private Builder(TokenRevocationService revocation, JwtDecoder decoder) {
			Assert.notNull(revocation, "revocation must not be null");
			Assert.notNull(decoder, "decoder must not be null");
			this.revocation = revocation;
			this.decoder = decoder;
			this.throttle = AttemptThrottle.builder(new InMemoryAttemptStore()).build();
		}

		/**
		 * End the session of a refresh token sent with a logout, and accept refresh
		 * tokens at revocation.
		 * @param refreshTokens the refresh token service, or {@code null}
		 * @return this builder
		 */
		public Builder refreshTokens(@Nullable RefreshTokenService refreshTokens) {
			this.refreshTokens = refreshTokens;
			return this;
		}

		/**
		 * Throttle unknown tokens at revocation per client address; by default in this
		 * process's memory with the default limits.
		 * @param throttle the throttle
		 * @return this builder
		 */
		public Builder throttle(AttemptThrottle throttle) {
			Assert.notNull(throttle, "throttle must not be null");
			this.throttle = throttle;
			return this;
		}

		/**
		 * Read and clear the refresh-token cookie of cookie mode (default: no cookie).
		 * @param cookie the cookie
		 * @return this builder
		 */
		public Builder cookie(RefreshTokenCookie cookie) {
			Assert.notNull(cookie, "cookie must not be null");
			this.cookie = cookie;
			return this;
		}

		/**
		 * Build the endpoint.
		 * @return the endpoint
		 */
		public LogoutEndpoint build() {
			return new LogoutEndpoint(this);
		}

	}

}
