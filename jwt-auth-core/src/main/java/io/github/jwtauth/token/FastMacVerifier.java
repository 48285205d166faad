package io.github.jwtauth.token;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * HMAC verifier that keeps one initialised {@link Mac} per thread instead of looking one
 * up and keying it for every token, and compares in constant time.
 */
final class FastMacVerifier implements JWSVerifier {

	private final MACVerifier nimbus;

	private final JWSAlgorithm algorithm;

	private final ThreadLocal<Mac> mac;

	FastMacVerifier(MACVerifier nimbus, JWSAlgorithm algorithm) {
		this.nimbus = nimbus;
		this.algorithm = algorithm;
		String jca = "Hmac" + "SHA" + algorithm.getName().substring(2);
		SecretKeySpec key = new SecretKeySpec(nimbus.getSecret(), jca);
		this.mac = ThreadLocal.withInitial(() -> {
			try {
				Mac instance = Mac.getInstance(jca);
				instance.init(key);
				return instance;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("HMAC " + jca + " is not available", ex);
			}
		});
	}

	@Override
	public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
		if (!this.algorithm.equals(header.getAlgorithm()) || header.getCriticalParams() != null) {
			return false;
		}
		byte[] expected = this.mac.get().doFinal(signingInput);
		return MessageDigest.isEqual(expected, signature.decode());
	}

	@Override
	public Set<JWSAlgorithm> supportedJWSAlgorithms() {
		return Set.of(this.algorithm);
	}

	@Override
	public JCAContext getJCAContext() {
		return this.nimbus.getJCAContext();
	}

}
