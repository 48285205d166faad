package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.web.endpoint.LoginObservationContext.Outcome;
import io.micrometer.common.KeyValues;

/**
 * The default {@link LoginObservationConvention}: the observation {@value #NAME} (span
 * {@code jwt-auth login}) with two low-cardinality key values, {@code outcome}
 * ({@code success}, {@code failure}, {@code throttled}, {@code unavailable},
 * {@code invalid_request} or {@code error}) and {@code dpop} ({@code true} or
 * {@code false}). Never a user name, a token or an address: they would be personal data,
 * and unbounded.
 */
public class DefaultLoginObservationConvention implements LoginObservationConvention {

	/**
	 * The name of the observation.
	 */
	public static final String NAME = "jwt.auth.login";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(LoginObservationContext context) {
		return "jwt-auth login";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LoginObservationContext context) {
		Outcome outcome = context.getOutcome();
		return KeyValues.of("outcome", (outcome != null) ? outcome.value() : Outcome.ERROR.value(), "dpop",
				String.valueOf(context.isDpop()));
	}

}
