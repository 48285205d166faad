package io.github.jwtauth.token;

import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtauth.keys.KeyAlgorithms;

/**
 * RS256/RS384/RS512 and PS256/PS384/PS512 verifier that keeps one {@link Signature} per
 * thread, initialised once with the public key, instead of looking one up and
 * initialising it for every token. Like every verifier of a key, it verifies exactly one
 * algorithm (a PS256 key never verifies an RS256 signature, even when asked directly).
 */
final class FastRsaVerifier implements JWSVerifier {

	private final JWSAlgorithm algorithm;

	private final VerifyingSignatures signature;

	private final JCAContext jcaContext = new JCAContext();

	FastRsaVerifier(RSAPublicKey key, JWSAlgorithm algorithm) {
		this(key, algorithm, true);
	}

	FastRsaVerifier(RSAPublicKey key, JWSAlgorithm algorithm, boolean perThread) {
		this.algorithm = algorithm;
		String bits = algorithm.getName().substring(2);
		boolean pss = algorithm.getName().startsWith("PS");
		String jca = pss ? "RSASSA-PSS" : "SHA" + bits + "withRSA";
		VerifyingSignatures.Factory factory = () -> {
			Signature instance = Signature.getInstance(jca);
			if (pss) {
				instance.setParameter(pssParameters(bits));
			}
			instance.initVerify(key);
			return instance;
		};
		this.signature = perThread ? VerifyingSignatures.perThread(factory) : VerifyingSignatures.perCall(factory);
	}

	static boolean supports(JWSAlgorithm algorithm) {
		return KeyAlgorithms.RSA.contains(algorithm);
	}

	/**
	 * The RSASSA-PSS parameters of RFC 7518 §3.5: the hash of the algorithm, MGF1 with
	 * the same hash, a salt as long as the hash, trailer field 1.
	 * @param bits the hash length in bits (256, 384 or 512)
	 * @return the parameters
	 */
	private static PSSParameterSpec pssParameters(String bits) {
		MGF1ParameterSpec mgf = switch (bits) {
			case "384" -> MGF1ParameterSpec.SHA384;
			case "512" -> MGF1ParameterSpec.SHA512;
			default -> MGF1ParameterSpec.SHA256;
		};
		return new PSSParameterSpec("SHA-" + bits, "MGF1", mgf, Integer.parseInt(bits) / 8, 1);
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
			this.signature.discard();
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
