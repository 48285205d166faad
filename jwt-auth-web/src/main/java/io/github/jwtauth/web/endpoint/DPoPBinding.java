package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.dpop.DPoPMode;
import io.github.jwtauth.dpop.DPoPNonces;
import io.github.jwtauth.dpop.DPoPProof;
import io.github.jwtauth.dpop.DPoPProofException;
import io.github.jwtauth.dpop.DPoPProofVerifier;
import io.github.jwtauth.web.DPoPHeader;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Decides whether the tokens a token endpoint issues are bound to a DPoP key (RFC 9449
 * §5): with {@link DPoPMode#OPTIONAL} when the request carries a valid proof, with
 * {@link DPoPMode#REQUIRED} always (a request without a proof is refused), with
 * {@link DPoPMode#OFF} never (a {@code DPoP} header is ignored, as by a server that does
 * not know DPoP). A bad proof is refused with {@code invalid_dpop_proof} (400), a proof
 * without the current nonce with {@code use_dpop_nonce} and a {@code DPoP-Nonce} header.
 */
public final class DPoPBinding {

	private static final DPoPBinding OFF = new DPoPBinding(DPoPMode.OFF, null);

	private final DPoPMode mode;

	private final @Nullable DPoPProofVerifier proofs;

	private DPoPBinding(DPoPMode mode, @Nullable DPoPProofVerifier proofs) {
		this.mode = mode;
		this.proofs = proofs;
	}

	/**
	 * No DPoP: bearer tokens only.
	 * @return the binding
	 */
	public static DPoPBinding off() {
		return OFF;
	}

	/**
	 * DPoP as the mode says.
	 * @param mode the mode
	 * @param proofs verifies the proofs
	 * @return the binding
	 */
	public static DPoPBinding of(DPoPMode mode, DPoPProofVerifier proofs) {
		Assert.notNull(mode, "mode must not be null");
		Assert.notNull(proofs, "proofs must not be null");
		return mode.isEnabled() ? new DPoPBinding(mode, proofs) : OFF;
	}

	/**
	 * The DPoP mode.
	 * @return the mode
	 */
	public DPoPMode getMode() {
		return this.mode;
	}

	/**
	 * The request's proof, verified but for its replay check: for a login, whose password
	 * is checked before {@link #checkReplay} records the proof, so that requests without
	 * the right password never fill the replay store.
	 * @param request the token request
	 * @return the proof, or {@code null} for bearer tokens
	 * @throws DPoPProofException if the proof is missing (when required), repeated or bad
	 */
	public @Nullable DPoPProof proofOf(HttpServletRequest request) {
		DPoPProofVerifier verifier = this.proofs;
		if (verifier == null) {
			return null;
		}
		if (!DPoPHeader.hasProof(request)) {
			if (this.mode == DPoPMode.REQUIRED) {
				throw DPoPProofException.invalid("A DPoP proof is required");
			}
			return null;
		}
		String proof = DPoPHeader.proof(request);
		if (proof == null) {
			throw DPoPProofException.invalid("Exactly one DPoP proof header is allowed");
		}
		return verifier.verifyWithoutReplayCheck(proof, request.getMethod(), DPoPHeader.requestUri(request), null,
				null);
	}

	/**
	 * Accept a proof once.
	 * @param proof a proof from {@link #proofOf}
	 * @throws DPoPProofException if it was used before
	 * @throws io.github.jwtauth.dpop.DPoPUnavailableException if the replay store cannot
	 * answer
	 */
	public void checkReplay(DPoPProof proof) {
		DPoPProofVerifier verifier = this.proofs;
		Assert.state(verifier != null, "DPoP is off");
		verifier.checkReplay(proof);
	}

	/**
	 * The nonce to hand out with a successful answer, when nonces are required.
	 * @return the current nonce, or {@code null}
	 */
	public @Nullable String currentNonce() {
		DPoPNonces nonces = (this.proofs != null) ? this.proofs.getNonces() : null;
		return (nonces != null) ? nonces.current() : null;
	}

}
