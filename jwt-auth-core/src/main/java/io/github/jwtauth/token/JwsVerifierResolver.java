package io.github.jwtauth.token;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;

import org.springframework.security.oauth2.jwt.BadJwtException;

/**
 * Chooses the verifier for a token from trusted keys only. Implementations never use a
 * key or key URL carried in the token itself.
 */
@FunctionalInterface
public interface JwsVerifierResolver {

	/**
	 * The verifier for a header whose algorithm is allowed for the selected key.
	 * @param header the token's header
	 * @return the verifier, never {@code null}
	 * @throws BadJwtException if no trusted key fits the header
	 */
	JWSVerifier resolve(JWSHeader header) throws BadJwtException;

	/**
	 * What identifies the trusted keys now: the same object for as long as they stay the
	 * same, compared by identity. The decoder serves a token from its validated-token
	 * cache only while this is the object it was when the token was verified, so a key
	 * that leaves the set (a rotation, an emergency removal) stops its cached tokens at
	 * once. Called on every cache hit: it must be cheap and must not fetch anything.
	 * @return the current version of the trusted keys
	 */
	default Object keySetVersion() {
		return this;
	}

}
