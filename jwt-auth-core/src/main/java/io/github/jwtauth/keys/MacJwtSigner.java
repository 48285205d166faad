package io.github.jwtauth.keys;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.OctetSequenceKey;

import org.springframework.util.Assert;

/**
 * Signs with an HMAC secret held in this process (HS256, HS384, HS512), one initialised
 * {@link Mac} per thread.
 */
public final class MacJwtSigner implements JwtSigner {

	private final VerificationKey key;

	private final ThreadLocal<Mac> mac;

	/**
	 * Create a signer.
	 * @param key the HMAC key, which must be long enough for its algorithm
	 */
	public MacJwtSigner(VerificationKey key) {
		Assert.notNull(key, "key must not be null");
		Assert.isTrue(key.jwk() instanceof OctetSequenceKey, "An HMAC signer needs an HMAC secret");
		KeyAlgorithms.check(key.jwk(), key.algorithm());
		this.key = key;
		String jca = "HmacSHA" + key.algorithm().getName().substring(2);
		SecretKeySpec secret = new SecretKeySpec(((OctetSequenceKey) key.jwk()).toByteArray(), jca);
		this.mac = ThreadLocal.withInitial(() -> {
			try {
				Mac instance = Mac.getInstance(jca);
				instance.init(secret);
				return instance;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(jca + " is not available", ex);
			}
		});
	}

	@Override
	public String keyId() {
		return this.key.keyId();
	}

	@Override
	public JWSAlgorithm algorithm() {
		return this.key.algorithm();
	}

	@Override
	public VerificationKey verificationKey() {
		return this.key;
	}

	@Override
	public byte[] sign(byte[] signingInput) {
		return this.mac.get().doFinal(signingInput);
	}

	@Override
	public String toString() {
		return "MacJwtSigner[keyId=" + keyId() + ", algorithm=" + algorithm() + "]";
	}

}
