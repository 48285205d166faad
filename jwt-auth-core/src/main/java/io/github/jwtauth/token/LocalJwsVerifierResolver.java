package io.github.jwtauth.token;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import io.github.jwtauth.keys.VerificationKey;
import org.jspecify.annotations.Nullable;

/**
 * Resolves verifiers from this application's own keys. Verifiers are built once; each key
 * verifies with exactly its one algorithm.
 */
public final class LocalJwsVerifierResolver implements JwsVerifierResolver {

	private final Map<String, Entry> byKeyId = new HashMap<>();

	private final @Nullable Entry single;

	/**
	 * Create a resolver.
	 * @param keys the verification keys
	 */
	public LocalJwsVerifierResolver(List<VerificationKey> keys) {
		for (VerificationKey key : keys) {
			this.byKeyId.put(key.keyId(), new Entry(key.algorithm(), verifier(key)));
		}
		this.single = (keys.size() == 1) ? this.byKeyId.get(keys.get(0).keyId()) : null;
	}

	private static JWSVerifier verifier(VerificationKey key) {
		try {
			if (key.jwk() instanceof OctetSequenceKey oct) {
				return new FastMacVerifier(new MACVerifier(oct.toByteArray()), key.algorithm());
			}
			if (FastRsaVerifier.supports(key.algorithm())) {
				return new FastRsaVerifier(key.jwk().toRSAKey().toRSAPublicKey(), key.algorithm());
			}
			return new RSASSAVerifier(key.jwk().toRSAKey().toRSAPublicKey());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot build a verifier for key " + key.keyId(), ex);
		}
	}

	@Override
	public JWSVerifier resolve(JWSHeader header) {
		String keyId = header.getKeyID();
		Entry entry = (keyId != null) ? this.byKeyId.get(keyId) : this.single;
		if (entry == null) {
			throw new InvalidTokenException((keyId != null) ? "Unknown key ID" : "Missing key ID");
		}
		if (!entry.algorithm().equals(header.getAlgorithm())) {
			throw new InvalidTokenException("Algorithm not allowed for this key");
		}
		return entry.verifier();
	}

	private record Entry(JWSAlgorithm algorithm, JWSVerifier verifier) {
	}

}
