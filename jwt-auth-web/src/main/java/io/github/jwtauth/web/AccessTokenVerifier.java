package io.github.jwtauth.web;

import io.github.jwtauth.dpop.DPoPMode;
import io.github.jwtauth.dpop.DPoPProofException;
import io.github.jwtauth.dpop.DPoPProofVerifier;
import io.github.jwtauth.dpop.DPoPUnavailableException;
import io.github.jwtauth.token.ConfirmationClaim;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.TokenRefusalReason;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.Assert;

/**
 * Verifies the access token of a request to a protected resource as it was presented, for
 * Spring Security's filter chain and the plain Servlet filter alike:
 * <ul>
 * <li>{@code Bearer}: the token must not be sender-constrained (a token with {@code cnf},
 * such as a DPoP-bound one, is refused, whatever decoder verified it: RFC 9449 §7.2);
 * with {@link DPoPMode#REQUIRED} every bearer token is refused.</li>
 * <li>{@code DPoP}: the token must be DPoP-bound, and the request's one proof must be
 * valid for this request ({@code htm}, {@code htu}), for this token ({@code ath}) and
 * made with the token's key ({@code cnf.jkt}), and never seen before (RFC 9449 §7.1);
 * with {@link DPoPMode#OFF} the scheme is refused.</li>
 * </ul>
 * The token is verified first (a cache hit for a known token), so a bad token never
 * spends a proof. Every refusal is an {@link AccessTokenRefusedException} with its
 * {@link TokenRefusalReason reason}; when the token's revocation status is unknown its
 * cause says so (see {@link TokenStatusUnavailable}: a 503). An
 * {@link AccessTokenRefusalListener} given with {@link #withRefusalListener} is told of
 * every refusal.
 */
public final class AccessTokenVerifier {

	private final JwtDecoder decoder;

	private final DPoPMode mode;

	private final @Nullable DPoPProofVerifier proofs;

	private final @Nullable AccessTokenRefusalListener listener;

	private AccessTokenVerifier(JwtDecoder decoder, DPoPMode mode, @Nullable DPoPProofVerifier proofs,
			@Nullable AccessTokenRefusalListener listener) {
		Assert.notNull(decoder, "decoder must not be null");
		Assert.isTrue(!mode.isEnabled() || proofs != null, "DPoP needs a proof verifier");
		this.decoder = decoder;
		this.mode = mode;
		this.proofs = proofs;
		this.listener = listener;
	}

	/**
	 * A verifier of bearer tokens only ({@link DPoPMode#OFF}).
	 * @param decoder verifies the tokens
	 * @return the verifier
	 */
	public static AccessTokenVerifier bearerOnly(JwtDecoder decoder) {
		return new AccessTokenVerifier(decoder, DPoPMode.OFF, null, null);
	}

	/**
	 * A verifier of bearer and DPoP-bound tokens, as the mode says.
	 * @param decoder verifies the tokens
	 * @param mode the DPoP mode
	 * @param proofs verifies the proofs
	 * @return the verifier
	 */
	public static AccessTokenVerifier withDPoP(JwtDecoder decoder, DPoPMode mode, DPoPProofVerifier proofs) {
		Assert.notNull(proofs, "proofs must not be null");
		return new AccessTokenVerifier(decoder, mode, proofs, null);
	}

	/**
	 * The same verifier, telling a listener of every refusal (in place of any listener
	 * given before).
	 * @param listener the listener
	 * @return the verifier
	 */
	public AccessTokenVerifier withRefusalListener(AccessTokenRefusalListener listener) {
		Assert.notNull(listener, "listener must not be null");
		return new AccessTokenVerifier(this.decoder, this.mode, this.proofs, listener);
	}

	/**
	 * The DPoP mode.
	 * @return the mode
	 */
	public DPoPMode getMode() {
		return this.mode;
	}

	/**
	 * The proof algorithms, space-separated, for the {@code algs} of a DPoP challenge.
	 * @return the algorithm names, or an empty string without DPoP
	 */
	public String getAlgorithmNames() {
		return (this.proofs != null) ? this.proofs.getAlgorithmNames() : "";
	}

	/**
	 * The decoder.
	 * @return the decoder
	 */
	public JwtDecoder getDecoder() {
		return this.decoder;
	}

	/**
	 * Verify a token presented with the {@code Bearer} scheme.
	 * @param token the token
	 * @return the verified token
	 * @throws AccessTokenRefusedException if it is refused
	 */
	public Jwt verifyBearer(String token) {
		try {
			return bearer(token);
		}
		catch (AccessTokenRefusedException ex) {
			tell(ex, false);
			throw ex;
		}
	}

	private Jwt bearer(String token) {
		if (this.mode == DPoPMode.REQUIRED) {
			throw refused(OAuth2ErrorCodes.INVALID_TOKEN, "A DPoP-bound token and a DPoP proof are required", true,
					null, TokenRefusalReason.SENDER_CONSTRAINED);
		}
		Jwt jwt = decode(token, false);
		if (!(this.decoder instanceof JwtAuthDecoder) && ConfirmationClaim.isPresent(jwt)) {
			// JwtAuthDecoder.decode refuses it already; another decoder does not know the
			// rule
			throw refused(OAuth2ErrorCodes.INVALID_TOKEN, "A sender-constrained token cannot be used as a bearer token",
					false, null, TokenRefusalReason.SENDER_CONSTRAINED);
		}
		return jwt;
	}

	/**
	 * Verify a token presented with the {@code DPoP} scheme, with its proof.
	 * @param token the token
	 * @param proof the request's one {@code DPoP} header, or {@code null} when it has
	 * none or several
	 * @param method the request method
	 * @param requestUri the request URI (see {@link DPoPHeader#requestUri})
	 * @return the verified token
	 * @throws AccessTokenRefusedException if the token or the proof is refused
	 */
	public Jwt verifyDPoP(String token, @Nullable String proof, String method, String requestUri) {
		try {
			return dpop(token, proof, method, requestUri);
		}
		catch (AccessTokenRefusedException ex) {
			tell(ex, true);
			throw ex;
		}
	}

	private Jwt dpop(String token, @Nullable String proof, String method, String requestUri) {
		DPoPProofVerifier verifier = this.proofs;
		if (!this.mode.isEnabled() || verifier == null) {
			throw refused(OAuth2ErrorCodes.INVALID_TOKEN, "DPoP is not enabled; present a bearer token", false, null,
					TokenRefusalReason.SENDER_CONSTRAINED);
		}
		if (proof == null) {
			throw refused(DPoPProofException.INVALID_DPOP_PROOF, "Exactly one DPoP proof header is required", true,
					null, TokenRefusalReason.DPOP_PROOF);
		}
		Jwt jwt = decode(token, true);
		String jkt = ConfirmationClaim.jkt(jwt);
		if (jkt == null) {
			// a decoder other than JwtAuthDecoder does not know the rule
			throw refused(OAuth2ErrorCodes.INVALID_TOKEN, "The token is not DPoP-bound", true, null,
					TokenRefusalReason.SENDER_CONSTRAINED);
		}
		try {
			verifier.verify(proof, method, requestUri, token, jkt);
		}
		catch (DPoPProofException ex) {
			throw refused(ex.getErrorCode(), ex.getMessage(), true, ex.getNonce(), TokenRefusalReason.DPOP_PROOF);
		}
		catch (DPoPUnavailableException ex) {
			throw new AccessTokenRefusedException(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
					OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, "The DPoP replay check is unavailable; try again shortly",
					true, null, null, TokenRefusalReason.UNAVAILABLE);
		}
		return jwt;
	}

	/**
	 * Tell the listener of a refusal; what it throws never turns a refusal into an error.
	 * @param refusal the refusal
	 * @param dpop whether the token came with the {@code DPoP} scheme
	 */
	private void tell(AccessTokenRefusedException refusal, boolean dpop) {
		AccessTokenRefusalListener listener = this.listener;
		if (listener == null) {
			return;
		}
		try {
			listener.refused(refusal.getReason(), dpop);
		}
		catch (RuntimeException ex) {
			// a metric must never decide an answer
		}
	}

	private Jwt decode(String token, boolean bound) {
		try {
			if (this.decoder instanceof JwtAuthDecoder jwtAuth) {
				return bound ? jwtAuth.decodeBound(token) : jwtAuth.decode(token);
			}
			return this.decoder.decode(token);
		}
		catch (RuntimeException ex) {
			// fail closed: whatever a decoder throws refuses the token, never a 500; the
			// cause stays, so an unknown revocation status is still answered with a 503
			// (see TokenStatusUnavailable)
			throw new AccessTokenRefusedException(HttpServletResponse.SC_UNAUTHORIZED, OAuth2ErrorCodes.INVALID_TOKEN,
					description(ex), bound, null, ex, reason(ex));
		}
	}

	/**
	 * The description of a refusal: {@link JwtAuthDecoder}'s, which are fixed texts, and
	 * a fixed one for any other decoder, whose messages might tell more than they should.
	 * @param ex the refusal
	 * @return the description
	 */
	private String description(RuntimeException ex) {
		String message = ex.getMessage();
		if (this.decoder instanceof JwtAuthDecoder && ex instanceof JwtException && message != null
				&& !message.isEmpty()) {
			return message;
		}
		return "Invalid token";
	}

	/**
	 * The reason of a decoder's refusal: as classified by {@link JwtAuthDecoder} (or the
	 * revocation check around another decoder), {@code unavailable} when the token's
	 * revocation status is unknown, otherwise {@code other}.
	 * @param ex the refusal
	 * @return the reason
	 */
	private static TokenRefusalReason reason(RuntimeException ex) {
		TokenRefusalReason reason = TokenRefusalReason.of(ex);
		if (reason == TokenRefusalReason.OTHER && TokenStatusUnavailable.isCause(ex)) {
			return TokenRefusalReason.UNAVAILABLE;
		}
		return reason;
	}

	private static AccessTokenRefusedException refused(String error, String description, boolean dpop,
			@Nullable String nonce, TokenRefusalReason reason) {
		return new AccessTokenRefusedException(HttpServletResponse.SC_UNAUTHORIZED, error, description, dpop, nonce,
				null, reason);
	}

}
