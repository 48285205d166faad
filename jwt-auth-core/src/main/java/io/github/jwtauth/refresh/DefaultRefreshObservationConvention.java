package io.github.jwtauth.refresh;

import io.github.jwtauth.refresh.RefreshObservationContext.Outcome;
import io.micrometer.common.KeyValues;

/**
 * The default {@link RefreshObservationConvention}: the observation {@value #NAME} (span
 * {@code jwt-auth refresh}) with two low-cardinality key values, {@code outcome}
 * ({@code success}, {@code invalid_grant}, {@code reuse_detected} or {@code error}) and
 * {@code dpop} ({@code true} or {@code false}). Never a token, a session ID or a user
 * name: they would be personal data, and unbounded.
 */
public class DefaultRefreshObservationConvention implements RefreshObservationConvention {

	/**
	 * The name of the observation.
	 */
	public static final String NAME = "jwt.auth.refresh";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(RefreshObservationContext context) {
		return "jwt-auth refresh";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RefreshObservationContext context) {
		Outcome outcome = context.getOutcome();
		return KeyValues.of("outcome", (outcome != null) ? outcome.value() : Outcome.ERROR.value(), "dpop",
				String.valueOf(context.isDpop()));
	}

}
