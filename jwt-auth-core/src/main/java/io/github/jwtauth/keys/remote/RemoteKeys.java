package io.github.jwtauth.keys.remote;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.VerificationKey;
import org.jspecify.annotations.Nullable;

/**
 * The usable keys of one fetch of an issuer's JWK Set: each a {@link VerificationKey}
 * bound to exactly one algorithm that fits it. A key is used with the algorithm it
 * declares ({@code alg}); a key that declares none with the one its type implies (RS256
 * for RSA, the ES algorithm of an EC key's curve, EdDSA for Ed25519), or, when the
 * accepted algorithms are configured, with each of those that fits it. Never used, each
 * with a warning naming the key: HMAC secrets, keys that carry a private part, RSA keys
 * under 2048 bits, EC keys on another curve than P-256, P-384 and P-521 or on the wrong
 * one for their {@code alg}, OKP keys other than Ed25519, keys that declare an
 * unsupported algorithm, and keys that do not convert to a public key. Keys for another
 * use ({@code use} other than {@code sig}, {@code key_ops} without {@code verify}) and
 * keys of an algorithm that is not accepted are left out silently.
 */
public final class RemoteKeys {

	/**
	 * The order in which an accepted algorithm is chosen for a key that declares none.
	 */
	private static final List<JWSAlgorithm> PREFERENCE = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
			JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

	private final List<VerificationKey> keys;

	private final Map<String, List<VerificationKey>> byKeyId;

	private RemoteKeys(List<VerificationKey> keys) {
		this.keys = List.copyOf(keys);
		Map<String, List<VerificationKey>> byKeyId = new LinkedHashMap<>();
		for (VerificationKey key : keys) {
			byKeyId.computeIfAbsent(key.keyId(), (id) -> new ArrayList<>()).add(key);
		}
		byKeyId.replaceAll((id, list) -> List.copyOf(list));
		this.byKeyId = Collections.unmodifiableMap(byKeyId);
	}

	/**
	 * The usable keys of a JWK Set.
	 * @param set the JWK Set
	 * @param accepted the accepted algorithms, or an empty set for the algorithms the
	 * keys declare (asymmetric ones only)
	 * @param warnings receives one message per key that is not used for a reason the
	 * issuer should fix
	 * @return the keys
	 */
	public static RemoteKeys of(JWKSet set, Set<JWSAlgorithm> accepted, Consumer<String> warnings) {
		List<VerificationKey> keys = new ArrayList<>();
		for (JWK jwk : set.getKeys()) {
			for (JWSAlgorithm algorithm : algorithms(jwk, accepted, warnings)) {
				String keyId = keyId(jwk);
				boolean duplicate = keys.stream()
					.anyMatch((key) -> key.keyId().equals(keyId) && key.algorithm().equals(algorithm));
				if (duplicate) {
					warnings.accept(
							name(jwk) + " is not used: another key of the set has the same key ID for " + algorithm);
					continue;
				}
				try {
					keys.add(VerificationKey.of(keyId, algorithm, jwk));
				}
				catch (IllegalArgumentException ex) {
					warnings.accept(name(jwk) + " is not used: " + ex.getMessage());
				}
			}
		}
		return new RemoteKeys(keys);
	}

	private static List<JWSAlgorithm> algorithms(JWK jwk, Set<JWSAlgorithm> accepted, Consumer<String> warnings) {
		if (jwk instanceof OctetSequenceKey) {
			warnings.accept(name(jwk) + " is not used: an HMAC secret is never taken from a JWK Set");
			return List.of();
		}
		if (jwk.isPrivate()) {
			warnings.accept(name(jwk) + " is not used: it carries its private part, which a JWK Set must never "
					+ "publish (the issuer should replace this key)");
			return List.of();
		}
		if ((jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse()))
				|| (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY))) {
			return List.of();
		}
		try {
			Jwks.publicKey(jwk);
		}
		catch (IllegalArgumentException ex) {
			warnings.accept(name(jwk) + " is not used: " + KeyAlgorithms.describe(jwk) + " that is not supported ("
					+ ex.getMessage() + ")");
			return List.of();
		}
		List<JWSAlgorithm> candidates = new ArrayList<>();
		if (jwk.getAlgorithm() != null) {
			JWSAlgorithm declared = JWSAlgorithm.parse(jwk.getAlgorithm().getName());
			if (!KeyAlgorithms.supported().contains(declared) || !KeyAlgorithms.isAsymmetric(declared)) {
				warnings.accept(name(jwk) + " is not used: it declares the algorithm '" + declared.getName()
						+ "', which is not accepted from a JWK Set");
				return List.of();
			}
			if (!accepted.isEmpty() && !accepted.contains(declared)) {
				return List.of();
			}
			candidates.add(declared);
		}
		else if (accepted.isEmpty()) {
			JWSAlgorithm implied = KeyAlgorithms.defaultFor(jwk);
			if (implied == null) {
				warnings.accept(name(jwk) + " is not used: " + KeyAlgorithms.describe(jwk) + " is not supported");
				return List.of();
			}
			candidates.add(implied);
		}
		else {
			JWSAlgorithm implied = KeyAlgorithms.defaultFor(jwk);
			String weak = (implied != null) ? KeyAlgorithms.misfit(jwk, implied) : null;
			if (weak != null) {
				warnings.accept(name(jwk) + " is not used: " + weak);
				return List.of();
			}
			// one algorithm per key (RFC 8725 §3.1), even when several accepted ones fit:
			// the one the key's type implies if it is accepted, else the first that fits
			// in
			// a fixed order
			if (implied != null && accepted.contains(implied)) {
				return List.of(implied);
			}
			for (JWSAlgorithm algorithm : PREFERENCE) {
				if (accepted.contains(algorithm) && KeyAlgorithms.misfit(jwk, algorithm) == null) {
					warnings.accept(name(jwk) + " declares no algorithm: it verifies " + algorithm.getName()
							+ " only (declare \"alg\" in the JWK Set to choose)");
					return List.of(algorithm);
				}
			}
			return candidates;
		}
		String misfit = KeyAlgorithms.misfit(jwk, candidates.get(0));
		if (misfit != null) {
			warnings.accept(name(jwk) + " is not used: " + misfit);
			return List.of();
		}
		return candidates;
	}

	private static String keyId(JWK jwk) {
		if (jwk.getKeyID() != null && !jwk.getKeyID().isEmpty()) {
			return jwk.getKeyID();
		}
		try {
			return jwk.computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String name(JWK jwk) {
		return (jwk.getKeyID() != null) ? "Key '" + jwk.getKeyID() + "' of the JWK Set"
				: "A key without key ID in the JWK Set (" + KeyAlgorithms.describe(jwk) + ")";
	}

	/**
	 * Every usable key.
	 * @return the keys
	 */
	public List<VerificationKey> all() {
		return this.keys;
	}

	/**
	 * Whether any usable key has a key ID.
	 * @param keyId the key ID
	 * @return {@code true} if one has
	 */
	public boolean hasKeyId(String keyId) {
		return this.byKeyId.containsKey(keyId);
	}

	/**
	 * The key for a token's {@code kid} and {@code alg}.
	 * @param keyId the token's key ID, or {@code null}: then the one key of that
	 * algorithm, if the set has exactly one
	 * @param algorithm the token's algorithm
	 * @return the key, or {@code null}
	 */
	public @Nullable VerificationKey find(@Nullable String keyId, JWSAlgorithm algorithm) {
		List<VerificationKey> candidates = (keyId != null) ? this.byKeyId.getOrDefault(keyId, List.of()) : this.keys;
		VerificationKey found = null;
		for (VerificationKey key : candidates) {
			if (key.algorithm().equals(algorithm)) {
				if (found != null) {
					return null;
				}
				found = key;
			}
		}
		return found;
	}

	@Override
	public String toString() {
		return "RemoteKeys" + this.keys;
	}

}
