package io.github.jwtauth.keys.rotation;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.token.LocalJwsVerifierResolver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ManagedKeyGeneratorTests {

	@ParameterizedTest
	@ValueSource(strings = { "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
			"ES384", "ES512", "EdDSA" })
	void generatesAKeyThatFitsSignsAndVerifies(String name) throws Exception {
		JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
		SigningKey key = ManagedKeyGenerator.generate(algorithm);
		assertThat(KeyAlgorithms.misfit(key.jwk(), algorithm)).isNull();
		assertThat(key.algorithm()).isEqualTo(algorithm);
		assertThat(key.jwk().isPrivate()).isTrue();
		if (KeyAlgorithms.HMAC.contains(algorithm)) {
			assertThat(key.jwk()).isInstanceOf(OctetSequenceKey.class);
			assertThat(((OctetSequenceKey) key.jwk()).toByteArray()).hasSize(KeyAlgorithms.minSecretBytes(algorithm));
			assertThat(key.keyId()).startsWith("hs-");
		}
		else {
			assertThat(key.keyId()).isEqualTo(key.jwk().toPublicJWK().computeThumbprint().toString());
		}
		if (KeyAlgorithms.RSA.contains(algorithm)) {
			int bits = ((RSAPublicKey) Jwks.publicKey(key.jwk())).getModulus().bitLength();
			assertThat(bits).isEqualTo(ManagedKeyGenerator.rsaBits(algorithm)).isGreaterThanOrEqualTo(2048);
		}
		if (KeyAlgorithms.EC.contains(algorithm)) {
			assertThat(((ECKey) key.jwk()).getCurve()).isEqualTo(KeyAlgorithms.curveOf(algorithm));
		}
		if (JWSAlgorithm.EdDSA.equals(algorithm)) {
			assertThat(((OctetKeyPair) key.jwk()).getCurve().getName()).isEqualTo("Ed25519");
		}
		JwtSigner signer = key.signer();
		JWSHeader header = new JWSHeader.Builder(algorithm).keyID(key.keyId()).build();
		byte[] input = (header.toBase64URL() + "." + Base64URL.encode("{\"sub\":\"alice\"}"))
			.getBytes(StandardCharsets.US_ASCII);
		Base64URL signature = Base64URL.encode(signer.sign(input));
		JWSVerifier verifier = new LocalJwsVerifierResolver(new JwtKeySet(signer, List.of())).resolve(header);
		assertThat(verifier.verify(header, input, signature)).isTrue();
		byte[] altered = input.clone();
		altered[altered.length - 2] ^= 1;
		assertThat(verifier.verify(header, altered, signature)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "HS256", "ES256", "EdDSA" })
	void everyKeyIsNew(String name) {
		JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
		SigningKey first = ManagedKeyGenerator.generate(algorithm);
		SigningKey second = ManagedKeyGenerator.generate(algorithm);
		assertThat(first.keyId()).isNotEqualTo(second.keyId());
		assertThat(first.jwk()).isNotEqualTo(second.jwk());
	}

}
