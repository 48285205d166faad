package io.github.jwtauth.keys;

/**
 * Signs tokens: the seam between the token service and wherever the private key lives
 * (this process, a keystore, a PKCS#11 token such as an HSM, or a cloud KMS). An
 * implementation signs exactly one algorithm with exactly one key and never needs to
 * reveal the private key: the token service hands it the JWS signing input and writes
 * what it returns.
 * <p>
 * A KMS fits by calling the KMS's sign operation on the signing input (or on its digest,
 * as the KMS requires) and returning the signature in its JWS form: for ECDSA the
 * fixed-length {@code R || S} concatenation, not DER (see
 * {@link JcaJwtSigner#toJoseSignature}).
 */
public interface JwtSigner {

	/**
	 * The key ID written into the {@code kid} header.
	 * @return the key ID
	 */
	String keyId();

	/**
	 * The one algorithm this signer signs with.
	 * @return the algorithm
	 */
	com.nimbusds.jose.JWSAlgorithm algorithm();

	/**
	 * The key that verifies what this signer signs: its public key, or for HMAC the same
	 * secret (which is never published).
	 * @return the verification key
	 */
	VerificationKey verificationKey();

	/**
	 * Sign a JWS signing input ({@code BASE64URL(header) '.' BASE64URL(payload)}).
	 * @param signingInput the bytes to sign
	 * @return the signature in its JWS form
	 * @throws KeyOperationException if the key cannot sign (for example an HSM that is
	 * not reachable)
	 */
	byte[] sign(byte[] signingInput) throws KeyOperationException;

}
