package io.github.jwtauth.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.TestKeys;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.VerificationKey;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Interoperability: jose4j, a JOSE library independent of nimbus, verifies our tokens of
 * every asymmetric algorithm with nothing but our published JWK Set (the JSON that
 * {@code JwksEndpoint} serves: {@link JwtKeySet#publicJwkSet()}), RSA, EC and OKP keys
 * mixed in one set.
 */
class Jose4jInteropTests {

	private static final List<JWSAlgorithm> PUBLISHED = List.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256,
			JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

	@Test
	void jose4jVerifiesOurTokensThroughOurJwkSet() throws Exception {
		Map<JWSAlgorithm, JwtSigner> signers = new LinkedHashMap<>();
		for (JWSAlgorithm algorithm : PUBLISHED) {
			signers.put(algorithm, TestKeys.signer("kid-" + algorithm.getName().toLowerCase(), algorithm));
		}
		JwtSigner hmac = TestKeys.signer("kid-hs256", JWSAlgorithm.HS256);
		List<VerificationKey> others = new ArrayList<>();
		signers.values().stream().skip(1).forEach((signer) -> others.add(signer.verificationKey()));
		others.add(hmac.verificationKey());
		String published = new JwtKeySet(signers.get(JWSAlgorithm.RS256), others).publicJwkSet().toString();

		// what jose4j reads from the published set
		JsonWebKeySet jwks = new JsonWebKeySet(published);
		assertThat(jwks.getJsonWebKeys()).extracting(JsonWebKey::getKeyId)
			.containsExactly("kid-rs256", "kid-ps256", "kid-es256", "kid-es384", "kid-es512", "kid-eddsa");
		assertThat(jwks.getJsonWebKeys()).extracting(JsonWebKey::getKeyType)
			.containsExactly("RSA", "RSA", "EC", "EC", "EC", "OKP");
		assertThat(jwks.getJsonWebKeys()).extracting(JsonWebKey::getAlgorithm)
			.containsExactly("RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA");
		assertThat(published).doesNotContain("\"d\"").doesNotContain("\"k\"").doesNotContain("kid-hs256");

		for (Map.Entry<JWSAlgorithm, JwtSigner> entry : signers.entrySet()) {
			String algorithm = entry.getKey().getName();
			String token = JwtTokenService.withKeys(new JwtKeySet(entry.getValue(), List.of()))
				.issuer("jwt-auth")
				.audiences(List.of("jwt-auth"))
				.build()
				.issue("alice", List.of(new SimpleGrantedAuthority("ROLE_USER")), "session-1")
				.tokenValue();
			JwtClaims claims = consumer(jwks, algorithm).processToClaims(token);
			assertThat(claims.getSubject()).as(algorithm).isEqualTo("alice");
			assertThat(claims.getStringListClaimValue("roles")).containsExactly("ROLE_USER");
			assertThat(claims.getClaimValueAsString("sid")).isEqualTo("session-1");
			// jose4j refuses the token with another algorithm allowed, and when forged
			String other = (entry.getKey() == JWSAlgorithm.EdDSA) ? "ES256" : "EdDSA";
			assertThatExceptionOfType(InvalidJwtException.class)
				.isThrownBy(() -> consumer(jwks, other).processToClaims(token));
			String[] parts = token.split("\\.");
			String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "xx." + parts[2];
			assertThatExceptionOfType(InvalidJwtException.class)
				.isThrownBy(() -> consumer(jwks, algorithm).processToClaims(forged));
		}
	}

	@Test
	void jose4jRefusesATokenOfAKeyThatIsNotPublished() throws Exception {
		JwtSigner published = TestKeys.signer("published", JWSAlgorithm.ES256);
		JwtSigner unpublished = TestKeys.signer("unpublished", JWSAlgorithm.EdDSA);
		JsonWebKeySet jwks = new JsonWebKeySet(new JwtKeySet(published, List.of()).publicJwkSet().toString());
		String token = JwtTokenService.withKeys(new JwtKeySet(unpublished, List.of()))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.build()
			.issue("alice", List.of(), null)
			.tokenValue();
		assertThatExceptionOfType(InvalidJwtException.class)
			.isThrownBy(() -> consumer(jwks, "EdDSA").processToClaims(token));
	}

	private static JwtConsumer consumer(JsonWebKeySet jwks, String algorithm) {
		return new JwtConsumerBuilder().setRequireExpirationTime()
			.setRequireIssuedAt()
			.setRequireJwtId()
			.setRequireSubject()
			.setExpectedIssuer("jwt-auth")
			.setExpectedAudience("jwt-auth")
			.setExpectedType(true, "at+jwt")
			.setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithm)
			.setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
			.build();
	}

}
