package io.github.jwtauth.keys.remote;

import java.time.Duration;

import com.nimbusds.jose.jwk.JWKSet;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A JWK Set as fetched, with the lifetime its answer declared.
 *
 * @param keys the keys
 * @param maxAge the {@code Cache-Control: max-age} of the answer, {@link Duration#ZERO}
 * for {@code no-cache} or {@code no-store}, {@code null} when the answer said nothing
 */
public record JwkSetResponse(JWKSet keys, @Nullable Duration maxAge) {

	/**
	 * Create a response.
	 * @param keys the keys
	 * @param maxAge the declared lifetime, or {@code null}
	 */
	public JwkSetResponse {
		Assert.notNull(keys, "keys must not be null");
	}

}
