package io.github.jwtauth.token;

import java.net.MalformedURLException;
import java.net.URI;
import java.security.Key;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * Resolves verifiers from another issuer's JWK Set URL, which nimbus fetches, caches and
 * refreshes (with rate limiting) on an unknown key ID. Only asymmetric keys of the
 * allowed algorithms are used; verifiers are cached per key.
 */
public final class RemoteJwsVerifierResolver implements JwsVerifierResolver {

	private final JWKSource<SecurityContext> source;

	private final Set<JWSAlgorithm> allowed;

	private final DefaultJWSVerifierFactory factory = new DefaultJWSVerifierFactory();

	private final ConcurrentHashMap<JWK, JWSVerifier> verifiers = new ConcurrentHashMap<>();

	/**
	 * Create a resolver.
	 * @param jwkSetUri the JWK Set URL
	 * @param allowed the allowed (asymmetric) algorithms
	 */
	public RemoteJwsVerifierResolver(String jwkSetUri, Set<JWSAlgorithm> allowed) {
		try {
			this.source = JWKSourceBuilder.create(URI.create(jwkSetUri).toURL()).retrying(true).build();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid JWK Set URI", ex);
		}
		this.allowed = Set.copyOf(allowed);
	}

	/**
	 * Create a resolver over a given JWK source.
	 * @param source the JWK source
	 * @param allowed the allowed (asymmetric) algorithms
	 */
	public RemoteJwsVerifierResolver(JWKSource<SecurityContext> source, Set<JWSAlgorithm> allowed) {
		this.source = source;
		this.allowed = Set.copyOf(allowed);
	}

	@Override
	public JWSVerifier resolve(JWSHeader header) {
		JWSAlgorithm algorithm = header.getAlgorithm();
		if (!this.allowed.contains(algorithm)) {
			throw new InvalidTokenException("Algorithm not allowed");
		}
		JWKMatcher matcher = new JWKMatcher.Builder().keyType(KeyType.forAlgorithm(algorithm))
			.keyID(header.getKeyID())
			.keyUses(KeyUse.SIGNATURE, null)
			.algorithms(algorithm, null)
			.build();
		List<JWK> keys;
		try {
			keys = this.source.get(new JWKSelector(matcher), null);
		}
		catch (KeySourceException ex) {
			throw new InvalidTokenException("Unable to obtain the issuer's keys");
		}
		if (keys.size() != 1 || !(keys.get(0) instanceof AsymmetricJWK)) {
			throw new InvalidTokenException(keys.isEmpty() ? "Unknown key ID" : "Ambiguous key; a key ID is required");
		}
		return this.verifiers.computeIfAbsent(keys.get(0), (jwk) -> verifier(header, jwk));
	}

	private JWSVerifier verifier(JWSHeader header, JWK jwk) {
		try {
			Key key = ((AsymmetricJWK) jwk).toPublicKey();
			return this.factory.createJWSVerifier(header, key);
		}
		catch (JOSEException ex) {
			throw new InvalidTokenException("Unusable verification key");
		}
	}

}
