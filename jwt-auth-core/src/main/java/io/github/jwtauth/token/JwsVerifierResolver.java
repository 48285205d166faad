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

}
