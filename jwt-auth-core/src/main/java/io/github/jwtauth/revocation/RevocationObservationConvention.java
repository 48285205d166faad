package io.github.jwtauth.revocation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for the observation of a revocation by the
 * {@link TokenRevocationService}. {@link DefaultRevocationObservationConvention} is the
 * default; implement this interface to name the observation or choose its key values
 * otherwise.
 */
public interface RevocationObservationConvention extends ObservationConvention<RevocationObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RevocationObservationContext;
	}

}
