package io.github.jwtauth.web.endpoint;

import java.time.Instant;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.jwtauth.dpop.DPoPMode;
import io.github.jwtauth.throttle.AttemptThrottle;
import io.github.jwtauth.throttle.InMemoryAttemptStore;
import io.github.jwtauth.token.ConfirmationClaim;
import io.github.jwtauth.token.JwtAuthDecoder;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /auth/introspect}: token introspection (RFC 7662) for gateways and services
 * that cannot verify this issuer's tokens themselves.
 * <ul>
 * <li>Only configured clients may call it ({@link IntrospectionClients},
 * {@code client_secret_basic}); anything else is 401 {@code invalid_client} with
 * {@code WWW-Authenticate: Basic realm="…"} (RFC 6749 §5.2), the same for a missing
 * header, an unknown client and a wrong secret. Each such failure counts against the
 * client address in the {@link AttemptThrottle}; a throttled address gets 429 before its
 * credentials are checked. Introspections by an authenticated client are never counted,
 * whatever the token: a gateway passes on its users' expired and revoked tokens, and
 * counting them would let those users throttle the gateway.</li>
 * <li>The form parameter {@code token} (required: 400 {@code invalid_request} without it)
 * and an optional {@code token_type_hint}, which changes nothing. The body must be
 * {@code application/x-www-form-urlencoded} (400 otherwise).</li>
 * <li>An access token of this issuer that passes every check the API applies (the
 * decoder's {@link JwtAuthDecoder#decodeForRevocation}: signature, {@code typ}, issuer,
 * audience, times, revocation and the application's validators) answers
 * {@code "active": true}, its {@code token_type} ({@code DPoP} for a token bound with
 * {@code cnf.jkt}, RFC 9449 §6.2, else {@code Bearer}) and the token's own claims,
 * {@code exp}, {@code iat} and {@code nbf} in seconds: nothing that the token does not
 * carry. A token the API's DPoP mode refuses (a bound one with DPoP off, a bearer one
 * with DPoP required) is not active. Anything else, refresh tokens included (no resource
 * may accept one), answers only {@code "active": false}, with 200.</li>
 * <li>The revocation status unknown (replica stale or not loaded yet): 503, never an
 * answer that could be wrong.</li>
 * </ul>
 * Every answer carries {@code Cache-Control: no-store}.
 */
@RestController
public final class IntrospectionEndpoint {

	/**
	 * The realm of the {@code Basic} challenge.
	 */
	public static final String REALM = "jwt-auth introspection";

	private static final Log logger = LogFactory.getLog(IntrospectionEndpoint.class);

	private static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

	private final JwtDecoder decoder;

	private final IntrospectionClients clients;

	private final AttemptThrottle throttle;

	private final DPoPMode dpopMode;

	private IntrospectionEndpoint(Builder builder) {
		this.decoder = builder.decoder;
		this.clients = builder.clients;
		this.throttle = builder.throttle;
		this.dpopMode = builder.dpopMode;
	}

	/**
	 * Start building an endpoint.
	 * @param decoder verifies the tokens, as the API does (a {@link JwtAuthDecoder} also
	 * accepts DPoP-bound tokens)
	 * @param clients the clients allowed to call it
	 * @return a builder
	 */
	public static Builder builder(JwtDecoder decoder, IntrospectionClients clients) {
		return new Builder(decoder, clients);
	}

	@PostMapping(path = "${jwt.auth.endpoints.introspection-path:/auth/introspect}")
	ResponseEntity<Map<String, Object>> introspect(
			@RequestParam(required = false) @Nullable MultiValueMap<String, String> form, HttpServletRequest request) {
		String address = ClientAddress.current();
		this.throttle.checkAddress(address).ifPresent((wait) -> {
			throw new TooManyAttemptsException(wait);
		});
		if (this.clients.authenticate(singleAuthorization(request)) == null) {
			this.throttle.addressFailed(address);
			throw new ClientAuthenticationException();
		}
		if (!isForm(request.getContentType())) {
			throw new TokenEndpointSupport.InvalidRequestException(
					"Use Content-Type application/x-www-form-urlencoded");
		}
		String token = TokenEndpointSupport.form(form, "token");
		if (token == null) {
			throw new TokenEndpointSupport.InvalidRequestException("'token' is required");
		}
		// token_type_hint is only a hint (RFC 7662 §2.1): once at most, then unused
		TokenEndpointSupport.form(form, "token_type_hint");
		Jwt jwt = activeToken(token);
		return answer((jwt != null) ? active(jwt) : Map.of("active", false));
	}

	private static @Nullable String singleAuthorization(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
		if (headers == null || !headers.hasMoreElements()) {
			return null;
		}
		String first = headers.nextElement();
		return headers.hasMoreElements() ? null : first;
	}

	private static boolean isForm(@Nullable String contentType) {
		if (contentType == null || contentType.isBlank()) {
			// no body at all: the token is missing
			return true;
		}
		try {
			return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private @Nullable Jwt activeToken(String token) {
		Jwt jwt = TokenEndpointSupport.decodeAnyBinding(this.decoder, token);
		return (jwt != null && isUsable(jwt)) ? jwt : null;
	}

	/**
	 * Whether a request could use the token under the DPoP mode: a bound token only with
	 * DPoP on, a bearer token only unless DPoP is required, a token sender-constrained by
	 * anything but DPoP never.
	 * @param jwt the verified token
	 * @return {@code true} if it may be reported active
	 */
	private boolean isUsable(Jwt jwt) {
		if (!ConfirmationClaim.isPresent(jwt)) {
			return this.dpopMode != DPoPMode.REQUIRED;
		}
		return ConfirmationClaim.jkt(jwt) != null && this.dpopMode.isEnabled();
	}

	/**
	 * The answer for an active token (RFC 7662 §2.2): {@code active}, {@code token_type}
	 * and the token's claims.
	 * @param jwt the token
	 * @return the members
	 */
	static Map<String, Object> active(Jwt jwt) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("active", true);
		body.put("token_type", (ConfirmationClaim.jkt(jwt) != null) ? "DPoP" : "Bearer");
		jwt.getClaims().forEach((name, value) -> {
			if (value == null || body.containsKey(name)) {
				// 'active' and 'token_type' are the endpoint's, never a claim's
				return;
			}
			body.put(name, member(name, value));
		});
		return body;
	}

	private static Object member(String name, Object value) {
		if (value instanceof Instant instant) {
			return instant.getEpochSecond();
		}
		if ("aud".equals(name) && value instanceof List<?> list && list.size() == 1) {
			return list.get(0);
		}
		if ("scope".equals(name) && value instanceof Collection<?> scopes) {
			// RFC 7662 §2.2: a space-separated string
			return String.join(" ", scopes.stream().map(String::valueOf).toList());
		}
		return value;
	}

	private static ResponseEntity<Map<String, Object>> answer(Map<String, Object> body) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header("Pragma", "no-cache")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body);
	}

	@ExceptionHandler(ClientAuthenticationException.class)
	ResponseEntity<Map<String, Object>> invalidClient(ClientAuthenticationException ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Introspection refused: client authentication failed");
		}
		ResponseEntity<Map<String, Object>> error = TokenEndpointSupport.error(HttpStatus.UNAUTHORIZED,
				"invalid_client", "Client authentication failed");
		return ResponseEntity.status(error.getStatusCode())
			.headers(error.getHeaders())
			.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
			.body(error.getBody());
	}

	/**
	 * The caller is not a configured client: 401 {@code invalid_client}.
	 */
	static final class ClientAuthenticationException extends RuntimeException {

		ClientAuthenticationException() {
			super("Client authentication failed", null, false, false);
		}

	}

	/**
	 * Builds an {@link IntrospectionEndpoint}.
	 */
	public static final class Builder {

		private final JwtDecoder decoder;

		private final IntrospectionClients clients;

		private AttemptThrottle throttle;

		private DPoPMode dpopMode = DPoPMode.OPTIONAL;

		private Builder(JwtDecoder decoder, IntrospectionClients clients) {
			Assert.notNull(decoder, "decoder must not be null");
			Assert.notNull(clients, "clients must not be null");
			this.decoder = decoder;
			this.clients = clients;
			this.throttle = AttemptThrottle.builder(new InMemoryAttemptStore()).build();
		}

		/**
		 * Throttle failed client authentications per client address; by default in this
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
		 * The DPoP mode of the API (default {@link DPoPMode#OPTIONAL}): with
		 * {@link DPoPMode#OFF} a DPoP-bound token is never active, with
		 * {@link DPoPMode#REQUIRED} a bearer token is never active, as the API refuses
		 * them.
		 * @param dpopMode the mode
		 * @return this builder
		 */
		public Builder dpopMode(DPoPMode dpopMode) {
			Assert.notNull(dpopMode, "dpopMode must not be null");
			this.dpopMode = dpopMode;
			return this;
		}

		/**
		 * Build the endpoint.
		 * @return the endpoint
		 */
		public IntrospectionEndpoint build() {
			return new IntrospectionEndpoint(this);
		}

	}

}
