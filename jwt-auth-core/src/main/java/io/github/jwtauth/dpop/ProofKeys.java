package io.github.jwtauth.dpop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.token.JwsVerifiers;

/**
 * The public keys of DPoP proofs (the {@code jwk} header): checked to be public, of the
 * proof's algorithm and strong enough, identified by their RFC 7638 thumbprint, and kept
 * as ready verifiers so that a client's next proof costs a map lookup and one signature
 * check, not a key parse.
 */
final class ProofKeys {

	/** Members that only a private (or symmetric) JWK has. */
	private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

	/** The members of a public JWK that make the key (RFC 7638 §3.2). */
	private static final List<String> PUBLIC_MEMBERS = List.of("kty", "crv", "x", "y", "n", "e");

	private static final int MAX_RSA_BITS = 4096;

	/**
	 * At most 24 bits of public exponent (65537 is {@code AQAB}, 4 characters).
	 */
	private static final int MAX_RSA_EXPONENT_CHARACTERS = 4;

	private final ConcurrentHashMap<String, JWSVerifier> verifiers = new ConcurrentHashMap<>();

	private final int maxKeys;

	ProofKeys(int maxKeys) {
		this.maxKeys = maxKeys;
	}

	/**
	 * The RFC 7638 thumbprint of a public JWK, from its required members only.
	 * @param jwk the {@code jwk} header
	 * @param algorithm the proof's algorithm, which the key must fit
	 * @return the base64url SHA-256 thumbprint
	 * @throws DPoPProofException if the key is private, malformed or does not fit
	 */
	static String thumbprint(Map<String, Object> jwk, JWSAlgorithm algorithm) {
		for (String member : PRIVATE_MEMBERS) {
			if (jwk.containsKey(member)) {
				throw DPoPProofException.invalid("The jwk header must be a public key");
			}
		}
		String kty = member(jwk, "kty");
		String canonical;
		if (KeyAlgorithms.EC.contains(algorithm)) {
			require("EC".equals(kty), algorithm);
			String crv = member(jwk, "crv");
			require(KeyAlgorithms.curveOf(algorithm).getName().equals(crv), algorithm);
			canonical = "{\"crv\":\"" + crv + "\",\"kty\":\"EC\",\"x\":\"" + base64Url(jwk, "x") + "\",\"y\":\""
					+ base64Url(jwk, "y") + "\"}";
		}
		else if (KeyAlgorithms.EDDSA.contains(algorithm)) {
			require("OKP".equals(kty) && "Ed25519".equals(member(jwk, "crv")), algorithm);
			canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + base64Url(jwk, "x") + "\"}";
		}
		else if (KeyAlgorithms.RSA.contains(algorithm)) {
			require("RSA".equals(kty), algorithm);
			String n = base64Url(jwk, "n");
			// the modulus's length in bits, from its encoding, before any big number
			long bits = (n.length() * 6L) & ~7L;
			if (bits > MAX_RSA_BITS + 8) {
				throw DPoPProofException.invalid("The RSA key of the proof has more than " + MAX_RSA_BITS + " bits");
			}
			String e = base64Url(jwk, "e");
			if (e.length() > MAX_RSA_EXPONENT_CHARACTERS) {
				// a huge public exponent makes every verification cost milliseconds
				throw DPoPProofException.invalid("The RSA key of the proof has an oversized exponent");
			}
			canonical = "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}";
		}
		else {
			throw DPoPProofException.invalid("Unsupported proof algorithm");
		}
		return sha256(canonical);
	}

	/**
	 * The verifier of a proof key: the one kept for the key and algorithm, or a new one,
	 * which is kept only when {@link Verifier#remember()} is called after it verified a
	 * signature.
	 * @param jwk the {@code jwk} header
	 * @param algorithm the proof's algorithm
	 * @param thumbprint the key's thumbprint
	 * @return the verifier
	 * @throws DPoPProofException if the key cannot be used
	 */
	Verifier verifier(Map<String, Object> jwk, JWSAlgorithm algorithm, String thumbprint) {
		String id = algorithm.getName() + ':' + thumbprint;
		JWSVerifier verifier = this.verifiers.get(id);
		return (verifier != null) ? new Verifier(id, verifier, true) : new Verifier(id, create(jwk, algorithm), false);
	}

	/**
	 * The number of keys with a kept verifier.
	 * @return the number of keys
	 */
	int size() {
		return this.verifiers.size();
	}

	private void remember(String id, JWSVerifier verifier) {
		if (this.verifiers.size() >= this.maxKeys) {
			// many clients: drop about a tenth, whichever come first, rather than all
			int drop = Math.max(1, this.maxKeys / 10);
			Iterator<String> ids = this.verifiers.keySet().iterator();
			while (drop-- > 0 && ids.hasNext()) {
				ids.next();
				ids.remove();
			}
		}
		this.verifiers.putIfAbsent(id, verifier);
	}

	private static JWSVerifier create(Map<String, Object> json, JWSAlgorithm algorithm) {
		JWK jwk;
		try {
			// the key is its public members only, those the thumbprint (the cache key) is
			// made of: other members (kid, use, key_ops, x5c...) must not decide whether
			// a
			// proof is accepted, since a cached verifier never sees them; nimbus checks
			// the
			// key: an EC point must be on its curve
			Map<String, Object> members = new HashMap<>();
			for (String name : PUBLIC_MEMBERS) {
				Object value = json.get(name);
				if (value != null) {
					members.put(name, value);
				}
			}
			jwk = JWK.parse(members);
			KeyAlgorithms.check(jwk, algorithm);
			return JwsVerifiers.forProofKey(VerificationKey.of("dpop-proof", algorithm, jwk));
		}
		catch (ParseException | RuntimeException ex) {
			throw DPoPProofException.invalid("The jwk header is not a usable " + algorithm + " public key");
		}
	}

	static String sha256(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static void require(boolean condition, JWSAlgorithm algorithm) {
		if (!condition) {
			throw DPoPProofException.invalid("The jwk header is not a key for " + algorithm);
		}
	}

	private static String member(Map<String, Object> jwk, String name) {
		if (!(jwk.get(name) instanceof String value)) {
			throw DPoPProofException.invalid("The jwk header lacks '" + name + "'");
		}
		return value;
	}

	private static String base64Url(Map<String, Object> jwk, String name) {
		String value = member(jwk, name);
		if (value.isEmpty()) {
			throw DPoPProofException.invalid("The jwk header has an empty '" + name + "'");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
				throw DPoPProofException.invalid("The jwk header's '" + name + "' is not base64url");
			}
		}
		return value;
	}

	/**
	 * A verifier of a proof key, kept or new.
	 */
	final class Verifier {

		private final String id;

		private final JWSVerifier verifier;

		private final boolean kept;

		Verifier(String id, JWSVerifier verifier, boolean kept) {
			this.id = id;
			this.verifier = verifier;
			this.kept = kept;
		}

		JWSVerifier verifier() {
			return this.verifier;
		}

		/**
		 * Keep a new verifier for the next proofs of its key: call only after it verified
		 * a signature.
		 */
		void remember() {
			if (!this.kept) {
				ProofKeys.this.remember(this.id, this.verifier);
			}
		}

	}

}
