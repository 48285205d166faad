package io.github.jwtauth.keys;

import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtauth.TestKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The binding of every algorithm to one key type and strength (RFC 8725 §3.1, §3.5):
 * every supported algorithm against every kind of key, weak keys, unsupported curves.
 */
class KeyAlgorithmsTests {

	private static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384,
			JWSAlgorithm.HS512, JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256,
			JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
			JWSAlgorithm.EdDSA);

	/**
	 * Every kind of key with the algorithms it fits; every other pair must be refused.
	 * @return key name -> (key, algorithms it fits)
	 */
	private static Map<String, Fit> keys() {
		Map<String, Fit> keys = new LinkedHashMap<>();
		keys.put("HMAC 31 bytes", new Fit(hmac(31), Set.of()));
		keys.put("HMAC 32 bytes", new Fit(hmac(32), Set.of(JWSAlgorithm.HS256)));
		keys.put("HMAC 47 bytes", new Fit(hmac(47), Set.of(JWSAlgorithm.HS256)));
		keys.put("HMAC 48 bytes", new Fit(hmac(48), Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384)));
		keys.put("HMAC 63 bytes", new Fit(hmac(63), Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384)));
		keys.put("HMAC 64 bytes", new Fit(hmac(64), KeyAlgorithms.HMAC));
		keys.put("RSA 1024", new Fit(publicJwk("RSA-1024"), Set.of()));
		keys.put("RSA 2047", new Fit(publicJwk("RSA-2047"), Set.of()));
		keys.put("RSA 2048", new Fit(publicJwk(TestKeys.keyPair(JWSAlgorithm.RS256)), KeyAlgorithms.RSA));
		keys.put("EC P-256", new Fit(publicJwk(TestKeys.keyPair(JWSAlgorithm.ES256)), Set.of(JWSAlgorithm.ES256)));
		keys.put("EC P-384", new Fit(publicJwk(TestKeys.keyPair(JWSAlgorithm.ES384)), Set.of(JWSAlgorithm.ES384)));
		keys.put("EC P-521", new Fit(publicJwk(TestKeys.keyPair(JWSAlgorithm.ES512)), Set.of(JWSAlgorithm.ES512)));
		keys.put("EC secp256k1", new Fit(TestKeys.secp256k1(), Set.of()));
		keys.put("OKP Ed25519", new Fit(publicJwk(TestKeys.keyPair(JWSAlgorithm.EdDSA)), KeyAlgorithms.EDDSA));
		keys.put("OKP Ed448", new Fit(TestKeys.ed448(), Set.of()));
		keys.put("OKP X25519", new Fit(
				new OctetKeyPair.Builder(Curve.X25519, Base64URL.encode(TestKeys.secret(32))).build(), Set.of()));
		return keys;
	}

	@Test
	void everyAlgorithmAcceptsExactlyTheKeysThatFitIt() {
		for (Map.Entry<String, Fit> entry : keys().entrySet()) {
			JWK jwk = entry.getValue().jwk();
			for (JWSAlgorithm algorithm : ALGORITHMS) {
				String misfit = KeyAlgorithms.misfit(jwk, algorithm);
				String pair = entry.getKey() + " with " + algorithm;
				if (entry.getValue().fits().contains(algorithm)) {
					assertThat(misfit).as(pair).isNull();
				}
				else {
					assertThat(misfit).as(pair).isNotBlank();
					assertThatIllegalArgumentException().as(pair)
						.isThrownBy(() -> KeyAlgorithms.check(jwk, algorithm))
						.withMessage(misfit);
				}
			}
		}
	}

	@Test
	void misfitsSayWhatIsWrongWithoutShowingTheKey() {
		OctetSequenceKey secret = hmac(31);
		assertThat(KeyAlgorithms.misfit(secret, JWSAlgorithm.HS256))
			.isEqualTo("the secret has 31 bytes, HS256 needs at least 32");
		assertThat(KeyAlgorithms.misfit(hmac(32), JWSAlgorithm.HS512))
			.isEqualTo("the secret has 32 bytes, HS512 needs at least 64");
		assertThat(KeyAlgorithms.misfit(publicJwk("RSA-1024"), JWSAlgorithm.RS256))
			.isEqualTo("the RSA key has 1024 bits, at least 2048 are required");
		assertThat(KeyAlgorithms.misfit(publicJwk(TestKeys.keyPair(JWSAlgorithm.ES256)), JWSAlgorithm.ES384))
			.isEqualTo("algorithm ES384 needs an EC key on curve P-384, not on P-256");
		assertThat(KeyAlgorithms.misfit(TestKeys.secp256k1(), JWSAlgorithm.ES256))
			.isEqualTo("algorithm ES256 needs an EC key on curve P-256, not on secp256k1");
		assertThat(KeyAlgorithms.misfit(TestKeys.ed448(), JWSAlgorithm.EdDSA))
			.isEqualTo("algorithm EdDSA needs an Ed25519 key, not an OKP key on Ed448");
		assertThat(KeyAlgorithms.misfit(publicJwk(TestKeys.keyPair(JWSAlgorithm.ES256)), JWSAlgorithm.RS256))
			.isEqualTo("algorithm RS256 needs an RSA key, not an EC key on P-256");
		assertThat(KeyAlgorithms.misfit(publicJwk(TestKeys.keyPair(JWSAlgorithm.RS256)), JWSAlgorithm.HS256))
			.isEqualTo("algorithm HS256 needs an HMAC secret, not an RSA key of 2048 bits");
		assertThat(KeyAlgorithms.misfit(secret, JWSAlgorithm.EdDSA))
			.isEqualTo("algorithm EdDSA needs an Ed25519 key, not an HMAC secret");
		assertThat(KeyAlgorithms.misfit(secret, JWSAlgorithm.ES256K))
			.isEqualTo("'ES256K' is not a supported algorithm");
		assertThat(KeyAlgorithms.misfit(TestKeys.secp256k1(), JWSAlgorithm.ES256K))
			.isEqualTo("'ES256K' is not a supported algorithm");
		assertThat(KeyAlgorithms.misfit(TestKeys.ed448(), JWSAlgorithm.Ed448))
			.isEqualTo("'Ed448' is not a supported algorithm");
		assertThat(KeyAlgorithms.misfit(secret, new JWSAlgorithm("none")))
			.isEqualTo("'none' is not a supported algorithm");
	}

	@Test
	void defaultAlgorithmFollowsTheKey() {
		assertThat(KeyAlgorithms.defaultFor(publicJwk(TestKeys.keyPair(JWSAlgorithm.RS256))))
			.isEqualTo(JWSAlgorithm.RS256);
		assertThat(KeyAlgorithms.defaultFor(publicJwk(TestKeys.keyPair(JWSAlgorithm.ES256))))
			.isEqualTo(JWSAlgorithm.ES256);
		assertThat(KeyAlgorithms.defaultFor(publicJwk(TestKeys.keyPair(JWSAlgorithm.ES384))))
			.isEqualTo(JWSAlgorithm.ES384);
		assertThat(KeyAlgorithms.defaultFor(publicJwk(TestKeys.keyPair(JWSAlgorithm.ES512))))
			.isEqualTo(JWSAlgorithm.ES512);
		assertThat(KeyAlgorithms.defaultFor(publicJwk(TestKeys.keyPair(JWSAlgorithm.EdDSA))))
			.isEqualTo(JWSAlgorithm.EdDSA);
		assertThat(KeyAlgorithms.defaultFor(hmac(32))).isEqualTo(JWSAlgorithm.HS256);
		assertThat(KeyAlgorithms.defaultFor(hmac(48))).isEqualTo(JWSAlgorithm.HS384);
		assertThat(KeyAlgorithms.defaultFor(hmac(64))).isEqualTo(JWSAlgorithm.HS512);
		assertThat(KeyAlgorithms.defaultFor(TestKeys.secp256k1())).isNull();
		assertThat(KeyAlgorithms.defaultFor(TestKeys.ed448())).isNull();
		for (Map.Entry<String, Fit> entry : keys().entrySet()) {
			JWSAlgorithm algorithm = KeyAlgorithms.defaultFor(entry.getValue().jwk());
			if (algorithm != null && KeyAlgorithms.isAsymmetric(algorithm)) {
				assertThat(KeyAlgorithms.misfit(entry.getValue().jwk(), algorithm)).as(entry.getKey())
					.isIn(null, "the RSA key has 1024 bits, at least 2048 are required",
							"the RSA key has 2047 bits, at least 2048 are required");
			}
		}
	}

	@Test
	void parsesSupportedNamesOnlyAndNeverNone() {
		assertThat(KeyAlgorithms.parse("es256")).isEqualTo(JWSAlgorithm.ES256);
		assertThat(KeyAlgorithms.parse(" EDDSA ")).isEqualTo(JWSAlgorithm.EdDSA);
		assertThat(KeyAlgorithms.parse("ps512")).isEqualTo(JWSAlgorithm.PS512);
		assertThat(KeyAlgorithms.parse("none")).isNull();
		assertThat(KeyAlgorithms.parse("NONE")).isNull();
		assertThat(KeyAlgorithms.parse("ES256K")).isNull();
		assertThat(KeyAlgorithms.parse("Ed448")).isNull();
		assertThat(KeyAlgorithms.parse("HS1")).isNull();
		assertThat(KeyAlgorithms.supported()).containsExactlyInAnyOrderElementsOf(ALGORITHMS);
		assertThat(ALGORITHMS)
			.allSatisfy((algorithm) -> assertThat(KeyAlgorithms.parse(algorithm.getName())).isEqualTo(algorithm));
	}

	@Test
	void curvesAndSecretLengthsPerAlgorithm() {
		assertThat(KeyAlgorithms.curveOf(JWSAlgorithm.ES256)).isEqualTo(Curve.P_256);
		assertThat(KeyAlgorithms.curveOf(JWSAlgorithm.ES384)).isEqualTo(Curve.P_384);
		assertThat(KeyAlgorithms.curveOf(JWSAlgorithm.ES512)).isEqualTo(Curve.P_521);
		assertThatIllegalArgumentException().isThrownBy(() -> KeyAlgorithms.curveOf(JWSAlgorithm.ES256K));
		assertThatIllegalArgumentException().isThrownBy(() -> KeyAlgorithms.curveOf(JWSAlgorithm.RS256));
		assertThat(KeyAlgorithms.minSecretBytes(JWSAlgorithm.HS256)).isEqualTo(32);
		assertThat(KeyAlgorithms.minSecretBytes(JWSAlgorithm.HS384)).isEqualTo(48);
		assertThat(KeyAlgorithms.minSecretBytes(JWSAlgorithm.HS512)).isEqualTo(64);
		assertThat(KeyAlgorithms.isAsymmetric(JWSAlgorithm.HS256)).isFalse();
		assertThat(KeyAlgorithms.isAsymmetric(JWSAlgorithm.EdDSA)).isTrue();
	}

	@Test
	void keysAndSignersRefuseWhatDoesNotFit() {
		KeyPair p256 = TestKeys.keyPair(JWSAlgorithm.ES256);
		KeyPair rsa1024 = TestKeys.generate("RSA-1024");
		KeyPair ed25519 = TestKeys.keyPair(JWSAlgorithm.EdDSA);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JcaJwtSigner.of("k", JWSAlgorithm.ES384, p256.getPrivate(), p256.getPublic()))
			.withMessageContaining("curve P-384");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JcaJwtSigner.of("k", JWSAlgorithm.RS256, p256.getPrivate(), p256.getPublic()))
			.withMessageContaining("needs an RSA key");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JcaJwtSigner.of("k", JWSAlgorithm.RS256, rsa1024.getPrivate(), rsa1024.getPublic()))
			.withMessageContaining("1024 bits");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JcaJwtSigner.of("k", JWSAlgorithm.ES256, ed25519.getPrivate(), ed25519.getPublic()))
			.withMessageContaining("needs an EC key");
		JWK p256Private = Jwks.privateJwk(p256.getPublic(), p256.getPrivate());
		assertThatIllegalArgumentException().isThrownBy(() -> SigningKey.of("k", JWSAlgorithm.ES512, p256Private));
		assertThatIllegalArgumentException().isThrownBy(() -> SigningKey.of("k", JWSAlgorithm.HS256, p256Private));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> VerificationKey.of("k", JWSAlgorithm.EdDSA, p256Private.toPublicJWK()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> VerificationKey.of("k", JWSAlgorithm.ES256, TestKeys.secp256k1()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> VerificationKey.of("k", JWSAlgorithm.EdDSA, TestKeys.ed448()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> VerificationKey.hmac("k", JWSAlgorithm.HS256, TestKeys.secret(31)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKey.hmac("k", JWSAlgorithm.HS384, TestKeys.secret(32)));
		// a verification key never holds a private part, a signing key always does
		assertThatIllegalArgumentException().isThrownBy(() -> new VerificationKey("k", JWSAlgorithm.ES256,
				Jwks.withIdentity(p256Private, "k", JWSAlgorithm.ES256)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKey.of("k", JWSAlgorithm.ES256, p256Private.toPublicJWK()));
		// what fits is accepted
		assertThat(SigningKey.of("k", JWSAlgorithm.ES256, p256Private).signer().algorithm())
			.isEqualTo(JWSAlgorithm.ES256);
		assertThat(VerificationKey.of("k", JWSAlgorithm.ES256, p256Private).jwk().isPrivate()).isFalse();
	}

	private static OctetSequenceKey hmac(int length) {
		return new OctetSequenceKey.Builder(TestKeys.secret(length)).build();
	}

	private static JWK publicJwk(String kind) {
		return publicJwk(TestKeys.generate(kind));
	}

	private static JWK publicJwk(KeyPair pair) {
		return Jwks.publicJwk(pair.getPublic());
	}

	private record Fit(JWK jwk, Set<JWSAlgorithm> fits) {
	}

}
