package io.github.jwtauth.keys;

import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * A {@link JwtSigner} as nimbus's {@link JWSSigner}, so nimbus assembles the JWS and the
 * signer only signs. It signs only headers of its own algorithm and key ID.
 */
public final class JwsSignerAdapter implements JWSSigner {

	private final JwtSigner signer;

	private final JCAContext jcaContext = new JCAContext();

	/**
	 * Adapt a signer.
	 * @param signer the signer
	 */
	public JwsSignerAdapter(JwtSigner signer) {
		this.signer = signer;
	}

	@Override
	public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
		if (!this.signer.algorithm().equals(header.getAlgorithm()) || !this.signer.keyId().equals(header.getKeyID())) {
			throw new JOSEException("The header does not name this signer's algorithm and key ID");
		}
		try {
			return Base64URL.encode(this.signer.sign(signingInput));
		}
		catch (KeyOperationException ex) {
			throw new JOSEException(ex.getMessage(), ex);
		}
	}

	@Override
	public Set<JWSAlgorithm> supportedJWSAlgorithms() {
		return Set.of(this.signer.algorithm());
	}

	@Override
	public JCAContext getJCAContext() {
		return this.jcaContext;
	}

}
