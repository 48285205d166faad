package io.github.jwtauth.revocation;

import java.util.Locale;

import io.micrometer.common.KeyValues;

/**
 * The default {@link RevocationObservationConvention}: the observation {@value #NAME}
 * (span {@code jwt-auth revoke}) with two low-cardinality key values, {@code kind}
 * ({@code token}, {@code session} or {@code subject}) and {@code reason} (a
 * {@link io.github.jwtauth.session.SessionEndReason SessionEndReason} code:
 * {@code logout}, {@code logout-all}, {@code ended-by-user}, {@code revoke},
 * {@code reuse-detected}, {@code session-limit}, {@code user-disabled}, or
 * {@code application} for any reason of the application's own). Never a token ID, a
 * session ID or a user name: they would be personal data, and unbounded.
 */
public class DefaultRevocationObservationConvention implements RevocationObservationConvention {

	/**
	 * The name of the observation.
	 */
	public static final String NAME = "jwt.auth.revoke";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(RevocationObservationContext context) {
		return "jwt-auth revoke";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RevocationObservationContext context) {
		return KeyValues.of("kind", context.getKind().name().toLowerCase(Locale.ROOT), "reason",
				context.getReason().code());
	}

}
