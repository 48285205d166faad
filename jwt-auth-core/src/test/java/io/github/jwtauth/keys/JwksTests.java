package io.github.jwtauth.keys;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtauth.TestKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Conversions between the JDK's keys and JWKs: Ed25519 (which nimbus does not convert),
 * EC on the three NIST curves and RSA, checked against the test vectors of RFC 8037.
 */
class JwksTests {

	/**
	 * RFC 8037 appendix A.1: the Ed25519 private key {@code d} and public key {@code x}.
	 */
	private static final OctetKeyPair RFC8037_KEY = new OctetKeyPair.Builder(Curve.Ed25519,
			new Base64URL("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"))
		.d(new Base64URL("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"))
		.build();

	/** RFC 8037 appendix A.4: the JWS signing input and its Ed25519 signature. */
	private static final String RFC8037_SIGNING_INPUT = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";

	private static final String RFC8037_SIGNATURE = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

	@Test
	void ed25519KeysOfRfc8037ConvertBothWaysAndSignTheRfcSignature() throws Exception {
		PublicKey publicKey = Jwks.publicKey(RFC8037_KEY);
		PrivateKey privateKey = Jwks.privateKey(RFC8037_KEY);
		assertThat(publicKey.getAlgorithm()).isIn("Ed25519", "EdDSA");
		OctetKeyPair publicJwk = (OctetKeyPair) Jwks.publicJwk(publicKey);
		assertThat(publicJwk.getCurve()).isEqualTo(Curve.Ed25519);
		assertThat(publicJwk.getX()).isEqualTo(RFC8037_KEY.getX());
		assertThat(publicJwk.isPrivate()).isFalse();
		OctetKeyPair privateJwk = (OctetKeyPair) Jwks.privateJwk(publicKey, privateKey);
		assertThat(privateJwk.getD()).isEqualTo(RFC8037_KEY.getD());
		assertThat(privateJwk.getX()).isEqualTo(RFC8037_KEY.getX());
		// Ed25519 is deterministic: our signer must produce exactly the RFC's signature
		JcaJwtSigner signer = JcaJwtSigner.of("rfc8037", JWSAlgorithm.EdDSA, privateKey, publicKey);
		byte[] signature = signer.sign(RFC8037_SIGNING_INPUT.getBytes(StandardCharsets.US_ASCII));
		assertThat(Base64URL.encode(signature).toString()).isEqualTo(RFC8037_SIGNATURE);
		// and the JDK verifies it with the public key converted from the JWK
		Signature verifier = Signature.getInstance("Ed25519");
		verifier.initVerify(publicKey);
		verifier.update(RFC8037_SIGNING_INPUT.getBytes(StandardCharsets.US_ASCII));
		assertThat(verifier.verify(signature)).isTrue();
		assertThat(signer.verificationKey().jwk().toJSONObject()).containsEntry("kty", "OKP")
			.containsEntry("crv", "Ed25519")
			.containsEntry("x", RFC8037_KEY.getX().toString())
			.containsEntry("kid", "rfc8037")
			.containsEntry("alg", "EdDSA")
			.containsEntry("use", "sig")
			.doesNotContainKey("d");
	}

	@Test
	void generatedEd25519KeysRoundTrip() {
		KeyPair pair = TestKeys.freshKeyPair(JWSAlgorithm.EdDSA);
		JWK privateJwk = Jwks.privateJwk(pair.getPublic(), pair.getPrivate());
		assertThat(Jwks.publicKey(privateJwk).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
		assertThat(Jwks.privateKey(privateJwk).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
		assertThat(Jwks.publicJwk(pair.getPublic())).isEqualTo(privateJwk.toPublicJWK());
	}

	@Test
	void ecKeysOfEveryCurveRoundTrip() {
		for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512)) {
			KeyPair pair = TestKeys.freshKeyPair(algorithm);
			ECKey publicJwk = (ECKey) Jwks.publicJwk(pair.getPublic());
			assertThat(publicJwk.getCurve()).isEqualTo(KeyAlgorithms.curveOf(algorithm));
			assertThat(publicJwk.isPrivate()).isFalse();
			assertThat(((ECPublicKey) Jwks.publicKey(publicJwk)).getW())
				.isEqualTo(((ECPublicKey) pair.getPublic()).getW());
			JWK privateJwk = Jwks.privateJwk(pair.getPublic(), pair.getPrivate());
			assertThat(privateJwk.isPrivate()).isTrue();
			assertThat(Jwks.privateKey(privateJwk).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
			// P-521 coordinates are 66 bytes, padded (RFC 7518 §6.2.1.2)
			int length = (algorithm == JWSAlgorithm.ES512) ? 66 : (algorithm == JWSAlgorithm.ES384) ? 48 : 32;
			assertThat(publicJwk.getX().decode()).hasSize(length);
			assertThat(publicJwk.getY().decode()).hasSize(length);
		}
	}

	@Test
	void rsaKeysRoundTrip() {
		KeyPair pair = TestKeys.keyPair(JWSAlgorithm.RS256);
		RSAKey publicJwk = (RSAKey) Jwks.publicJwk(pair.getPublic());
		assertThat(((RSAPublicKey) Jwks.publicKey(publicJwk)).getModulus())
			.isEqualTo(((RSAPublicKey) pair.getPublic()).getModulus());
		JWK privateJwk = Jwks.privateJwk(pair.getPublic(), pair.getPrivate());
		assertThat(Jwks.privateKey(privateJwk).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
	}

	@Test
	void withIdentityBindsKeyIdAlgorithmAndUse() {
		JWK jwk = Jwks.withIdentity(Jwks.publicJwk(TestKeys.keyPair(JWSAlgorithm.ES384).getPublic()), "k1",
				JWSAlgorithm.ES384);
		assertThat(jwk.getKeyID()).isEqualTo("k1");
		assertThat(jwk.getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
		assertThat(jwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
	}

	@Test
	void refusesKeysItDoesNotSupport() {
		assertThatIllegalArgumentException().isThrownBy(() -> Jwks.publicKey(TestKeys.ed448()));
		assertThatIllegalArgumentException().isThrownBy(() -> Jwks.publicJwk(TestKeys.generate("Ed448").getPublic()));
		assertThatIllegalArgumentException().isThrownBy(() -> Jwks.publicJwk(TestKeys.generate("X25519").getPublic()));
		OctetKeyPair x25519 = new OctetKeyPair.Builder(Curve.X25519, RFC8037_KEY.getX()).build();
		assertThatIllegalArgumentException().isThrownBy(() -> Jwks.publicKey(x25519));
		// a public JWK has no private key to give
		assertThatIllegalArgumentException().isThrownBy(() -> Jwks.privateKey(RFC8037_KEY.toPublicJWK()))
			.withMessageContaining("no private part");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Jwks.privateKey(Jwks.publicJwk(TestKeys.keyPair(JWSAlgorithm.ES256).getPublic())));
		// an Ed25519 x of the wrong length
		OctetKeyPair shortKey = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(TestKeys.secret(31))).build();
		assertThatIllegalArgumentException().isThrownBy(() -> Jwks.publicKey(shortKey));
	}

}
