package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.SigningKey;

/**
 * Keys and tokens of a stand-in issuer for the JWK Set tests.
 */
final class RemoteKeysFixtures {

	private RemoteKeysFixtures() {
	}

	/**
	 * A fresh private JWK.
	 * @param kind "RSA", "RSA-1024", "P-256", "P-384", "P-521" or "Ed25519"
	 * @return the key with its private part, without key ID or algorithm
	 */
	static JWK generate(String kind) {
		try {
			KeyPairGenerator generator;
			if (kind.startsWith("RSA")) {
				generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(kind.equals("RSA-1024") ? 1024 : 2048);
			}
			else if (kind.startsWith("P-")) {
				generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec("secp" + kind.substring(2) + "r1"));
			}
			else {
				generator = KeyPairGenerator.getInstance(kind);
			}
			KeyPair pair = generator.generateKeyPair();
			return Jwks.privateJwk(pair.getPublic(), pair.getPrivate());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A signing key of a stand-in issuer.
	 * @param keyId the key ID
	 * @param algorithm the algorithm
	 * @param kind the kind of key (see {@link #generate})
	 * @return the signing key
	 */
	static SigningKey signingKey(String keyId, JWSAlgorithm algorithm, String kind) {
		return SigningKey.of(keyId, algorithm, generate(kind));
	}

	/**
	 * The public JWK as an issuer publishes it, with its key ID and algorithm.
	 * @param key the signing key
	 * @return the public JWK
	 */
	static JWK published(SigningKey key) {
		return key.verificationKey().jwk();
	}

	/**
	 * The public JWK without its {@code alg}.
	 * @param key the signing key
	 * @return the public JWK without algorithm
	 */
	static JWK withoutAlgorithm(SigningKey key) {
		java.util.Map<String, Object> json = published(key).toJSONObject();
		json.remove("alg");
		try {
			return JWK.parse(json);
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An Ed448 public key as a JWK (which this library does not support).
	 * @param keyId the key ID
	 * @return the JWK
	 */
	static JWK ed448(String keyId) {
		try {
			KeyPair pair = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
			byte[] encoded = pair.getPublic().getEncoded();
			byte[] x = Arrays.copyOfRange(encoded, encoded.length - 57, encoded.length);
			return new OctetKeyPair.Builder(Curve.Ed448, Base64URL.encode(x)).keyID(keyId)
				.algorithm(JWSAlgorithm.EdDSA)
				.build();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An access token signed by a key, with the header's algorithm and key ID as given
	 * (they need not be the signer's: that is how a forgery is made).
	 * @param signer signs the token
	 * @param algorithm the header's algorithm
	 * @param keyId the header's key ID, or {@code null}
	 * @param now the time of issue
	 * @return the token
	 */
	static String token(JwtSigner signer, JWSAlgorithm algorithm, String keyId, Instant now) {
		JWSHeader header = SignedTokens.header(algorithm, keyId).build();
		String signingInput = header.toBase64URL() + "."
				+ Base64URL.encode(SignedTokens.claims("alice", now).build().toString());
		byte[] signature = signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + Base64URL.encode(signature);
	}

	/**
	 * An access token as the issuer signs it.
	 * @param key the key
	 * @param now the time of issue
	 * @return the token
	 */
	static String token(SigningKey key, Instant now) {
		return token(key.signer(), key.algorithm(), key.keyId(), now);
	}

}
