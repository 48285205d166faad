package io.github.jwtauth.token;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * RS256/RS384/RS512 verifier that keeps one {@link Signature} per thread, initialised
 * once with the public key, instead of looking one up and initialising it for every
 * token.
 */
final class FastRsaVerifier implements JWSVerifier {

	private final JWSAlgorithm algorithm;

	private final ThreadLocal<Signature> signature;

	private final JCAContext jcaContext = new JCAContext();

	FastRsaVerifier(RSAPublicKey key, JWSAlgorithm algorithm) {
		this.algorithm = algorithm;
		String jca = "SHA" + algorithm.getName().substring(2) + "withRSA";
		this.signature = ThreadLocal.withInitial(() -> {
			try {
				Signature instance = Signature.getInstance(jca);
				instance.initVerify(key);
				return instance;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("RSA " + jca + " is not available", ex);
			}
		});
	}

	static boolean supports(JWSAlgorithm algorithm) {
		return JWSAlgorithm.RS256.equals(algorithm) || JWSAlgorithm.RS384.equals(algorithm)
				|| JWSAlgorithm.RS512.equals(algorithm);
	}

	@Override
	public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
		if (!this.algorithm.equals(header.getAlgorithm()) || header.getCriticalParams() != null) {
			return false;
		}
		Signature verifier = this.signature.get();
		try {
			// verify() resets the object to its initialised state, ready for the next
			// token
			verifier.update(signingInput);
			return verifier.verify(signature.decode());
		}
		catch (SignatureException ex) {
			// a malformed signature; reinitialise to be safe
			this.signature.remove();
			return false;
		}
	}

	@Override
	public Set<JWSAlgorithm> supportedJWSAlgorithms() {
		return Set.of(this.algorithm);
	}

	@Override
	public JCAContext getJCAContext() {
		return this.jcaContext;
	}

}
