package io.github.jwtauth.web.endpoint;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for the observation of a login at the
 * {@link LoginEndpoint}. {@link DefaultLoginObservationConvention} is the default;
 * implement this interface to name the observation or choose its key values otherwise.
 */
public interface LoginObservationConvention extends ObservationConvention<LoginObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof LoginObservationContext;
	}

}
