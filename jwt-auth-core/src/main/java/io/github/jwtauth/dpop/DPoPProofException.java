package io.github.jwtauth.dpop;

import org.jspecify.annotations.Nullable;

/**
 * A refused DPoP proof, with the error code of RFC 9449: {@code invalid_dpop_proof}, or
 * {@code use_dpop_nonce} with the nonce the client must use. Without a stack trace: a
 * refusal is a normal outcome, not a fault.
 */
public final class DPoPProofException extends RuntimeException {

	/**
	 * The error code of a bad proof (RFC 9449 §5, §7.1).
	 */
	public static final String INVALID_DPOP_PROOF = "invalid_dpop_proof";

	/**
	 * The error code of a proof without the current server nonce (RFC 9449 §8, §9).
	 */
	public static final String USE_DPOP_NONCE = "use_dpop_nonce";

	private final String errorCode;

	private final @Nullable String nonce;

	private DPoPProofException(String errorCode, String description, @Nullable String nonce) {
		super(description, null, false, false);
		this.errorCode = errorCode;
		this.nonce = nonce;
	}

	/**
	 * A bad proof.
	 * @param description what is wrong, fit to be sent to the client
	 * @return the exception
	 */
	public static DPoPProofException invalid(String description) {
		return new DPoPProofException(INVALID_DPOP_PROOF, description, null);
	}

	/**
	 * A proof without the current nonce.
	 * @param description what is wrong
	 * @param nonce the nonce to use, sent in the {@code DPoP-Nonce} header
	 * @return the exception
	 */
	public static DPoPProofException useNonce(String description, String nonce) {
		return new DPoPProofException(USE_DPOP_NONCE, description, nonce);
	}

	/**
	 * The error code: {@link #INVALID_DPOP_PROOF} or {@link #USE_DPOP_NONCE}.
	 * @return the error code
	 */
	public String getErrorCode() {
		return this.errorCode;
	}

	/**
	 * The nonce the client must use, for {@link #USE_DPOP_NONCE}.
	 * @return the nonce, or {@code null}
	 */
	public @Nullable String getNonce() {
		return this.nonce;
	}

}
