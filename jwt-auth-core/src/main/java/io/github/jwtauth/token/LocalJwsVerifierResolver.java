package io.github.jwtauth.token;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtKeySource;
import io.github.jwtauth.keys.VerificationKey;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Resolves verifiers from this application's own keys. Verifiers are built once per key;
 * each key verifies with exactly its one algorithm. When the key source's set changes (a
 * rotation), the next token sees the new set: keys that stayed keep their verifiers.
 */
public final class LocalJwsVerifierResolver implements JwsVerifierResolver {

	private final JwtKeySource source;

	private volatile Snapshot snapshot;

	/**
	 * Create a resolver over fixed keys.
	 * @param keys the verification keys
	 */
	public LocalJwsVerifierResolver(List<VerificationKey> keys) {
		this.source = () -> {
			throw new IllegalStateException("fixed keys");
		};
		this.snapshot = new Snapshot(null, keys, Map.of());
	}

	/**
	 * Create a resolver that follows a key source.
	 * @param source the key source
	 */
	public LocalJwsVerifierResolver(JwtKeySource source) {
		Assert.notNull(source, "source must not be null");
		this.source = source;
		JwtKeySet keys = source.current();
		this.snapshot = new Snapshot(keys, keys.verificationKeys(), Map.of());
	}

	@Override
	public JWSVerifier resolve(JWSHeader header) {
		Snapshot current = current();
		String keyId = header.getKeyID();
		Entry entry = (keyId != null) ? current.byKeyId.get(keyId) : current.single;
		if (entry == null) {
			throw new InvalidTokenException((keyId != null) ? "Unknown key ID" : "Missing key ID",
					TokenRefusalReason.UNKNOWN_KEY);
		}
		if (!entry.algorithm().equals(header.getAlgorithm())) {
			throw new InvalidTokenException("Algorithm not allowed for this key", TokenRefusalReason.ALGORITHM);
		}
		return entry.verifier();
	}

	@Override
	public Object keySetVersion() {
		return current();
	}

	private Snapshot current() {
		Snapshot current = this.snapshot;
		if (current.keys == null) {
			return current;
		}
		JwtKeySet keys = this.source.current();
		if (keys != current.keys) {
			current = new Snapshot(keys, keys.verificationKeys(), current.byKeyId);
			this.snapshot = current;
		}
		return current;
	}

	private record Entry(VerificationKey key, JWSAlgorithm algorithm, JWSVerifier verifier) {
	}

	private static final class Snapshot {

		private final @Nullable JwtKeySet keys;

		private final Map<String, Entry> byKeyId = new HashMap<>();

		private final @Nullable Entry single;

		Snapshot(@Nullable JwtKeySet keys, List<VerificationKey> verificationKeys, Map<String, Entry> previous) {
			this.keys = keys;
			for (VerificationKey key : verificationKeys) {
				Entry before = previous.get(key.keyId());
				this.byKeyId.put(key.keyId(), (before != null && before.key().equals(key)) ? before
						: new Entry(key, key.algorithm(), JwsVerifiers.forKey(key)));
			}
			this.single = (verificationKeys.size() == 1) ? this.byKeyId.get(verificationKeys.get(0).keyId()) : null;
		}

	}

}
