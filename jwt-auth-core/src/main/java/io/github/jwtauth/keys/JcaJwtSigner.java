package io.github.jwtauth.keys;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.JWK;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Signs with a {@link PrivateKey} through the Java Cryptography Architecture: a key held
 * in this process, a keystore entry, or a key that never leaves a PKCS#11 token (an HSM),
 * whose provider signs inside the token. RSA (RS*, PS*), ECDSA (ES*, signatures turned
 * from DER into the JWS {@code R || S} form) and Ed25519 (EdDSA).
 */
public final class JcaJwtSigner implements JwtSigner {

	private final String keyId;

	private final JWSAlgorithm algorithm;

	private final PrivateKey privateKey;

	private final @Nullable Provider provider;

	private final VerificationKey verificationKey;

	private final String jcaName;

	private JcaJwtSigner(String keyId, JWSAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey,
			@Nullable Provider provider) {
		Assert.hasText(keyId, "keyId must not be empty");
		Assert.notNull(algorithm, "algorithm must not be null");
		Assert.notNull(privateKey, "privateKey must not be null");
		Assert.notNull(publicKey, "publicKey must not be null");
		JWK jwk = Jwks.publicJwk(publicKey);
		KeyAlgorithms.check(jwk, algorithm);
		this.keyId = keyId;
		this.algorithm = algorithm;
		this.privateKey = privateKey;
		this.provider = provider;
		this.verificationKey = new VerificationKey(keyId, algorithm, Jwks.withIdentity(jwk, keyId, algorithm));
		this.jcaName = jcaName(algorithm);
	}

	/**
	 * A signer of a key pair, signing with the default provider of the private key's
	 * type.
	 * @param keyId the key ID
	 * @param algorithm the algorithm, which must fit the key
	 * @param privateKey the private key
	 * @param publicKey its public key
	 * @return the signer
	 * @throws IllegalArgumentException if the key does not fit the algorithm or is too
	 * weak
	 */
	public static JcaJwtSigner of(String keyId, JWSAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
		return new JcaJwtSigner(keyId, algorithm, privateKey, publicKey, null);
	}

	/**
	 * A signer of a key pair whose private key only the given provider can use (for
	 * example SunPKCS11 for a key inside an HSM).
	 * @param keyId the key ID
	 * @param algorithm the algorithm, which must fit the key
	 * @param privateKey the private key
	 * @param publicKey its public key
	 * @param provider the provider that signs
	 * @return the signer
	 */
	public static JcaJwtSigner of(String keyId, JWSAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey,
			Provider provider) {
		Assert.notNull(provider, "provider must not be null");
		return new JcaJwtSigner(keyId, algorithm, privateKey, publicKey, provider);
	}

	@Override
	public String keyId() {
		return this.keyId;
	}

	@Override
	public JWSAlgorithm algorithm() {
		return this.algorithm;
	}

	@Override
	public VerificationKey verificationKey() {
		return this.verificationKey;
	}

	@Override
	public byte[] sign(byte[] signingInput) {
		try {
			Signature signature = (this.provider != null) ? Signature.getInstance(this.jcaName, this.provider)
					: Signature.getInstance(this.jcaName);
			if (this.algorithm.getName().startsWith("PS")) {
				signature.setParameter(pssParameters(this.algorithm));
			}
			signature.initSign(this.privateKey);
			signature.update(signingInput);
			byte[] signed = signature.sign();
			return KeyAlgorithms.EC.contains(this.algorithm) ? toJoseSignature(signed, this.algorithm) : signed;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new KeyOperationException("Key " + this.keyId + " cannot sign (" + this.algorithm + ")", ex);
		}
	}

	/**
	 * Turn a DER-encoded ECDSA signature (what the JDK, PKCS#11 and most KMSs return)
	 * into the fixed-length {@code R || S} form a JWS carries (RFC 7518 §3.4).
	 * @param der the DER signature
	 * @param algorithm an ES algorithm (ES256, ES384 or ES512)
	 * @return the JWS signature
	 */
	public static byte[] toJoseSignature(byte[] der, JWSAlgorithm algorithm) {
		try {
			return ECDSA.transcodeSignatureToConcat(der, ECDSA.getSignatureByteArrayLength(algorithm));
		}
		catch (JOSEException ex) {
			throw new KeyOperationException("Not a DER ECDSA signature", ex);
		}
	}

	static String jcaName(JWSAlgorithm algorithm) {
		String name = algorithm.getName();
		if (JWSAlgorithm.EdDSA.equals(algorithm)) {
			return "Ed25519";
		}
		if (name.startsWith("PS")) {
			return "RSASSA-PSS";
		}
		String bits = name.substring(2);
		return name.startsWith("ES") ? "SHA" + bits + "withECDSA" : "SHA" + bits + "withRSA";
	}

	static PSSParameterSpec pssParameters(JWSAlgorithm algorithm) {
		String bits = algorithm.getName().substring(2);
		MGF1ParameterSpec mgf = switch (bits) {
			case "384" -> MGF1ParameterSpec.SHA384;
			case "512" -> MGF1ParameterSpec.SHA512;
			default -> MGF1ParameterSpec.SHA256;
		};
		return new PSSParameterSpec("SHA-" + bits, "MGF1", mgf, Integer.parseInt(bits) / 8, 1);
	}

	@Override
	public String toString() {
		return "JcaJwtSigner[keyId=" + this.keyId + ", algorithm=" + this.algorithm + "]";
	}

}
