package io.github.jwtauth.token;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An issued access token.
 *
 * @param tokenValue the compact JWS
 * @param tokenId the {@code jti} claim
 * @param subject the {@code sub} claim
 * @param sessionId the {@code sid} claim, or {@code null} for a token outside a login
 * session
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 * @param jkt the thumbprint of the DPoP key the token is bound to ({@code cnf.jkt}), or
 * {@code null} for a bearer token
 */
public record AccessToken(String tokenValue, String tokenId, String subject, @Nullable String sessionId,
		Instant issuedAt, Instant expiresAt, @Nullable String jkt) {

	/**
	 * A bearer token.
	 * @param tokenValue the compact JWS
	 * @param tokenId the {@code jti} claim
	 * @param subject the {@code sub} claim
	 * @param sessionId the {@code sid} claim, or {@code null}
	 * @param issuedAt the {@code iat} claim
	 * @param expiresAt the {@code exp} claim
	 */
	public AccessToken(String tokenValue, String tokenId, String subject, @Nullable String sessionId, Instant issuedAt,
			Instant expiresAt) {
		this(tokenValue, tokenId, subject, sessionId, issuedAt, expiresAt, null);
	}

	/**
	 * The OAuth {@code token_type} of this token.
	 * @return {@code DPoP} for a DPoP-bound token, {@code Bearer} otherwise
	 */
	public String tokenType() {
		return (this.jkt != null) ? "DPoP" : "Bearer";
	}

	@Override
	public String toString() {
		return "AccessToken[tokenId=" + this.tokenId + ", subject=" + this.subject + ", expiresAt=" + this.expiresAt
				+ ((this.jkt != null) ? ", DPoP-bound" : "") + "]";
	}

}
