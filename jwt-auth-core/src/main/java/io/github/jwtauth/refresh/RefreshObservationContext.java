package io.github.jwtauth.refresh;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of a refresh observation
 * ({@value DefaultRefreshObservationConvention#NAME}): whether the request carried a DPoP
 * proof, and how the refresh ended. It holds nothing of the token, its session or its
 * user: an observation convention sees only what may be a low-cardinality key value.
 */
public final class RefreshObservationContext extends Observation.Context {

	private final boolean dpop;

	private @Nullable Outcome outcome;

	/**
	 * Create a context.
	 * @param dpop whether the refresh request carried a verified DPoP proof
	 */
	public RefreshObservationContext(boolean dpop) {
		this.dpop = dpop;
	}

	/**
	 * Whether the refresh request carried a verified DPoP proof.
	 * @return {@code true} with a proof
	 */
	public boolean isDpop() {
		return this.dpop;
	}

	/**
	 * How the refresh ended.
	 * @return the outcome, {@code null} while it runs
	 */
	public @Nullable Outcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the refresh ended.
	 * @param outcome the outcome
	 */
	public void setOutcome(Outcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * How a refresh ended.
	 */
	public enum Outcome {

		/**
		 * New tokens were issued.
		 */
		SUCCESS("success"),

		/**
		 * The refresh token was refused (RFC 6749 §5.2 {@code invalid_grant}): unknown,
		 * expired, revoked, bound to another DPoP key, or its user may no longer have
		 * tokens.
		 */
		INVALID_GRANT("invalid_grant"),

		/**
		 * A spent refresh token was presented again: its session was revoked.
		 */
		REUSE_DETECTED("reuse_detected"),

		/**
		 * Something else failed (the store, the signer): the observation's error says
		 * what.
		 */
		ERROR("error");

		private final String value;

		Outcome(String value) {
			this.value = value;
		}

		/**
		 * The key value of this outcome.
		 * @return the value
		 */
		public String value() {
			return this.value;
		}

	}

}
