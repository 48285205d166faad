package io.github.jwtauth.dpop;

/**
 * Whether tokens are bound to a client key with DPoP.
 */
public enum DPoPMode {

	/**
	 * No DPoP: a {@code DPoP} header at login or refresh is ignored and bearer tokens are
	 * issued; a request presenting a token with the {@code DPoP} scheme is refused.
	 * DPoP-bound tokens (of another issuer) are refused in every mode when presented as
	 * bearer tokens.
	 */
	OFF,

	/**
	 * Tokens are bound when the client sends a proof at login or refresh, bearer tokens
	 * otherwise; both kinds are accepted, each with its own scheme.
	 */
	OPTIONAL,

	/**
	 * Only DPoP-bound tokens: login and refresh without a proof are refused, and so is a
	 * token presented without a proof.
	 */
	REQUIRED;

	/**
	 * Whether proofs are verified and bound tokens issued.
	 * @return {@code true} unless {@link #OFF}
	 */
	public boolean isEnabled() {
		return this != OFF;
	}

}
