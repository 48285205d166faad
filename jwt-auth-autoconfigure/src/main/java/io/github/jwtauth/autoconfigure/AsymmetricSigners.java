package io.github.jwtauth.autoconfigure;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.VerificationKey;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Turns an asymmetric key pair from configuration (PEM files or an SSL bundle's keystore
 * entry) into a {@link JwtSigner}, refusing keys that are not supported or too weak, an
 * algorithm that does not fit the key, and a public key that does not belong to the
 * private key, each naming the property to fix.
 */
final class AsymmetricSigners {

	private static final String SUPPORTED_KEYS = "use an RSA key of 2048 bits or more, an EC key on P-256, P-384 or "
			+ "P-521, or an Ed25519 key";

	private static final Set<Curve> SUPPORTED_CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

	private AsymmetricSigners() {
	}

	/**
	 * The JWK of a public key, refusing a key type or curve that is not supported (an
	 * Ed448 key, an EC key on P-192 or secp256k1) and an RSA key below 2048 bits.
	 * @param property the property that names the key
	 * @param publicKey the public key
	 * @return the JWK
	 */
	static JWK supportedJwk(String property, PublicKey publicKey) {
		if (publicKey instanceof EdECKey ed && !"Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
			throw new InvalidJwtAuthPropertyException(property,
					"the key is an " + ed.getParams().getName() + " key, which is not supported (EdDSA signs with "
							+ "Ed25519 keys only)",
					SUPPORTED_KEYS + ", for example from 'openssl genpkey -algorithm ED25519'");
		}
		JWK jwk;
		try {
			jwk = Jwks.publicJwk(publicKey);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJwtAuthPropertyException(property, "the key is " + ex.getMessage(), SUPPORTED_KEYS);
		}
		JWSAlgorithm natural = KeyAlgorithms.defaultFor(jwk);
		if (natural == null) {
			throw new InvalidJwtAuthPropertyException(property,
					"the key is " + KeyAlgorithms.describe(jwk) + ", which is not supported", SUPPORTED_KEYS);
		}
		String weak = KeyAlgorithms.misfit(jwk, natural);
		if (weak != null) {
			throw new InvalidJwtAuthPropertyException(property, weak,
					"generate a key of 2048 bits or more, for example with "
							+ "'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072', or an EC or Ed25519 key");
		}
		return jwk;
	}

	/**
	 * Refuse a private key whose type or curve is not supported (Ed448, an EC key on
	 * P-192 or secp256k1) or an RSA key below 2048 bits, before its public key is looked
	 * for. A key held in a token (whose parameters may not be readable) passes: its
	 * public key is checked instead.
	 * @param property the property that names the key
	 * @param privateKey the private key
	 */
	static void requireSupported(String property, PrivateKey privateKey) {
		if (privateKey instanceof EdECKey ed && !"Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
			throw new InvalidJwtAuthPropertyException(property,
					"the key is an " + ed.getParams().getName() + " key, which is not supported (EdDSA signs with "
							+ "Ed25519 keys only)",
					SUPPORTED_KEYS + ", for example from 'openssl genpkey -algorithm ED25519'");
		}
		if (privateKey instanceof java.security.interfaces.ECKey ec) {
			Curve curve = Curve.forECParameterSpec(ec.getParams());
			if (curve == null || !SUPPORTED_CURVES.contains(curve)) {
				throw new InvalidJwtAuthPropertyException(property,
						"the key is an EC key on " + ((curve != null) ? curve.getName() : "a curve")
								+ " that is not P-256, P-384 or P-521, which is not supported",
						SUPPORTED_KEYS);
			}
		}
		if (privateKey instanceof java.security.interfaces.RSAKey rsa
				&& rsa.getModulus().bitLength() < KeyAlgorithms.MIN_RSA_BITS) {
			throw new InvalidJwtAuthPropertyException(property,
					"the RSA key has " + rsa.getModulus().bitLength() + " bits, at least " + KeyAlgorithms.MIN_RSA_BITS
							+ " are required",
					"generate a key of 2048 bits or more, for example with "
							+ "'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072', or an EC or Ed25519 key");
		}
	}

	/**
	 * The algorithm of a key: the configured one, which must fit the key, or the key's
	 * own ({@link KeyAlgorithms#defaultFor}).
	 * @param property the algorithm property
	 * @param configured the configured algorithm name, or {@code null}
	 * @param jwk the key, already checked by {@link #supportedJwk}
	 * @return the algorithm
	 */
	static JWSAlgorithm algorithm(String property, @Nullable String configured, JWK jwk) {
		JWSAlgorithm natural = KeyAlgorithms.defaultFor(jwk);
		if (configured == null) {
			if (natural == null) {
				throw new IllegalStateException("Not a supported key: " + KeyAlgorithms.describe(jwk));
			}
			return natural;
		}
		JWSAlgorithm algorithm = JwtKeySetFactory.algorithm(property, configured, natural);
		String misfit = KeyAlgorithms.misfit(jwk, algorithm);
		if (misfit != null) {
			throw new InvalidJwtAuthPropertyException(property,
					"algorithm " + algorithm + " does not fit " + KeyAlgorithms.describe(jwk) + " (" + misfit + ")",
					"use " + fitting(jwk) + " with this key, or remove the property to use " + natural);
		}
		return algorithm;
	}

	private static String fitting(JWK jwk) {
		JWSAlgorithm natural = KeyAlgorithms.defaultFor(jwk);
		if (KeyAlgorithms.RSA.contains(natural)) {
			return "RS256, RS384, RS512, PS256, PS384 or PS512";
		}
		return String.valueOf(natural);
	}

	/**
	 * The signer of a key pair, after checking that the public key belongs to the private
	 * key by signing and verifying a random probe.
	 * @param properties the properties that name the key, the algorithm and the public
	 * key
	 * @param keyId the configured key ID, or {@code null} for the RFC 7638 thumbprint of
	 * the public key
	 * @param algorithm the configured algorithm name, or {@code null}
	 * @param privateKey the private key
	 * @param publicKey its public key
	 * @param provider the provider of the keystore that holds the private key (a PKCS#11
	 * token signs inside), used when it signs with the algorithm, or {@code null}
	 * @return the signer
	 */
	static JcaJwtSigner signer(Properties properties, @Nullable String keyId, @Nullable String algorithm,
			PrivateKey privateKey, PublicKey publicKey, @Nullable Provider provider) {
		requireSupported(properties.key(), privateKey);
		JWK jwk = supportedJwk(properties.key(), publicKey);
		JWSAlgorithm jws = algorithm(properties.algorithm(), algorithm, jwk);
		String kid = StringUtils.hasText(keyId) ? keyId : thumbprint(jwk);
		Provider signing = signingProvider(provider, jws);
		JcaJwtSigner signer;
		try {
			signer = (signing != null) ? JcaJwtSigner.of(kid, jws, privateKey, publicKey, signing)
					: JcaJwtSigner.of(kid, jws, privateKey, publicKey);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJwtAuthPropertyException(properties.key(), ex.getMessage(), SUPPORTED_KEYS);
		}
		byte[] probe = new byte[32];
		new SecureRandom().nextBytes(probe);
		byte[] signature;
		try {
			signature = signer.sign(probe);
		}
		catch (RuntimeException ex) {
			throw new InvalidJwtAuthPropertyException(properties.key(),
					"the private key cannot sign with " + jws + " (" + rootMessage(ex) + ")",
					"use a private key of the type the algorithm needs, held where this application can use it");
		}
		if (!verifies(signer.verificationKey(), probe, signature)) {
			throw new InvalidJwtAuthPropertyException(properties.publicKey(),
					"the public key does not belong to the private key",
					"use the public half of the configured private key (or its certificate)");
		}
		return signer;
	}

	/**
	 * The RFC 7638 thumbprint of a public key.
	 * @param jwk the key
	 * @return the thumbprint
	 */
	static String thumbprint(JWK jwk) {
		try {
			return jwk.toPublicJWK().computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot compute the key thumbprint", ex);
		}
	}

	private static @Nullable Provider signingProvider(@Nullable Provider provider, JWSAlgorithm algorithm) {
		if (provider == null) {
			return null;
		}
		return (provider.getService("Signature", jcaName(algorithm)) != null) ? provider : null;
	}

	private static String jcaName(JWSAlgorithm algorithm) {
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

	private static boolean verifies(VerificationKey key, byte[] input, byte[] signature) {
		try {
			PublicKey publicKey = Jwks.publicKey(key.jwk());
			JWSHeader header = new JWSHeader(key.algorithm());
			if (publicKey instanceof RSAPublicKey rsa) {
				return new RSASSAVerifier(rsa).verify(header, input, Base64URL.encode(signature));
			}
			if (publicKey instanceof ECPublicKey ec) {
				return new ECDSAVerifier(ec).verify(header, input, Base64URL.encode(signature));
			}
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(publicKey);
			verifier.update(input);
			return verifier.verify(signature);
		}
		catch (JOSEException | GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	/**
	 * The properties that name a key pair's parts.
	 *
	 * @param key the property of the private key (or its source)
	 * @param algorithm the algorithm property
	 * @param publicKey the property of the public key (or its source)
	 */
	record Properties(String key, String algorithm, String publicKey) {

	}

}
