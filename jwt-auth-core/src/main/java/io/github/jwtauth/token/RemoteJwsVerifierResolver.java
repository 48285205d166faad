package io.github.jwtauth.token;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.keys.remote.JwkSetCache;
import io.github.jwtauth.keys.remote.JwkSetUnavailableException;
import io.github.jwtauth.keys.remote.RemoteJwkSet;
import io.github.jwtauth.keys.remote.RemoteKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Resolves verifiers from another issuer's JWK Set, which a {@link JwkSetCache} fetches,
 * caches and refreshes. A token's {@code kid} selects the key and its {@code alg} must be
 * the one algorithm that key is bound to (see {@link RemoteKeys}); an unknown {@code kid}
 * makes the cache fetch again (rate-limited) before the token is refused. Verifiers are
 * the same as for local keys ({@code JwsVerifiers.forKey}) and are built once per key.
 * Every failure is an {@link InvalidTokenException} (401), including a JWK Set that
 * cannot be fetched.
 */
public final class RemoteJwsVerifierResolver implements JwsVerifierResolver {

	private final JwkSetCache cache;

	private final ConcurrentHashMap<VerificationKey, JWSVerifier> verifiers = new ConcurrentHashMap<>();

	private volatile @Nullable RemoteKeys verifiersOf;

	/**
	 * Create a resolver with the default cache settings.
	 * @param jwkSetUri the JWK Set URL ({@code https}, or {@code http} for loopback)
	 * @param algorithms the accepted (asymmetric) algorithms, or an empty set for those
	 * the keys declare
	 */
	public RemoteJwsVerifierResolver(String jwkSetUri, Set<JWSAlgorithm> algorithms) {
		this(JwkSetCache.builder(RemoteJwkSet.builder(jwkSetUri).build()).algorithms(algorithms).build());
	}

	/**
	 * Create a resolver over a cache.
	 * @param cache the issuer's keys
	 */
	public RemoteJwsVerifierResolver(JwkSetCache cache) {
		Assert.notNull(cache, "cache must not be null");
		this.cache = cache;
	}

	@Override
	public JWSVerifier resolve(JWSHeader header) {
		JWSAlgorithm algorithm = header.getAlgorithm();
		if (!KeyAlgorithms.supported().contains(algorithm) || !KeyAlgorithms.isAsymmetric(algorithm)) {
			throw new InvalidTokenException("Algorithm not allowed", TokenRefusalReason.ALGORITHM);
		}
		String keyId = header.getKeyID();
		RemoteKeys keys = keys();
		VerificationKey key = keys.find(keyId, algorithm);
		if (key == null && keyId != null && !keys.hasKeyId(keyId)) {
			keys = this.cache.keysAfterUnknownKeyId(keys);
			key = keys.find(keyId, algorithm);
		}
		if (key == null) {
			if (keyId == null) {
				throw new InvalidTokenException("Missing key ID", TokenRefusalReason.UNKNOWN_KEY);
			}
			throw keys.hasKeyId(keyId)
					? new InvalidTokenException("Algorithm not allowed for this key", TokenRefusalReason.ALGORITHM)
					: new InvalidTokenException("Unknown key ID", TokenRefusalReason.UNKNOWN_KEY);
		}
		return verifier(keys, key);
	}

	@Override
	public Object keySetVersion() {
		return this.cache.version();
	}

	/**
	 * The cache of the issuer's keys, for monitoring.
	 * @return the cache
	 */
	public JwkSetCache getJwkSetCache() {
		return this.cache;
	}

	private RemoteKeys keys() {
		try {
			return this.cache.keys();
		}
		catch (JwkSetUnavailableException ex) {
			throw new InvalidTokenException("Unable to obtain the issuer's keys", TokenRefusalReason.UNAVAILABLE);
		}
	}

	private JWSVerifier verifier(RemoteKeys keys, VerificationKey key) {
		if (this.verifiersOf != keys) {
			// keys that left the set leave the verifier cache too
			this.verifiers.keySet().retainAll(new HashSet<>(keys.all()));
			this.verifiersOf = keys;
		}
		try {
			return this.verifiers.computeIfAbsent(key, JwsVerifiers::forKey);
		}
		catch (IllegalStateException ex) {
			throw new InvalidTokenException("Unusable verification key", TokenRefusalReason.UNKNOWN_KEY);
		}
	}

}
