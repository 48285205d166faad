package io.github.jwtauth.token;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The confirmation claim {@code cnf} (RFC 7800) of a sender-constrained token: with DPoP
 * (RFC 9449 §6.1) it holds {@code jkt}, the SHA-256 thumbprint of the client's key. A
 * token with {@code cnf} is never accepted as a bearer token, whatever its confirmation
 * method.
 */
public final class ConfirmationClaim {

	/**
	 * The claim's name.
	 */
	public static final String NAME = "cnf";

	private ConfirmationClaim() {
	}

	/**
	 * Whether a token is sender-constrained (carries {@code cnf}).
	 * @param jwt the token
	 * @return {@code true} if it must not be used as a bearer token
	 */
	public static boolean isPresent(Jwt jwt) {
		return jwt.getClaims().containsKey(NAME);
	}

	/**
	 * The DPoP key thumbprint a token is bound to.
	 * @param jwt the token
	 * @return {@code cnf.jkt}, or {@code null} when the token is not DPoP-bound (no
	 * {@code cnf}, or another confirmation method)
	 */
	public static @Nullable String jkt(Jwt jwt) {
		Object cnf = jwt.getClaims().get(NAME);
		if (cnf instanceof Map<?, ?> map && map.get("jkt") instanceof String jkt && !jkt.isEmpty()) {
			return jkt;
		}
		return null;
	}

}
