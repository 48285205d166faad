package io.github.jwtauth.token;

import java.security.Provider;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import org.jspecify.annotations.Nullable;

/**
 * ES256/ES384/ES512 verifier that keeps one {@link Signature} per thread, initialised
 * once with the public key. The JWS {@code R || S} signature is checked for its exact
 * length and for {@code 0 < R, S < n} (which refuses the "psychic signature" of all zeros
 * on any JDK) before it is turned into DER for the provider.
 */
final class FastEcdsaVerifier implements JWSVerifier {

	private final JWSAlgorithm algorithm;

	private final int signatureLength;

	private final VerifyingSignatures signature;

	private final JCAContext jcaContext = new JCAContext();

	FastEcdsaVerifier(ECPublicKey key, JWSAlgorithm algorithm, @Nullable Provider provider) {
		this(key, algorithm, provider, true);
	}

	FastEcdsaVerifier(ECPublicKey key, JWSAlgorithm algorithm, @Nullable Provider provider, boolean perThread) {
		this.algorithm = algorithm;
		try {
			this.signatureLength = ECDSA.getSignatureByteArrayLength(algorithm);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException(algorithm + " is not an ECDSA algorithm", ex);
		}
		String jca = "SHA" + algorithm.getName().substring(2) + "withECDSA";
		VerifyingSignatures.Factory factory = () -> {
			Signature instance = (provider != null) ? Signature.getInstance(jca, provider) : Signature.getInstance(jca);
			instance.initVerify(key);
			return instance;
		};
		this.signature = perThread ? VerifyingSignatures.perThread(factory) : VerifyingSignatures.perCall(factory);
	}

	@Override
	public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
		if (!this.algorithm.equals(header.getAlgorithm()) || header.getCriticalParams() != null) {
			return false;
		}
		byte[] concat = signature.decode();
		if (concat.length != this.signatureLength) {
			return false;
		}
		try {
			ECDSA.ensureLegalSignature(concat, this.algorithm);
		}
		catch (JOSEException ex) {
			return false;
		}
		Signature verifier = this.signature.get();
		try {
			verifier.update(signingInput);
			return verifier.verify(ECDSA.transcodeSignatureToDER(concat));
		}
		catch (SignatureException | JOSEException ex) {
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
