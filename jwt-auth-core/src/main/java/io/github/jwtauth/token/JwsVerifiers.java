package io.github.jwtauth.token;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.VerificationKey;
import org.jspecify.annotations.Nullable;

/**
 * Builds the one verifier of a verification key, for exactly its algorithm: HMAC, RSA
 * (RS*, PS*), ECDSA (ES*) and EdDSA. Verification handles no secret of an asymmetric key,
 * so ECDSA and EdDSA verify with the fastest provider present (Bouncy Castle when it is
 * on the class path, the JDK otherwise).
 */
public final class JwsVerifiers {

	private JwsVerifiers() {
	}

	/**
	 * The verifier of a key, accepting exactly the key's algorithm.
	 * @param key the verification key
	 * @return the verifier
	 * @throws IllegalStateException if no verifier can be built for the key
	 */
	public static JWSVerifier forKey(VerificationKey key) {
		return create(key, true);
	}

	/**
	 * The verifier of a DPoP client's key (asymmetric only), which keeps no state per
	 * thread: a service verifies the proofs of many keys on many threads. With Bouncy
	 * Castle the key is translated to its own class once, so that the provider's
	 * precomputation for the key is kept with it.
	 * @param key the client's public key
	 * @return the verifier
	 * @throws IllegalStateException if no verifier can be built for the key
	 */
	public static JWSVerifier forProofKey(VerificationKey key) {
		if (key.isSymmetric()) {
			throw new IllegalStateException("A proof key must be asymmetric");
		}
		return create(key, false);
	}

	private static JWSVerifier create(VerificationKey key, boolean perThread) {
		JWSAlgorithm algorithm = key.algorithm();
		try {
			if (key.jwk() instanceof OctetSequenceKey oct) {
				return new FastMacVerifier(new MACVerifier(oct.toByteArray()), algorithm);
			}
			if (FastRsaVerifier.supports(algorithm)) {
				return new FastRsaVerifier((RSAPublicKey) Jwks.publicKey(key.jwk()), algorithm, perThread);
			}
			Provider provider = VerificationProvider.get();
			if (KeyAlgorithms.EC.contains(algorithm)) {
				ECPublicKey ec = (ECPublicKey) Jwks.publicKey(key.jwk());
				return new FastEcdsaVerifier(perThread ? ec : (ECPublicKey) translated(ec, "EC", provider), algorithm,
						provider, perThread);
			}
			if (KeyAlgorithms.EDDSA.contains(algorithm)) {
				PublicKey ed = Jwks.publicKey(key.jwk());
				return new EdDsaVerifier(perThread ? ed : translated(ed, "Ed25519", provider), provider, perThread);
			}
		}
		catch (JOSEException | GeneralSecurityException | IllegalArgumentException | ClassCastException ex) {
			throw new IllegalStateException("Cannot build a verifier for key " + key.keyId(), ex);
		}
		throw new IllegalStateException("Unsupported algorithm " + algorithm + " for key " + key.keyId());
	}

	private static PublicKey translated(PublicKey key, String algorithm, @Nullable Provider provider)
			throws GeneralSecurityException {
		return (provider != null)
				? KeyFactory.getInstance(algorithm, provider).generatePublic(new X509EncodedKeySpec(key.getEncoded()))
				: key;
	}

	/**
	 * The provider that verifies ECDSA and EdDSA signatures.
	 */
	static final class VerificationProvider {

		private static final @Nullable Provider PROVIDER = load();

		private VerificationProvider() {
		}

		static @Nullable Provider get() {
			return PROVIDER;
		}

		private static @Nullable Provider load() {
			if (Boolean.getBoolean("jwtauth.verify.jdk-provider")) {
				return null;
			}
			try {
				Class<?> type = Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider", true,
						JwsVerifiers.class.getClassLoader());
				return (Provider) type.getDeclaredConstructor().newInstance();
			}
			catch (ReflectiveOperationException | LinkageError ex) {
				return null;
			}
		}

	}

}
