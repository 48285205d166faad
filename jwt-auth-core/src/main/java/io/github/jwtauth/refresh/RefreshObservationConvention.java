package io.github.jwtauth.refresh;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for the observation of a refresh
 * ({@link RefreshTokenService#refresh(String, String, io.github.jwtauth.session.ClientDetails)}).
 * {@link DefaultRefreshObservationConvention} is the default; implement this interface to
 * name the observation or choose its key values otherwise.
 */
public interface RefreshObservationConvention extends ObservationConvention<RefreshObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RefreshObservationContext;
	}

}
