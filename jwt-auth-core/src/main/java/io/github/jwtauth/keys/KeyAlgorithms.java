package io.github.jwtauth.keys;

import java.util.LinkedHashSet;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import org.jspecify.annotations.Nullable;

/**
 * Which JWS algorithms this library signs and verifies, and the binding of each algorithm
 * to one key type and strength (RFC 8725 §3.1 and §3.5): an HMAC secret verifies only
 * HS*, an RSA key of 2048 bits or more only RS* and PS*, an EC key only the ES algorithm
 * of its curve (P-256, P-384, P-521), an Ed25519 key only EdDSA.
 */
public final class KeyAlgorithms {

	/** The HMAC algorithms. */
	public static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

	/** The RSA algorithms. */
	public static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
			JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

	/** The ECDSA algorithms. */
	public static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

	/** The EdDSA algorithm (Ed25519 keys). */
	public static final Set<JWSAlgorithm> EDDSA = Set.of(JWSAlgorithm.EdDSA);

	/** The minimum RSA modulus length. */
	public static final int MIN_RSA_BITS = 2048;

	private static final Set<JWSAlgorithm> ALL;

	static {
		Set<JWSAlgorithm> all = new LinkedHashSet<>();
		for (String name : new String[] { "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384",
				"PS512", "ES256", "ES384", "ES512", "EdDSA" }) {
			all.add(JWSAlgorithm.parse(name));
		}
		ALL = Set.copyOf(all);
	}

	private KeyAlgorithms() {
	}

	/**
	 * Every supported algorithm.
	 * @return the algorithms
	 */
	public static Set<JWSAlgorithm> supported() {
		return ALL;
	}

	/**
	 * Parse an algorithm name case-insensitively ({@code es256}, {@code EdDSA}).
	 * @param name the name
	 * @return the algorithm, or {@code null} if it is not supported (including
	 * {@code none})
	 */
	public static @Nullable JWSAlgorithm parse(String name) {
		String trimmed = name.trim();
		for (JWSAlgorithm algorithm : ALL) {
			if (algorithm.getName().equalsIgnoreCase(trimmed)) {
				return algorithm;
			}
		}
		return null;
	}

	/**
	 * Whether an algorithm is asymmetric (its verification key may be published).
	 * @param algorithm the algorithm
	 * @return {@code true} unless it is an HMAC algorithm
	 */
	public static boolean isAsymmetric(JWSAlgorithm algorithm) {
		return !HMAC.contains(algorithm);
	}

	/**
	 * The curve an ES algorithm signs with.
	 * @param algorithm an ES algorithm (ES256, ES384 or ES512)
	 * @return the curve
	 */
	public static Curve curveOf(JWSAlgorithm algorithm) {
		if (JWSAlgorithm.ES256.equals(algorithm)) {
			return Curve.P_256;
		}
		if (JWSAlgorithm.ES384.equals(algorithm)) {
			return Curve.P_384;
		}
		if (JWSAlgorithm.ES512.equals(algorithm)) {
			return Curve.P_521;
		}
		throw new IllegalArgumentException(algorithm + " is not an ECDSA algorithm");
	}

	/**
	 * The one algorithm a key implies when none is configured or declared: RS256 for RSA,
	 * the ES algorithm of an EC key's curve, EdDSA for Ed25519, the HS algorithm of an
	 * HMAC secret's length (HS256 below 48 bytes).
	 * @param jwk the key
	 * @return the algorithm, or {@code null} for a key type or curve that is not
	 * supported
	 */
	public static @Nullable JWSAlgorithm defaultFor(JWK jwk) {
		if (jwk instanceof RSAKey) {
			return JWSAlgorithm.RS256;
		}
		if (jwk instanceof ECKey ec) {
			if (Curve.P_256.equals(ec.getCurve())) {
				return JWSAlgorithm.ES256;
			}
			if (Curve.P_384.equals(ec.getCurve())) {
				return JWSAlgorithm.ES384;
			}
			return Curve.P_521.equals(ec.getCurve()) ? JWSAlgorithm.ES512 : null;
		}
		if (jwk instanceof OctetKeyPair okp) {
			return Curve.Ed25519.equals(okp.getCurve()) ? JWSAlgorithm.EdDSA : null;
		}
		if (jwk instanceof OctetSequenceKey oct) {
			int bytes = oct.toByteArray().length;
			return (bytes >= 64) ? JWSAlgorithm.HS512 : (bytes >= 48) ? JWSAlgorithm.HS384 : JWSAlgorithm.HS256;
		}
		return null;
	}

	/**
	 * Why a key does not fit an algorithm or is too weak, or {@code null} when it fits.
	 * @param jwk the key
	 * @param algorithm the algorithm
	 * @return the reason, fit for an error message, or {@code null}
	 */
	public static @Nullable String misfit(JWK jwk, JWSAlgorithm algorithm) {
		if (!ALL.contains(algorithm)) {
			return "'" + algorithm + "' is not a supported algorithm";
		}
		if (HMAC.contains(algorithm)) {
			if (!(jwk instanceof OctetSequenceKey oct)) {
				return "algorithm " + algorithm + " needs an HMAC secret, not " + describe(jwk);
			}
			int min = minSecretBytes(algorithm);
			int length = oct.toByteArray().length;
			return (length < min) ? "the secret has " + length + " bytes, " + algorithm + " needs at least " + min
					: null;
		}
		if (RSA.contains(algorithm)) {
			if (!(jwk instanceof RSAKey rsa)) {
				return "algorithm " + algorithm + " needs an RSA key, not " + describe(jwk);
			}
			int bits = rsa.getModulus().decodeToBigInteger().bitLength();
			return (bits < MIN_RSA_BITS)
					? "the RSA key has " + bits + " bits, at least " + MIN_RSA_BITS + " are required" : null;
		}
		if (EC.contains(algorithm)) {
			if (!(jwk instanceof ECKey ec)) {
				return "algorithm " + algorithm + " needs an EC key, not " + describe(jwk);
			}
			Curve expected = curveOf(algorithm);
			return expected.equals(ec.getCurve()) ? null : "algorithm " + algorithm + " needs an EC key on curve "
					+ expected.getName() + ", not on " + ec.getCurve().getName();
		}
		if (!(jwk instanceof OctetKeyPair okp) || !Curve.Ed25519.equals(okp.getCurve())) {
			return "algorithm EdDSA needs an Ed25519 key, not " + describe(jwk);
		}
		return null;
	}

	/**
	 * Check that a key fits an algorithm and is strong enough.
	 * @param jwk the key
	 * @param algorithm the algorithm
	 * @throws IllegalArgumentException if it does not
	 */
	public static void check(JWK jwk, JWSAlgorithm algorithm) {
		String misfit = misfit(jwk, algorithm);
		if (misfit != null) {
			throw new IllegalArgumentException(misfit);
		}
	}

	/**
	 * The minimum HMAC secret length of an HS algorithm: the length of its hash.
	 * @param algorithm an HS algorithm (HS256, HS384 or HS512)
	 * @return the minimum in bytes
	 */
	public static int minSecretBytes(JWSAlgorithm algorithm) {
		if (JWSAlgorithm.HS512.equals(algorithm)) {
			return 64;
		}
		return JWSAlgorithm.HS384.equals(algorithm) ? 48 : 32;
	}

	/**
	 * A short description of a key's type, without any of its material.
	 * @param jwk the key
	 * @return for example "an EC key on P-256"
	 */
	public static String describe(JWK jwk) {
		if (jwk instanceof RSAKey rsa) {
			return "an RSA key of " + rsa.size() + " bits";
		}
		if (jwk instanceof ECKey ec) {
			return "an EC key on " + ec.getCurve().getName();
		}
		if (jwk instanceof OctetKeyPair okp) {
			return "an OKP key on " + okp.getCurve().getName();
		}
		if (jwk instanceof OctetSequenceKey) {
			return "an HMAC secret";
		}
		return "a key of type " + jwk.getKeyType();
	}

}
