package io.github.jwtauth.web.servlet;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.jwtauth.dpop.DPoPMode;
import io.github.jwtauth.dpop.DPoPProofVerifier;
import io.github.jwtauth.web.AccessTokenChallenges;
import io.github.jwtauth.web.AccessTokenRefusalListener;
import io.github.jwtauth.web.AccessTokenRefusedException;
import io.github.jwtauth.web.AccessTokenVerifier;
import io.github.jwtauth.web.BearerHeader;
import io.github.jwtauth.web.DPoPHeader;
import io.github.jwtauth.web.SecureTransport;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.Assert;

/**
 * A plain Servlet filter that authenticates {@code Authorization: Bearer} requests (and,
 * with {@link Builder#dpop}, {@code Authorization: DPoP} requests with their proofs) with
 * a {@link JwtDecoder} (usually a {@code JwtAuthDecoder}, which checks the signature, the
 * claims, every validator and revocation), for applications without Spring Security.
 * <ul>
 * <li>A verified token: the request continues with {@code getUserPrincipal()} a
 * {@link JwtPrincipal} with the authorities of the token's claim exactly as written,
 * {@code getRemoteUser()} its subject, {@code isUserInRole(role)} true when the
 * authorities hold {@code ROLE_role} (as Spring Security's {@code hasRole}: the authority
 * {@code ADMIN} is not the role {@code ADMIN}), and the {@link Jwt} in the request
 * attribute {@link #TOKEN_ATTRIBUTE}.</li>
 * <li>A refused or malformed token: 401 with
 * {@code WWW-Authenticate: Bearer error="invalid_token"} and a JSON body (RFC 6750
 * §3.1).</li>
 * <li>A token in the header and as an {@code access_token} parameter: 400
 * {@code invalid_request}.</li>
 * <li>A DPoP-bound token presented as a bearer token: 401 {@code invalid_token}; a bad
 * DPoP proof: 401 with {@code WWW-Authenticate: DPoP error="invalid_dpop_proof"} (see
 * {@link AccessTokenVerifier} and {@link AccessTokenChallenges}).</li>
 * <li>No token: 401 with a bare {@code WWW-Authenticate: Bearer}, unless
 * {@link Builder#allowAnonymous()} lets the request continue unauthenticated.</li>
 * <li>An {@code Authorization} header over plain HTTP from anywhere but loopback: 400
 * {@code invalid_request} "HTTPS is required" with an RFC 6750 challenge, before the
 * header is read any further (see {@link SecureTransport}); {@link Builder#requireHttps}
 * can switch this off.</li>
 * </ul>
 */
public final class JwtAuthFilter implements Filter {

	/**
	 * The request attribute that holds the verified {@link Jwt}.
	 */
	public static final String TOKEN_ATTRIBUTE = JwtAuthFilter.class.getName() + ".TOKEN";

	private final AccessTokenVerifier verifier;

	private final AccessTokenChallenges challenges;

	private final String authoritiesClaim;

	private final String authorityPrefix;

	private final String rolePrefix;

	private final boolean allowAnonymous;

	private final @Nullable String realm;

	private final boolean requireHttps;

	private JwtAuthFilter(Builder builder) {
		AccessTokenVerifier verifier = (builder.proofs != null)
				? AccessTokenVerifier.withDPoP(builder.decoder, builder.dpopMode, builder.proofs)
				: AccessTokenVerifier.bearerOnly(builder.decoder);
		this.verifier = (builder.refusalListener != null) ? verifier.withRefusalListener(builder.refusalListener)
				: verifier;
		this.challenges = AccessTokenChallenges.of(builder.realm, this.verifier);
		this.authoritiesClaim = builder.authoritiesClaim;
		this.authorityPrefix = builder.authorityPrefix;
		this.rolePrefix = builder.rolePrefix;
		this.allowAnonymous = builder.allowAnonymous;
		this.realm = builder.realm;
		this.requireHttps = builder.requireHttps;
	}

	/**
	 * Start building a filter.
	 * @param decoder verifies the tokens
	 * @return a builder
	 */
	public static Builder withDecoder(JwtDecoder decoder) {
		return new Builder(decoder);
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		if (!(servletRequest instanceof HttpServletRequest request)
				|| !(servletResponse instanceof HttpServletResponse response)) {
			chain.doFilter(servletRequest, servletResponse);
			return;
		}
		String header = request.getHeader("Authorization");
		if (header != null && this.requireHttps && !SecureTransport.isAcceptable(request)) {
			SecureTransport.refuse(request, response, this.realm);
			return;
		}
		Jwt jwt;
		try {
			if (DPoPHeader.isDPoP(header)) {
				jwt = verifyDPoP(request);
			}
			else {
				String token = BearerHeader.token(header);
				if (token == null) {
					if (BearerHeader.isBearer(header)) {
						throw refusal(HttpServletResponse.SC_UNAUTHORIZED, "invalid_token", "Bearer token is malformed",
								false);
					}
					if (this.allowAnonymous) {
						chain.doFilter(request, response);
					}
					else {
						this.challenges.writeMissing(response);
					}
					return;
				}
				checkSingleCredential(request);
				jwt = this.verifier.verifyBearer(token);
			}
		}
		catch (AccessTokenRefusedException ex) {
			this.challenges.writeRefusal(request, response, ex);
			return;
		}
		String subject = jwt.getSubject();
		if (subject == null || subject.isEmpty()) {
			this.challenges.writeRefusal(request, response, refusal(HttpServletResponse.SC_UNAUTHORIZED,
					"invalid_token", "Missing sub claim", DPoPHeader.isDPoP(header)));
			return;
		}
		request.setAttribute(TOKEN_ATTRIBUTE, jwt);
		JwtPrincipal principal = new JwtPrincipal(jwt, subject, authorities(jwt));
		chain.doFilter(new JwtAuthenticatedRequest(request, principal, this.rolePrefix), response);
	}

	private Jwt verifyDPoP(HttpServletRequest request) {
		return this.verifier.verifyDPoP(DPoPHeader.requireToken(request), DPoPHeader.proof(request),
				request.getMethod(), DPoPHeader.requestUri(request));
	}

	private static void checkSingleCredential(HttpServletRequest request) {
		if (BearerHeader.hasSecondCredential(request)) {
			throw refusal(HttpServletResponse.SC_BAD_REQUEST, "invalid_request",
					"Found multiple access tokens or unreadable parameters in the request", false);
		}
	}

	private static AccessTokenRefusedException refusal(int status, String error, String description, boolean dpop) {
		return new AccessTokenRefusedException(status, error, description, dpop, null, null);
	}

	private Set<String> authorities(Jwt jwt) {
		Object claim = jwt.getClaims().get(this.authoritiesClaim);
		Set<String> authorities = new LinkedHashSet<>();
		if (claim instanceof String value) {
			for (String part : value.split(" ")) {
				if (!part.isEmpty()) {
					authorities.add(this.authorityPrefix + part);
				}
			}
		}
		else if (claim instanceof Collection<?> values) {
			for (Object value : values) {
				if (value instanceof String name && !name.isEmpty()) {
					authorities.add(this.authorityPrefix + name);
				}
			}
		}
		return authorities;
	}

	/**
	 * Builds a {@link JwtAuthFilter}.
	 */
	public static final class Builder {

		private final JwtDecoder decoder;

		private String authoritiesClaim = "roles";

		private String authorityPrefix = "";

		private String rolePrefix = "ROLE_";

		private boolean allowAnonymous;

		private @Nullable String realm;

		private boolean requireHttps = true;

		private DPoPMode dpopMode = DPoPMode.OFF;

		private @Nullable DPoPProofVerifier proofs;

		private @Nullable AccessTokenRefusalListener refusalListener;

		private Builder(JwtDecoder decoder) {
			Assert.notNull(decoder, "decoder must not be null");
			this.decoder = decoder;
		}

		/**
		 * The claim that carries the authorities (default {@code roles}, a list or a
		 * space-separated string) and the prefix added to each (default none). Keep the
		 * prefix empty for tokens of a jwt-auth issuer, which carry the authorities
		 * exactly as granted; a prefix maps the names of another issuer (for example
		 * {@code SCOPE_} for its scopes).
		 * @param claimName the claim name
		 * @param prefix the prefix
		 * @return this builder
		 */
		public Builder authorities(String claimName, String prefix) {
			Assert.hasText(claimName, "claimName must not be empty");
			Assert.notNull(prefix, "prefix must not be null");
			this.authoritiesClaim = claimName;
			this.authorityPrefix = prefix;
			return this;
		}

		/**
		 * The prefix that {@code isUserInRole} adds to a role name that lacks it (default
		 * {@code ROLE_}, so the role {@code ADMIN} is the authority {@code ROLE_ADMIN},
		 * and the authority {@code ADMIN} grants no role), as Spring Security's
		 * {@code hasRole}; empty to compare role names with the authorities as they are.
		 * @param rolePrefix the role prefix
		 * @return this builder
		 */
		public Builder rolePrefix(String rolePrefix) {
			Assert.notNull(rolePrefix, "rolePrefix must not be null");
			this.rolePrefix = rolePrefix;
			return this;
		}

		/**
		 * Let requests without any {@code Authorization: Bearer} header continue
		 * unauthenticated ({@code getUserPrincipal()} is {@code null}) instead of
		 * answering 401. A bad token is refused either way.
		 * @return this builder
		 */
		public Builder allowAnonymous() {
			this.allowAnonymous = true;
			return this;
		}

		/**
		 * The realm written into {@code WWW-Authenticate} (default none).
		 * @param realm the realm
		 * @return this builder
		 */
		public Builder realm(String realm) {
			Assert.hasText(realm, "realm must not be empty");
			this.realm = realm;
			return this;
		}

		/**
		 * Whether a request with an {@code Authorization} header must come over HTTPS or
		 * from loopback (default {@code true}). Switch it off only when something the
		 * container cannot see guarantees the transport (for example a service mesh with
		 * mutual TLS in front of a plain-HTTP container): otherwise a bearer token sent
		 * over plain HTTP can be read and replayed by anyone on the network path.
		 * @param requireHttps {@code false} to accept bearer tokens over plain HTTP from
		 * anywhere
		 * @return this builder
		 */
		public Builder requireHttps(boolean requireHttps) {
			this.requireHttps = requireHttps;
			return this;
		}

		/**
		 * Accept DPoP-bound tokens (RFC 9449): {@code Authorization: DPoP} with one
		 * {@code DPoP} proof header, checked by the verifier (its replay store shared by
		 * every instance); with {@link DPoPMode#REQUIRED} bearer tokens are refused.
		 * Without it (or with {@link DPoPMode#OFF}) the {@code DPoP} scheme is refused. A
		 * DPoP-bound token presented as a bearer token is refused in every mode.
		 * @param mode the mode
		 * @param proofs verifies the proofs
		 * @return this builder
		 */
		public Builder dpop(DPoPMode mode, DPoPProofVerifier proofs) {
			Assert.notNull(mode, "mode must not be null");
			Assert.notNull(proofs, "proofs must not be null");
			this.dpopMode = mode;
			this.proofs = proofs;
			return this;
		}

		/**
		 * Tell a listener of every token refused, with the reason (for example to count
		 * refusals by reason in a metric).
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder refusalListener(AccessTokenRefusalListener listener) {
			Assert.notNull(listener, "listener must not be null");
			this.refusalListener = listener;
			return this;
		}

		/**
		 * Build the filter.
		 * @return the filter
		 */
		public JwtAuthFilter build() {
			return new JwtAuthFilter(this);
		}

	}

}
