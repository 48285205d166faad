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
 * With {@link #withResourceMetadata()} every challenge also names the URL of the
 * resource's metadata (RFC 9728 §5.1, {@code resource_metadata}), as served by Spring
 * Security's {@code OAuth2ProtectedResourceMetadataFilter}: the well-known path under the
 * context path followed by the request's path, so that the {@code resource} of that
 * document is exactly the URL the client requested, as RFC 9728 §3.3 demands of metadata
 * found through a challenge.
 */
public final class AccessTokenChallenges {

	/**
	 * The well-known URI suffix of protected resource metadata (RFC 9728 §3).
	 */
	public static final String RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

	private final @Nullable String realm;

	private final DPoPMode mode;

	private final String algorithms;

	private final boolean resourceMetadata;

	private AccessTokenChallenges(@Nullable String realm, DPoPMode mode, String algorithms, boolean resourceMetadata) {
		Assert.isTrue(!mode.isEnabled() || !algorithms.isEmpty(), "DPoP challenges need the accepted algorithms");
		this.realm = realm;
		this.mode = mode;
		this.algorithms = algorithms;
		this.resourceMetadata = resourceMetadata;
	}

	/**
	 * The answers of a resource that accepts bearer tokens only.
	 * @param realm the realm, or {@code null}
	 * @return the answers
	 */
	public static AccessTokenChallenges bearer(@Nullable String realm) {
		return new AccessTokenChallenges(realm, DPoPMode.OFF, "", false);
	}

	/**
	 * The answers of a resource whose tokens a verifier checks.
	 * @param realm the realm, or {@code null}
	 * @param verifier the verifier, which tells the DPoP mode and algorithms
	 * @return the answers
	 */
	public static AccessTokenChallenges of(@Nullable String realm, AccessTokenVerifier verifier) {
		return new AccessTokenChallenges(realm, verifier.getMode(), verifier.getAlgorithmNames(), false);
	}

	/**
	 * The same answers, each challenge naming the URL of the resource's metadata
	 * ({@code resource_metadata}, RFC 9728 §5.1). Only for a resource that serves that
	 * metadata: a Spring Security chain with {@code oauth2ResourceServer()}, such as
	 * {@code JwtAuthHttpConfigurer}'s.
	 * @return the answers
	 */
	public AccessTokenChallenges withResourceMetadata() {
		return new AccessTokenChallenges(this.realm, this.mode, this.algorithms, true);
	}

	/**
	 * The URL of the protected resource metadata (RFC 9728) describing the URL of a
	 * request: {@code scheme://host[:port]}, the context path, the well-known suffix
	 * {@value #RESOURCE_METADATA_PATH}, then the request's path within the application
	 * (no query).
	 * @param request the request
	 * @return the URL
	 */
	public static String resourceMetadataUrl(HttpServletRequest request) {
		String scheme = request.getScheme();
		int port = request.getServerPort();
		String contextPath = request.getContextPath();
		String requestUri = request.getRequestURI();
		StringBuilder url = new StringBuilder(scheme).append("://").append(request.getServerName());
		if (port > 0 && !(("http".equalsIgnoreCase(scheme) && port == 80)
				|| ("https".equalsIgnoreCase(scheme) && port == 443))) {
			url.append(':').append(port);
		}
		url.append(contextPath).append(RESOURCE_METADATA_PATH);
		if (requestUri.length() > contextPath.length()) {
			url.append(requestUri, contextPath.length(), requestUri.length());
		}
		return url.toString();
	}

	/**
	 * Answer a request that carries no credentials, without {@code resource_metadata}.
	 * @param response the response
	 * @throws IOException on I/O failure
	 */
	public void writeMissing(HttpServletResponse response) throws IOException {
		writeMissing(null, response);
	}

	/**
	 * Answer a request that carries no credentials.
	 * @param request the request, or {@code null} (then no {@code resource_metadata})
	 * @param response the response
	 * @throws IOException on I/O failure
	 */
	public void writeMissing(@Nullable HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		String metadata = resourceMetadata(request);
		if (this.mode != DPoPMode.REQUIRED) {
			response.addHeader(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.of(this.realm, null, null, metadata));
		}
		if (this.mode.isEnabled()) {
			response.addHeader(HttpHeaders.WWW_AUTHENTICATE,
					DPoPChallenge.of(this.realm, null, null, metadata, this.algorithms));
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
			write(request, response, refused.getStatus(), error, refused.isDPoPChallenge(), refused.getNonce());
			return;
		}
		if (ex instanceof OAuth2AuthenticationException oauth2) {
			OAuth2Error error = oauth2.getError();
			int status = (error instanceof BearerTokenError bearer) ? bearer.getHttpStatus().value()
					: HttpStatus.UNAUTHORIZED.value();
			write(request, response, status, error, DPoPHeader.isDPoP(request.getHeader(HttpHeaders.AUTHORIZATION)),
					null);
			return;
		}
		writeMissing(request, response);
	}

	private @Nullable String resourceMetadata(@Nullable HttpServletRequest request) {
		return (this.resourceMetadata && request != null) ? resourceMetadataUrl(request) : null;
	}

	private void write(HttpServletRequest request, HttpServletResponse response, int status, OAuth2Error error,
			boolean dpop, @Nullable String nonce) throws IOException {
		String description = (error.getDescription() != null) ? error.getDescription() : "Invalid token";
		String metadata = resourceMetadata(request);
		String challenge = (dpop && this.mode.isEnabled())
				? DPoPChallenge.of(this.realm, error.getErrorCode(), description, metadata, this.algorithms)
				: BearerChallenge.of(this.realm, error.getErrorCode(), description, metadata);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		if (nonce != null) {
			response.setHeader(DPoPHeader.NONCE, nonce);
		}
		JsonErrors.write(response, status, error.getErrorCode(), description);
	}

}
