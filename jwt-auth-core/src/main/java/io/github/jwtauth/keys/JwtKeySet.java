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
 * The keys of an issuer at one moment: one active signer, and other keys that only
 * verify: previous keys, for the tokens they signed before a rotation, and with automatic
 * rotation the next key, published before it signs anything. Immutable; a key set is its
 * own {@link JwtKeySource}.
 */
public final class JwtKeySet implements JwtKeySource {

	private final JwtSigner active;

	private final Map<String, VerificationKey> byKeyId;

	private final JWKSet publicJwkSet;

	/**
	 * Create a key set.
	 * @param active the signer of new tokens
	 * @param others keys that only verify
	 */
	public JwtKeySet(JwtSigner active, List<VerificationKey> others) {
		Assert.notNull(active, "active must not be null");
		Assert.notNull(others, "others must not be null");
		Map<String, VerificationKey> keys = new LinkedHashMap<>();
		keys.put(active.keyId(), active.verificationKey());
		for (VerificationKey key : others) {
			VerificationKey before = keys.putIfAbsent(key.keyId(), key);
			Assert.isTrue(before == null, () -> "Duplicate key ID '" + key.keyId() + "'");
		}
		this.active = active;
		this.byKeyId = Collections.unmodifiableMap(keys);
		this.publicJwkSet = publicJwkSet(keys.values());
	}

	/**
	 * Create a key set whose active key is held in this process.
	 * @param active the key that signs new tokens
	 * @param others keys that only verify
	 */
	public JwtKeySet(SigningKey active, List<VerificationKey> others) {
		this(active.signer(), others);
	}

	@Override
	public JwtKeySet current() {
		return this;
	}

	/**
	 * The signer of new tokens.
	 * @return the active signer
	 */
	public JwtSigner active() {
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
		return this.publicJwkSet;
	}

	private static JWKSet publicJwkSet(Iterable<VerificationKey> verificationKeys) {
		List<JWK> keys = new ArrayList<>();
		for (VerificationKey key : verificationKeys) {
			if (!key.isSymmetric()) {
				JWK publicJwk = key.jwk().toPublicJWK();
				if (publicJwk != null && !publicJwk.isPrivate()) {
					keys.add(publicJwk);
				}
			}
		}
		return new JWKSet(keys);
	}

	@Override
	public String toString() {
		return "JwtKeySet[active=" + this.active.keyId() + ", keys=" + this.byKeyId.keySet() + "]";
	}

}
