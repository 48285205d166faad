package io.github.jwtauth.token;

import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

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
		JWSAlgorithm algorithm = key.algorithm();
		try {
			if (key.jwk() instanceof OctetSequenceKey oct) {
				return new FastMacVerifier(new MACVerifier(oct.toByteArray()), algorithm);
			}
			if (FastRsaVerifier.supports(algorithm)) {
				return new FastRsaVerifier((RSAPublicKey) Jwks.publicKey(key.jwk()), algorithm);
			}
			if (KeyAlgorithms.EC.contains(algorithm)) {
				return new FastEcdsaVerifier((ECPublicKey) Jwks.publicKey(key.jwk()), algorithm,
						VerificationProvider.get());
			}
			if (KeyAlgorithms.EDDSA.contains(algorithm)) {
				return new EdDsaVerifier(Jwks.publicKey(key.jwk()), VerificationProvider.get());
			}
		}
		catch (JOSEException | IllegalArgumentException | ClassCastException ex) {
			throw new IllegalStateException("Cannot build a verifier for key " + key.keyId(), ex);
		}
		throw new IllegalStateException("Unsupported algorithm " + algorithm + " for key " + key.keyId());
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
