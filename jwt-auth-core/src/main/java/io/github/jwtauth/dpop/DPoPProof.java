package io.github.jwtauth.dpop;

import java.time.Instant;

import com.nimbusds.jose.JWSAlgorithm;
import org.jspecify.annotations.Nullable;

/**
 * A verified DPoP proof.
 *
 * @param jkt the JWK SHA-256 thumbprint (RFC 7638) of the proof's key: what a bound token
 * carries in {@code cnf.jkt}
 * @param algorithm the proof's signature algorithm
 * @param tokenId the proof's {@code jti}
 * @param issuedAt the proof's {@code iat}
 * @param nonce the proof's {@code nonce}, or {@code null}
 */
public record DPoPProof(String jkt, JWSAlgorithm algorithm, String tokenId, Instant issuedAt, @Nullable String nonce) {

}
