package io.github.jwtauth.token;

import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import org.jspecify.annotations.Nullable;

/**
 * EdDSA (Ed25519) verifier on the JDK's own Ed25519 (Java 15 and later), so no extra
 * library is needed; one initialised {@link Signature} per thread.
 */
final class EdDsaVerifier implements JWSVerifier {

	private static final int SIGNATURE_LENGTH = 64;

	private final VerifyingSignatures signature;

	private final JCAContext jcaContext = new JCAContext();

	EdDsaVerifier(PublicKey key, @Nullable Provider provider) {
		this(key, provider, true);
	}

	EdDsaVerifier(PublicKey key, @Nullable Provider provider, boolean perThread) {
		VerifyingSignatures.Factory factory = () -> {
			Signature instance = (provider != null) ? Signature.getInstance("Ed25519", provider)
					: Signature.getInstance("Ed25519");
			instance.initVerify(key);
			return instance;
		};
		this.signature = perThread ? VerifyingSignatures.perThread(factory) : VerifyingSignatures.perCall(factory);
	}

	@Override
	public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
		if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) || header.getCriticalParams() != null) {
			return false;
		}
		byte[] bytes = signature.decode();
		if (bytes.length != SIGNATURE_LENGTH) {
			return false;
		}
		Signature verifier = this.signature.get();
		try {
			verifier.update(signingInput);
			return verifier.verify(bytes);
		}
		catch (SignatureException ex) {
			this.signature.discard();
			return false;
		}
	}

	@Override
	public Set<JWSAlgorithm> supportedJWSAlgorithms() {
		return Set.of(JWSAlgorithm.EdDSA);
	}

	@Override
	public JCAContext getJCAContext() {
		return this.jcaContext;
	}

}
