package io.github.jwtauth.web;

import io.github.jwtauth.token.TokenRefusalReason;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A request to a protected resource refused for its access token or its DPoP proof, with
 * what the answer needs: the status, the challenge's scheme ({@code DPoP} or
 * {@code Bearer}), for {@code use_dpop_nonce} the nonce to send in {@code DPoP-Nonce},
 * and the {@link TokenRefusalReason reason} of the refusal. Without a stack trace: a
 * refusal is a normal outcome.
 */
public final class AccessTokenRefusedException extends OAuth2AuthenticationException {

	private final int status;

	private final boolean dpopChallenge;

	private final @Nullable String nonce;

	private final TokenRefusalReason reason;

	/**
	 * Create a refusal of the reason {@link TokenRefusalReason#OTHER}.
	 * @param status the HTTP status (401, or 400 for a malformed request)
	 * @param error the error code
	 * @param description the description, fixed text fit for the client
	 * @param dpopChallenge whether to answer with a {@code DPoP} challenge rather than a
	 * {@code Bearer} one
	 * @param nonce the nonce the client must use, or {@code null}
	 * @param cause the cause, or {@code null}
	 */
	public AccessTokenRefusedException(int status, String error, String description, boolean dpopChallenge,
			@Nullable String nonce, @Nullable Throwable cause) {
		this(status, error, description, dpopChallenge, nonce, cause, TokenRefusalReason.OTHER);
	}

	/**
	 * Create a refusal.
	 * @param status the HTTP status (401, or 400 for a malformed request)
	 * @param error the error code
	 * @param description the description, fixed text fit for the client
	 * @param dpopChallenge whether to answer with a {@code DPoP} challenge rather than a
	 * {@code Bearer} one
	 * @param nonce the nonce the client must use, or {@code null}
	 * @param cause the cause, or {@code null}
	 * @param reason why the token is refused
	 */
	public AccessTokenRefusedException(int status, String error, String description, boolean dpopChallenge,
			@Nullable String nonce, @Nullable Throwable cause, TokenRefusalReason reason) {
		super(new OAuth2Error(error, description, null), description, cause);
		this.status = status;
		this.dpopChallenge = dpopChallenge;
		this.nonce = nonce;
		this.reason = reason;
	}

	/**
	 * The HTTP status of the answer.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Whether the answer's challenge is {@code DPoP}.
	 * @return {@code true} for a {@code DPoP} challenge
	 */
	public boolean isDPoPChallenge() {
		return this.dpopChallenge;
	}

	/**
	 * The nonce to send in {@code DPoP-Nonce}.
	 * @return the nonce, or {@code null}
	 */
	public @Nullable String getNonce() {
		return this.nonce;
	}

	/**
	 * Why the token is refused.
	 * @return the reason
	 */
	public TokenRefusalReason getReason() {
		return this.reason;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
