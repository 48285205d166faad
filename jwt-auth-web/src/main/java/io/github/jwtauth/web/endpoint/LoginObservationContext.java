package io.github.jwtauth.web.endpoint;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of a login observation ({@value DefaultLoginObservationConvention#NAME}):
 * whether the login carried a DPoP proof, and how it ended. It holds nothing of the user
 * name, the password, the tokens or the client's address: an observation convention sees
 * only what may be a low-cardinality key value.
 */
public final class LoginObservationContext extends Observation.Context {

	private boolean dpop;

	private @Nullable Outcome outcome;

	/**
	 * Whether the login request carried a DPoP proof.
	 * @return {@code true} with a proof
	 */
	public boolean isDpop() {
		return this.dpop;
	}

	/**
	 * Set whether the login request carried a DPoP proof.
	 * @param dpop {@code true} with a proof
	 */
	public void setDpop(boolean dpop) {
		this.dpop = dpop;
	}

	/**
	 * How the login ended.
	 * @return the outcome, {@code null} while it runs
	 */
	public @Nullable Outcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the login ended.
	 * @param outcome the outcome
	 */
	public void setOutcome(Outcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * How a login ended.
	 */
	public enum Outcome {

		/**
		 * Tokens were issued.
		 */
		SUCCESS("success"),

		/**
		 * The credentials were refused (401).
		 */
		FAILURE("failure"),

		/**
		 * Too many failed attempts: refused before the password was checked (429).
		 */
		THROTTLED("throttled"),

		/**
		 * The user store, the signer, a token store or the DPoP replay store failed
		 * (503).
		 */
		UNAVAILABLE("unavailable"),

		/**
		 * The request was refused before any credential check: a missing or repeated
		 * parameter, a bad DPoP proof, a cross-site request in cookie mode (400, 401 or
		 * 403).
		 */
		INVALID_REQUEST("invalid_request"),

		/**
		 * Anything else failed: the observation's error says what.
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
