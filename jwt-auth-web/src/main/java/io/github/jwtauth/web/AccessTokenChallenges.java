package io.github.jwtauth.web;

import java.io.IOException;

import io.github.jwtauth.dpop.DPoPMode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.util.Assert;

/**
 * The answers of a protected resource to a request without an acceptable access token,
 * for Spring Security's entry point and the plain Servlet filter alike: RFC 6750 §3
 * {@code Bearer} challenges and RFC 9449 §7.1 {@code DPoP} challenges with the accepted
 * {@code algs}, a {@code DPoP-Nonce} header when the client must use a new nonce, and a
 * small JSON body.
 * <ul>
 * <li>No credentials: 401 with the challenge of every accepted scheme ({@code Bearer};
 * {@code Bearer} and {@code DPoP}; or {@code DPoP} alone when DPoP is required).</li>
 * <li>A refused token or proof: 401 with the challenge of the scheme it was presented
 * with, {@code error} and {@code error_description}; a malformed request 400.</li>
 * <li>A token whose revocation status or proof replay check cannot be determined: 503
 * {@code temporarily_unavailable} with {@code Retry-After}.</li>
 * </ul>
 */
public final class AccessTokenChallenges {

	private final @Nullable String realm;

	private final DPoPMode mode;

	private final String algorithms;

	private AccessTokenChallenges(@Nullable String realm, DPoPMode mode, String algorithms) {
		Assert.isTrue(!mode.isEnabled() || !algorithms.isEmpty(), "DPoP challenges need the accepted algorithms");
		this.realm = realm;
		this.mode = mode;
		this.algorithms = algorithms;
	}

	/**
	 * The answers of a resource that accepts bearer tokens only.
	 * @param realm the realm, or {@code null}
	 * @return the answers
	 */
	public static AccessTokenChallenges bearer(@Nullable String realm) {
		return new AccessTokenChallenges(realm, DPoPMode.OFF, "");
	}

	/**
	 * The answers of a resource whose tokens a verifier checks.
	 * @param realm the realm, or {@code null}
	 * @param verifier the verifier, which tells the DPoP mode and algorithms
	 * @return the answers
	 */
	public static AccessTokenChallenges of(@Nullable String realm, AccessTokenVerifier verifier) {
		return new AccessTokenChallenges(realm, verifier.getMode(), verifier.getAlgorithmNames());
	}

	/**
	 * Answer a request that carries no credentials.
	 * @param response the response
	 * @throws IOException on I/O failure
	 */
	public void writeMissing(HttpServletResponse response) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		if (this.mode != DPoPMode.REQUIRED) {
			response.addHeader(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.of(this.realm, null, null));
		}
		if (this.mode.isEnabled()) {
			response.addHeader(HttpHeaders.WWW_AUTHENTICATE, DPoPChallenge.of(this.realm, null, null, this.algorithms));
		}
		JsonErrors.write(response, HttpStatus.UNAUTHORIZED.value(), "unauthorized",
				this.mode.isEnabled() ? "An access token is required" : "A bearer token is required");
	}

	/**
	 * Answer a refused request.
	 * @param request the request
	 * @param response the response
	 * @param ex the refusal
	 * @throws IOException on I/O failure
	 */
	public void writeRefusal(HttpServletRequest request, HttpServletResponse response, Throwable ex)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		if (TokenStatusUnavailable.isCause(ex)) {
			TokenStatusUnavailable.write(response, "Revocation status unavailable");
			return;
		}
		if (ex instanceof AccessTokenRefusedException refused) {
			OAuth2Error error = refused.getError();
			if (refused.getStatus() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
				TokenStatusUnavailable.write(response, error.getDescription());
				return;
			}
			write(response, refused.getStatus(), error, refused.isDPoPChallenge(), refused.getNonce());
			return;
		}
		if (ex instanceof OAuth2AuthenticationException oauth2) {
			OAuth2Error error = oauth2.getError();
			int status = (error instanceof BearerTokenError bearer) ? bearer.getHttpStatus().value()
					: HttpStatus.UNAUTHORIZED.value();
			write(response, status, error, DPoPHeader.isDPoP(request.getHeader(HttpHeaders.AUTHORIZATION)), null);
			return;
		}
		writeMissing(response);
	}

	private void write(HttpServletResponse response, int status, OAuth2Error error, boolean dpop,
			@Nullable String nonce) throws IOException {
		String description = (error.getDescription() != null) ? error.getDescription() : "Invalid token";
		String challenge = (dpop && this.mode.isEnabled())
				? DPoPChallenge.of(this.realm, error.getErrorCode(), description, this.algorithms)
				: BearerChallenge.of(this.realm, error.getErrorCode(), description);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		if (nonce != null) {
			response.setHeader(DPoPHeader.NONCE, nonce);
		}
		JsonErrors.write(response, status, error.getErrorCode(), description);
	}

}
