package io.github.jwtauth.keys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.util.Assert;

/**
 * The keys of an issuer: one active key that signs, and previous keys that still verify
 * the tokens they signed before a rotation.
 */
public final class JwtKeySet {

	private final SigningKey active;

	private final Map<String, VerificationKey> byKeyId;

	/**
	 * Create a key set.
	 * @param active the key that signs new tokens
	 * @param previous keys that only verify
	 */
	public JwtKeySet(SigningKey active, List<VerificationKey> previous) {
		Assert.notNull(active, "active must not be null");
		Assert.notNull(previous, "previous must not be null");
		Map<String, VerificationKey> keys = new LinkedHashMap<>();
		keys.put(active.keyId(), active.verificationKey());
		for (VerificationKey key : previous) {
			VerificationKey before = keys.putIfAbsent(key.keyId(), key);
			Assert.isTrue(before == null, () -> "Duplicate key ID '" + key.keyId() + "'");
		}
		this.active = active;
		this.byKeyId = Collections.unmodifiableMap(keys);
	}

	/**
	 * The key that signs new tokens.
	 * @return the active key
	 */
	public SigningKey active() {
		return this.active;
	}

	/**
	 * Every key that verifies, the active one first.
	 * @return the verification keys
	 */
	public List<VerificationKey> verificationKeys() {
		return new ArrayList<>(this.byKeyId.values());
	}

	/**
	 * The public keys as a JWK Set, for publication: no HMAC key and no private part.
	 * @return the public JWK Set
	 */
	public JWKSet publicJwkSet() {
		List<JWK> keys = new ArrayList<>();
		for (VerificationKey key : this.byKeyId.values()) {
			if (!key.isSymmetric()) {
				JWK publicJwk = key.jwk().toPublicJWK();
				if (publicJwk != null && !publicJwk.isPrivate()) {
					keys.add(publicJwk);
				}
			}
		}
		return new JWKSet(keys);
	}

}
