package io.github.jwtauth.dpop;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.TestKeys;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.Jwks;

/**
 * Builds DPoP proofs for the tests: with nimbus ({@link SignedJWT}, the header's
 * {@code jwk} the client's public key), or from raw JSON text signed exactly as written,
 * for the malformed ones. Signing goes through core's {@link JcaJwtSigner}, so EdDSA
 * needs no Tink.
 */
final class ProofFixtures {

	static final String METHOD = "POST";

	static final String URI = "https://server.example.com/token";

	static final JOSEObjectType DPOP_JWT = new JOSEObjectType("dpop+jwt");

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private ProofFixtures() {
	}

	static JWSHeader.Builder header(ClientKey key) {
		return new JWSHeader.Builder(key.algorithm()).type(DPOP_JWT).jwk(key.jwk());
	}

	static JWTClaimsSet.Builder claims(Instant now) {
		return new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.claim("htm", METHOD)
			.claim("htu", URI)
			.issueTime(Date.from(now));
	}

	static String proof(ClientKey key, Instant now) {
		return proof(key, now, (h) -> {
		}, (c) -> {
		});
	}

	static String proof(ClientKey key, Instant now, Consumer<JWSHeader.Builder> header,
			Consumer<JWTClaimsSet.Builder> claims) {
		JWSHeader.Builder headerBuilder = header(key);
		header.accept(headerBuilder);
		JWTClaimsSet.Builder claimsBuilder = claims(now);
		claims.accept(claimsBuilder);
		SignedJWT jwt = new SignedJWT(headerBuilder.build(), claimsBuilder.build());
		byte[] signingInput = jwt.getSigningInput();
		return new String(signingInput, StandardCharsets.US_ASCII) + "."
				+ BASE64URL.encodeToString(key.signer().sign(signingInput));
	}

	/**
	 * A proof of a header and a payload given as JSON text, signed exactly as written.
	 * @param key the signing key
	 * @param header the header JSON
	 * @param payload the payload JSON
	 * @return the proof
	 */
	static String raw(ClientKey key, String header, String payload) {
		String signingInput = encode(header) + "." + encode(payload);
		byte[] signature = key.signer().sign(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + BASE64URL.encodeToString(signature);
	}

	/**
	 * The header JSON of a proof by a key, with extra members.
	 * @param key the key
	 * @param extra members to append (JSON text starting with a comma), or empty
	 * @return the header JSON
	 */
	static String headerJson(ClientKey key, String extra) {
		return "{\"typ\":\"dpop+jwt\",\"alg\":\"" + key.algorithm().getName() + "\",\"jwk\":" + key.jwkJson() + extra
				+ "}";
	}

	/**
	 * The payload JSON of a valid proof, with extra members.
	 * @param now the issue time
	 * @param extra members to append (JSON text starting with a comma), or empty
	 * @return the payload JSON
	 */
	static String payloadJson(Instant now, String extra) {
		return "{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"" + METHOD + "\",\"htu\":\"" + URI + "\",\"iat\":"
				+ now.getEpochSecond() + extra + "}";
	}

	static String encode(String json) {
		return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A client key: its pair, its public JWK and a signer.
	 *
	 * @param algorithm the proof algorithm
	 * @param pair the key pair
	 * @param jwk the public JWK
	 * @param signer signs with the private key
	 */
	record ClientKey(JWSAlgorithm algorithm, KeyPair pair, JWK jwk, JcaJwtSigner signer) {

		static ClientKey of(JWSAlgorithm algorithm, KeyPair pair) {
			return new ClientKey(algorithm, pair, Jwks.publicJwk(pair.getPublic()),
					JcaJwtSigner.of("client", algorithm, pair.getPrivate(), pair.getPublic()));
		}

		static ClientKey shared(JWSAlgorithm algorithm) {
			return of(algorithm, TestKeys.keyPair(algorithm));
		}

		static ClientKey fresh(JWSAlgorithm algorithm) {
			return of(algorithm, TestKeys.freshKeyPair(algorithm));
		}

		String thumbprint() {
			try {
				return this.jwk.computeThumbprint().toString();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * The public JWK as JSON text.
		 * @return the JSON
		 */
		String jwkJson() {
			return this.jwk.toJSONString();
		}

	}

}
