package io.github.jwtauth.autoconfigure;

import java.util.concurrent.atomic.AtomicReferenceArray;

import io.github.jwtauth.token.TokenRefusalReason;
import io.github.jwtauth.web.AccessTokenRefusalListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the access tokens refused at protected resources, through Spring Security's
 * chain (and a plain {@code JwtAuthFilter} given this listener), as
 * {@code jwt.auth.tokens.refused} with the tags {@code reason} (a
 * {@link TokenRefusalReason} code) and {@code scheme} ({@code bearer} or {@code dpop}).
 * Each counter is registered at its first refusal and then found in an array: a refusal
 * costs one increment.
 */
class TokenRefusalMetrics implements AccessTokenRefusalListener {

	static final String METER = "jwt.auth.tokens.refused";

	private final MeterRegistry registry;

	private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(
			TokenRefusalReason.values().length * 2);

	TokenRefusalMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void refused(TokenRefusalReason reason, boolean dpop) {
		int index = reason.ordinal() * 2 + (dpop ? 1 : 0);
		Counter counter = this.counters.get(index);
		if (counter == null) {
			counter = Counter.builder(METER)
				.description("Access tokens refused at protected resources, by reason")
				.tag("reason", reason.code())
				.tag("scheme", dpop ? "dpop" : "bearer")
				.register(this.registry);
			this.counters.set(index, counter);
		}
		counter.increment();
	}

}
