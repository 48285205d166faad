package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.TestKeys;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Algorithm confusion through {@link JwtAuthDecoder#withKeys}: a token names the key of
 * another type in its {@code kid} (or none) and an algorithm of its own choosing. An EC
 * or Ed25519 key never verifies an RS256 or HS256 token, and a public key used as an HMAC
 * secret (its DER, PEM or JWK text, which an attacker knows) never verifies.
 */
class AlgorithmConfusionTests {

	private final SettableClock clock = new SettableClock();

	@Test
	void anEcKeyNeverVerifiesAnRsaOrHmacToken() throws Exception {
		for (JWSAlgorithm ec : List.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
				JWSAlgorithm.EdDSA)) {
			KeyPair pair = TestKeys.keyPair(ec);
			JwtSigner signer = JcaJwtSigner.of("ec-key", ec, pair.getPrivate(), pair.getPublic());
			JwtKeySet keys = new JwtKeySet(signer, List.of());
			assertConfusionRefused(keys, "ec-key", pair.getPublic(), signer.verificationKey());
			// the genuine token still verifies
			String genuine = JwtTokenService.withKeys(keys)
				.issuer("jwt-auth")
				.audiences(List.of("jwt-auth"))
				.clock(this.clock)
				.build()
				.issue("alice", List.of(), null)
				.tokenValue();
			assertThat(decoder(keys).decode(genuine).getSubject()).isEqualTo("alice");
		}
	}

	@Test
	void anRsaPublicKeyUsedAsHmacSecretNeverVerifies() throws Exception {
		KeyPair pair = TestKeys.keyPair(JWSAlgorithm.RS256);
		JwtSigner signer = JcaJwtSigner.of("rsa-key", JWSAlgorithm.RS256, pair.getPrivate(), pair.getPublic());
		JwtKeySet keys = new JwtKeySet(signer, List.of());
		assertConfusionRefused(keys, "rsa-key", pair.getPublic(), signer.verificationKey());
	}

	@Test
	void aKeySetWithAnHmacKeyAndAnEcKeyKeepsEachToItsOwnAlgorithm() throws Exception {
		KeyPair pair = TestKeys.keyPair(JWSAlgorithm.ES256);
		JwtSigner ec = JcaJwtSigner.of("ec-key", JWSAlgorithm.ES256, pair.getPrivate(), pair.getPublic());
		byte[] secret = TestKeys.secret(32);
		JwtKeySet keys = new JwtKeySet(ec, List.of(VerificationKey.hmac("hs-key", JWSAlgorithm.HS256, secret)));
		// an HMAC token naming the EC key, signed with the real HMAC secret
		String hmacToEcKey = sign(new MACSigner(secret), JWSAlgorithm.HS256, "ec-key");
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder(keys).decode(hmacToEcKey))
			.withMessage("Algorithm not allowed for this key");
		// the HMAC key verifies its own tokens only
		assertThat(decoder(keys).decode(sign(new MACSigner(secret), JWSAlgorithm.HS256, "hs-key")).getSubject())
			.isEqualTo("alice");
		// and the published set never contains the secret
		assertThat(keys.publicJwkSet().getKeys()).extracting((jwk) -> jwk.getKeyID()).containsExactly("ec-key");
	}

	private void assertConfusionRefused(JwtKeySet keys, String keyId, PublicKey publicKey, VerificationKey key)
			throws Exception {
		JwtAuthDecoder decoder = decoder(keys);
		List<byte[]> publicSecrets = new ArrayList<>();
		publicSecrets.add(publicKey.getEncoded());
		publicSecrets.add(pem(publicKey).getBytes(StandardCharsets.US_ASCII));
		publicSecrets.add(key.jwk().toJSONString().getBytes(StandardCharsets.UTF_8));
		publicSecrets.add(keys.publicJwkSet().toString().getBytes(StandardCharsets.UTF_8));
		for (byte[] secret : publicSecrets) {
			for (JWSAlgorithm hs : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
				if (secret.length * 8 < Integer.parseInt(hs.getName().substring(2))) {
					continue;
				}
				for (String kid : new String[] { keyId, null }) {
					String token = sign(new MACSigner(secret), hs, kid);
					assertThatExceptionOfType(BadJwtException.class).as(hs + " kid " + kid)
						.isThrownBy(() -> decoder.decode(token))
						.withMessage("Algorithm not allowed for this key");
				}
			}
		}
		// an RS256 token naming the key, signed with the attacker's own RSA key
		KeyPair attacker = TestKeys.freshKeyPair(JWSAlgorithm.RS256);
		for (JWSAlgorithm rsa : List.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256)) {
			for (String kid : new String[] { keyId, null }) {
				String token = sign(new RSASSASigner(attacker.getPrivate()), rsa, kid);
				if (key.algorithm().equals(rsa)) {
					assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
						.withMessage("Invalid signature");
				}
				else {
					assertThatExceptionOfType(BadJwtException.class).as(rsa + " kid " + kid)
						.isThrownBy(() -> decoder.decode(token))
						.withMessage("Algorithm not allowed for this key");
				}
			}
		}
	}

	private String sign(JWSSigner signer, JWSAlgorithm algorithm, String keyId) throws Exception {
		JWSHeader.Builder header = SignedTokens.header(algorithm, keyId);
		JWTClaimsSet claims = SignedTokens.claims("alice", this.clock.instant()).build();
		SignedJWT jwt = new SignedJWT(header.build(), claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	private JwtAuthDecoder decoder(JwtKeySet keys) {
		return JwtAuthDecoder.withKeys(keys, new RevocationValidator(new RevocationRegistry(this.clock)))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.build();
	}

	private static String pem(PublicKey key) {
		return "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
	}

}
