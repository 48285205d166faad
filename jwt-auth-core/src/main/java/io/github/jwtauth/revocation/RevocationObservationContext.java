package io.github.jwtauth.revocation;

import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.session.SessionEndReason;
import io.micrometer.observation.Observation;

import org.springframework.util.Assert;

/**
 * The context of a revocation observation
 * ({@value DefaultRevocationObservationConvention#NAME}): what kind of revocation (one
 * access token, a session, every token of a user) and why, as a {@link SessionEndReason},
 * so that the reason an application gives (free text) never reaches a key value. It holds
 * nothing of the token, the session or the user.
 */
public final class RevocationObservationContext extends Observation.Context {

	private final Kind kind;

	private final SessionEndReason reason;

	/**
	 * Create a context.
	 * @param kind the kind of revocation
	 * @param reason why
	 */
	public RevocationObservationContext(Kind kind, SessionEndReason reason) {
		Assert.notNull(kind, "kind must not be null");
		Assert.notNull(reason, "reason must not be null");
		this.kind = kind;
		this.reason = reason;
	}

	/**
	 * The kind of revocation.
	 * @return the kind
	 */
	public Kind getKind() {
		return this.kind;
	}

	/**
	 * Why: the reason of the code given ({@link SessionEndReason#of(String)}), any code
	 * not listed being {@link SessionEndReason#APPLICATION}.
	 * @return the reason
	 */
	public SessionEndReason getReason() {
		return this.reason;
	}

}
