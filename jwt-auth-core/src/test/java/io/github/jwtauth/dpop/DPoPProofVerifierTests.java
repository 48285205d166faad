package io.github.jwtauth.dpop;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.TestKeys;
import io.github.jwtauth.dpop.ProofFixtures.ClientKey;
import io.github.jwtauth.keys.Jwks;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DPoPProofVerifier}: a good proof of every default algorithm is accepted with the
 * RFC 7638 thumbprint nimbus computes, and every bad proof of the corpus is refused with
 * {@code invalid_dpop_proof}, never another exception.
 */
class DPoPProofVerifierTests {

	static final ClientKey ES256 = ClientKey.shared(JWSAlgorithm.ES256);

	static final ClientKey ES384 = ClientKey.shared(JWSAlgorithm.ES384);

	static final ClientKey RS256 = ClientKey.shared(JWSAlgorithm.RS256);

	static final ClientKey ED25519 = ClientKey.shared(JWSAlgorithm.EdDSA);

	static final String ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

	private final SettableClock clock = new SettableClock();

	private final InMemoryDPoPProofReplayStore replayStore = new InMemoryDPoPProofReplayStore(10_000, this.clock);

	private final DPoPProofVerifier verifier = DPoPProofVerifier.withReplayStore(this.replayStore)
		.clock(this.clock)
		.build();

	@ParameterizedTest(name = "{0}")
	@MethodSource("defaultAlgorithms")
	void acceptsAProofOfEveryDefaultAlgorithmWithTheRfc7638Thumbprint(JWSAlgorithm algorithm) {
		ClientKey key = ClientKey.fresh(algorithm);
		Instant now = this.clock.instant();
		String jti = UUID.randomUUID().toString();
		DPoPProof proof = this.verifier.verify(ProofFixtures.proof(key, now, (h) -> {
		}, (c) -> c.jwtID(jti)), ProofFixtures.METHOD, ProofFixtures.URI);
		assertThat(proof.jkt()).isEqualTo(key.thumbprint());
		assertThat(proof.algorithm()).isEqualTo(algorithm);
		assertThat(proof.tokenId()).isEqualTo(jti);
		assertThat(proof.issuedAt()).isEqualTo(Instant.ofEpochSecond(now.getEpochSecond()));
		assertThat(proof.nonce()).isNull();
		// a second proof of the same key (a cached verifier) is accepted too
		assertThat(this.verifier.verify(ProofFixtures.proof(key, now), ProofFixtures.METHOD, ProofFixtures.URI).jkt())
			.isEqualTo(key.thumbprint());
	}

	static Stream<JWSAlgorithm> defaultAlgorithms() {
		return DPoPProofVerifier.DEFAULT_ALGORITHMS.stream();
	}

	@Test
	void acceptsAnRsaKeyOf4096Bits() {
		ClientKey key = ClientKey.of(JWSAlgorithm.RS256, TestKeys.generate("RSA-4096"));
		assertThat(this.verifier
			.verify(ProofFixtures.proof(key, this.clock.instant()), ProofFixtures.METHOD, ProofFixtures.URI)
			.jkt()).isEqualTo(key.thumbprint());
	}

	@Test
	void acceptsAProofForABoundTokenWithItsHashAndKey() {
		String proof = ProofFixtures.proof(ES256, this.clock.instant(), (h) -> {
		}, (c) -> c.claim("htm", "GET").claim("ath", sha256(ACCESS_TOKEN)));
		DPoPProof verified = this.verifier.verify(proof, "GET", "https://server.example.com/token?q=1", ACCESS_TOKEN,
				ES256.thumbprint());
		assertThat(verified.jkt()).isEqualTo(ES256.thumbprint());
	}

	@Test
	void acceptsAProofWrittenAsRawJson() {
		// the corpus below varies this one
		for (ClientKey key : List.of(ES256, ES384, RS256, ED25519)) {
			DPoPProof proof = this.verifier.verify(
					ProofFixtures.raw(key, ProofFixtures.headerJson(key, ""),
							ProofFixtures.payloadJson(this.clock.instant(), "")),
					ProofFixtures.METHOD, ProofFixtures.URI);
			assertThat(proof.jkt()).isEqualTo(key.thumbprint());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"key_ops\":[\"encrypt\"]", "\"x5c\":[\"MIIB\"]", "\"use\":\"enc\"", "\"alg\":\"ES384\"",
			"\"kid\":\"k1\"" })
	void theJwksOtherMembersDoNotDecideWhetherAProofIsAccepted(String member) {
		// the key is its required members (RFC 7638): a proof is accepted or refused the
		// same whether or not a verifier for the key is cached already
		String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":"
				+ ES256.jwkJson().replace("}", "," + member + "}") + "}";
		DPoPProofVerifier cold = DPoPProofVerifier.withReplayStore(this.replayStore).clock(this.clock).build();
		assertThat(cold
			.verify(ProofFixtures.raw(ES256, header, ProofFixtures.payloadJson(this.clock.instant(), "")),
					ProofFixtures.METHOD, ProofFixtures.URI)
			.jkt()).isEqualTo(ES256.thumbprint());
		DPoPProofVerifier warm = DPoPProofVerifier.withReplayStore(this.replayStore).clock(this.clock).build();
		warm.verify(ProofFixtures.proof(ES256, this.clock.instant()), ProofFixtures.METHOD, ProofFixtures.URI);
		assertThat(warm
			.verify(ProofFixtures.raw(ES256, header, ProofFixtures.payloadJson(this.clock.instant(), "")),
					ProofFixtures.METHOD, ProofFixtures.URI)
			.jkt()).isEqualTo(ES256.thumbprint());
	}

	@Test
	void acceptsIatAtTheEdgesOfTheWindow() {
		Instant now = this.clock.instant();
		// the clock skew (5 s) into the future, maxAge + skew (65 s) into the past
		this.verifier.verify(ProofFixtures.proof(ES256, now.plusSeconds(5)), ProofFixtures.METHOD, ProofFixtures.URI);
		this.verifier.verify(ProofFixtures.proof(ES256, now.minusSeconds(64)), ProofFixtures.METHOD, ProofFixtures.URI);
	}

	@Test
	void acceptsTheTypInAnyCase() {
		// media types are case-insensitive (RFC 7515 §4.1.9)
		this.verifier.verify(
				ProofFixtures.proof(ES256, this.clock.instant(), (h) -> h.type(new JOSEObjectType("DPoP+JWT")), (c) -> {
				}), ProofFixtures.METHOD, ProofFixtures.URI);
	}

	@Test
	void reportsTheAcceptedAlgorithms() {
		assertThat(this.verifier.getAlgorithmNames()).isEqualTo("ES256 ES384 ES512 EdDSA RS256 PS256");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badProofs")
	void refusesABadProof(String name, BadProof bad) {
		String proof = bad.proof().apply(this.clock.instant());
		assertInvalid(() -> this.verifier.verify(proof, bad.method(), bad.uri(), bad.accessToken(), bad.boundKey()));
	}

	@Test
	void refusesAnAlgorithmOutsideTheConfiguredList() {
		DPoPProofVerifier esOnly = DPoPProofVerifier.withReplayStore(this.replayStore)
			.algorithms(List.of(JWSAlgorithm.ES256))
			.clock(this.clock)
			.build();
		assertThat(esOnly.getAlgorithmNames()).isEqualTo("ES256");
		esOnly.verify(ProofFixtures.proof(ES256, this.clock.instant()), ProofFixtures.METHOD, ProofFixtures.URI);
		assertInvalid(() -> esOnly.verify(ProofFixtures.proof(RS256, this.clock.instant()), ProofFixtures.METHOD,
				ProofFixtures.URI));
		assertInvalid(() -> esOnly.verify(ProofFixtures.proof(ED25519, this.clock.instant()), ProofFixtures.METHOD,
				ProofFixtures.URI));
		// a well-formed proof of an algorithm that is not in the default list either
		ClientKey ps384 = ClientKey.of(JWSAlgorithm.PS384, RS256.pair());
		assertInvalid(() -> this.verifier.verify(ProofFixtures.proof(ps384, this.clock.instant()), ProofFixtures.METHOD,
				ProofFixtures.URI));
	}

	@Test
	void refusesAProofLongerThanTheConfiguredMaximum() {
		DPoPProofVerifier small = DPoPProofVerifier.withReplayStore(this.replayStore)
			.maxLength(512)
			.clock(this.clock)
			.build();
		String proof = ProofFixtures.proof(RS256, this.clock.instant());
		assertThat(proof.length()).isGreaterThan(512);
		assertInvalid(() -> small.verify(proof, ProofFixtures.METHOD, ProofFixtures.URI));
		// the same proof is fine for the default maximum
		this.verifier.verify(proof, ProofFixtures.METHOD, ProofFixtures.URI);
	}

	@Test
	void refusesAReplayedProof() {
		String proof = ProofFixtures.proof(ES256, this.clock.instant());
		this.verifier.verify(proof, ProofFixtures.METHOD, ProofFixtures.URI);
		assertThatExceptionOfType(DPoPProofException.class)
			.isThrownBy(() -> this.verifier.verify(proof, ProofFixtures.METHOD, ProofFixtures.URI))
			.withMessageContaining("used before")
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(DPoPProofException.INVALID_DPOP_PROOF));
		// refused by another verifier sharing the store too
		DPoPProofVerifier other = DPoPProofVerifier.withReplayStore(this.replayStore).clock(this.clock).build();
		assertInvalid(() -> other.verify(proof, ProofFixtures.METHOD, ProofFixtures.URI));
	}

	@Test
	void refusesAReplayEvenWithAnotherHtmOrHtuOfTheSameKeyAndJti() {
		String jti = UUID.randomUUID().toString();
		this.verifier.verify(ProofFixtures.proof(ES256, this.clock.instant(), (h) -> {
		}, (c) -> c.jwtID(jti)), ProofFixtures.METHOD, ProofFixtures.URI);
		String again = ProofFixtures.proof(ES256, this.clock.instant(), (h) -> {
		}, (c) -> c.jwtID(jti).claim("htm", "GET").claim("htu", "https://server.example.com/other"));
		assertInvalid(() -> this.verifier.verify(again, "GET", "https://server.example.com/other"));
	}

	@Test
	void acceptsTheSameJtiWithAnotherKey() {
		String jti = UUID.randomUUID().toString();
		this.verifier.verify(ProofFixtures.proof(ES256, this.clock.instant(), (h) -> {
		}, (c) -> c.jwtID(jti)), ProofFixtures.METHOD, ProofFixtures.URI);
		ClientKey other = ClientKey.fresh(JWSAlgorithm.ES256);
		DPoPProof second = this.verifier.verify(ProofFixtures.proof(other, this.clock.instant(), (h) -> {
		}, (c) -> c.jwtID(jti)), ProofFixtures.METHOD, ProofFixtures.URI);
		assertThat(second.jkt()).isEqualTo(other.thumbprint()).isNotEqualTo(ES256.thumbprint());
	}

	@Test
	void aRefusedProofIsNotRecordedSoItsRightfulRetryIsNotAReplay() {
		String jti = UUID.randomUUID().toString();
		String wrongUri = ProofFixtures.proof(ES256, this.clock.instant(), (h) -> {
		}, (c) -> c.jwtID(jti).claim("htu", "https://server.example.com/other"));
		assertInvalid(() -> this.verifier.verify(wrongUri, ProofFixtures.METHOD, ProofFixtures.URI));
		assertThat(this.replayStore.size()).isZero();
	}

	@Test
	void aReplayStoreFailureIsUnavailableNeverAccepted() {
		DPoPProofVerifier broken = DPoPProofVerifier.withReplayStore((key, expiresAt) -> {
			throw new IllegalStateException("down");
		}).clock(this.clock).build();
		assertThatExceptionOfType(DPoPUnavailableException.class).isThrownBy(() -> broken
			.verify(ProofFixtures.proof(ES256, this.clock.instant()), ProofFixtures.METHOD, ProofFixtures.URI));
	}

	@Test
	void theReplayKeyIsADigestAndOutlivesTheAcceptanceWindow() {
		Instant now = this.clock.instant();
		String[] seen = new String[1];
		Instant[] expiry = new Instant[1];
		DPoPProofVerifier recording = DPoPProofVerifier.withReplayStore((key, expiresAt) -> {
			seen[0] = key;
			expiry[0] = expiresAt;
			return true;
		}).clock(this.clock).build();
		String jti = "the-jti";
		recording.verify(ProofFixtures.proof(ES256, now, (h) -> {
		}, (c) -> c.jwtID(jti)), ProofFixtures.METHOD, ProofFixtures.URI);
		assertThat(seen[0]).doesNotContain(jti).hasSize(43);
		// iat + maxAge (60 s) + skew (5 s), and one second more for the truncation
		assertThat(expiry[0]).isAfter(Instant.ofEpochSecond(now.getEpochSecond() + 65));
	}

	static Stream<Arguments> badProofs() {
		ClientKey p384 = ES384;
		ClientKey otherEs256 = ClientKey.fresh(JWSAlgorithm.ES256);
		KeyPair rsa1024 = TestKeys.generate("RSA-1024");
		KeyPair x25519 = TestKeys.generate("X25519");
		Stream.Builder<Arguments> cases = Stream.builder();
		// size and shape
		cases.add(bad("null", (now) -> null));
		cases.add(bad("empty", (now) -> ""));
		cases.add(bad("oversized (> maxLength)", (now) -> ProofFixtures.proof(ES256, now, (h) -> {
		}, (c) -> c.claim("pad", "x".repeat(4096)))));
		cases.add(bad("one segment", (now) -> ProofFixtures.encode(ProofFixtures.headerJson(ES256, ""))));
		cases.add(bad("two segments", (now) -> ProofFixtures.encode(ProofFixtures.headerJson(ES256, "")) + "."
				+ ProofFixtures.encode(ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("four segments", (now) -> ProofFixtures.proof(ES256, now) + ".AAAA"));
		cases.add(bad("dots only", (now) -> ".."));
		cases.add(bad("empty payload segment", (now) -> {
			String[] parts = ProofFixtures.proof(ES256, now).split("\\.");
			return parts[0] + ".." + parts[2];
		}));
		cases.add(bad("padding in the signature", (now) -> ProofFixtures.proof(ES256, now) + "=="));
		cases.add(bad("standard base64 alphabet", (now) -> {
			String proof = ProofFixtures.proof(RS256, now, (h) -> {
			}, (c) -> c.claim("x", "\u00ff\u00fe\u00fd\u00fc\u00fb\u00fa"));
			return proof.replace('-', '+').replace('_', '/');
		}));
		cases.add(bad("unused bits set in the signature's last character", (now) -> {
			String proof = ProofFixtures.proof(ES256, now);
			// 64 bytes: 86 characters, the last of which carries 4 unused bits
			char last = proof.charAt(proof.length() - 1);
			char variant = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
				.charAt("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(last) | 1);
			return proof.substring(0, proof.length() - 1) + variant;
		}));
		cases.add(bad("white space", (now) -> " " + ProofFixtures.proof(ES256, now)));
		cases.add(bad("header not JSON",
				(now) -> ProofFixtures.raw(ES256, "{not json", ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("header truncated JSON",
				(now) -> ProofFixtures.raw(ES256, "{\"typ\":\"dpop+jwt\",", ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("header deeply nested JSON", (now) -> ProofFixtures.raw(ES256,
				"{\"x\":" + "[".repeat(1500) + "]".repeat(1500) + "}", ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("header with a duplicate alg", (now) -> ProofFixtures.raw(ES256,
				ProofFixtures.headerJson(ES256, ",\"alg\":\"none\""), ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("header with a duplicate typ", (now) -> ProofFixtures.raw(ES256,
				ProofFixtures.headerJson(ES256, ",\"typ\":\"JWT\""), ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("payload with a duplicate htm", (now) -> ProofFixtures.raw(ES256,
				ProofFixtures.headerJson(ES256, ""), ProofFixtures.payloadJson(now, ",\"htm\":\"GET\""))));
		cases.add(bad("payload with a duplicate htu",
				(now) -> ProofFixtures.raw(ES256, ProofFixtures.headerJson(ES256, ""),
						ProofFixtures.payloadJson(now, ",\"htu\":\"https://attacker.example/token\""))));
		cases.add(bad("payload with a duplicate htu of the same value",
				(now) -> ProofFixtures.raw(ES256, ProofFixtures.headerJson(ES256, ""),
						ProofFixtures.payloadJson(now, ",\"htu\":\"" + ProofFixtures.URI + "\""))));
		// typ
		cases.add(bad("typ missing", (now) -> ProofFixtures.proof(ES256, now, (h) -> h.type(null), (c) -> {
		})));
		cases.add(bad("typ JWT", (now) -> ProofFixtures.proof(ES256, now, (h) -> h.type(JOSEObjectType.JWT), (c) -> {
		})));
		cases.add(bad("typ at+jwt",
				(now) -> ProofFixtures.proof(ES256, now, (h) -> h.type(new JOSEObjectType("at+jwt")), (c) -> {
				})));
		cases.add(bad("typ application/dpop+jwt+x",
				(now) -> ProofFixtures.proof(ES256, now, (h) -> h.type(new JOSEObjectType("dpop+jwt+x")), (c) -> {
				})));
		cases.add(bad("typ not a string", (now) -> ProofFixtures.raw(ES256,
				"{\"typ\":1,\"alg\":\"ES256\",\"jwk\":" + ES256.jwkJson() + "}", ProofFixtures.payloadJson(now, ""))));
		// alg
		cases.add(bad("alg none",
				(now) -> ProofFixtures.encode("{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + ES256.jwkJson() + "}")
						+ "." + ProofFixtures.encode(ProofFixtures.payloadJson(now, "")) + "."));
		cases.add(bad("alg none with a signature",
				(now) -> ProofFixtures.raw(ES256,
						"{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + ES256.jwkJson() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("alg HS256 with an oct jwk", (now) -> hmacProof(now)));
		cases.add(bad("alg missing", (now) -> ProofFixtures.raw(ES256,
				"{\"typ\":\"dpop+jwt\",\"jwk\":" + ES256.jwkJson() + "}", ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("alg lower case",
				(now) -> ProofFixtures.raw(ES256,
						"{\"typ\":\"dpop+jwt\",\"alg\":\"es256\",\"jwk\":" + ES256.jwkJson() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("alg not a string",
				(now) -> ProofFixtures.raw(ES256,
						"{\"typ\":\"dpop+jwt\",\"alg\":[\"ES256\"],\"jwk\":" + ES256.jwkJson() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("alg ES256 with a P-384 key",
				(now) -> ProofFixtures.raw(p384,
						"{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + p384.jwkJson() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("alg ES384 with a P-256 key",
				(now) -> ProofFixtures.raw(ES256,
						"{\"typ\":\"dpop+jwt\",\"alg\":\"ES384\",\"jwk\":" + ES256.jwkJson() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("alg RS256 with an EC key",
				(now) -> ProofFixtures.raw(ES256,
						"{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":" + ES256.jwkJson() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("alg ES256 with an RSA key",
				(now) -> ProofFixtures.raw(RS256,
						"{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + RS256.jwkJson() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("alg EdDSA with an X25519 key",
				(now) -> ProofFixtures.raw(ED25519,
						"{\"typ\":\"dpop+jwt\",\"alg\":\"EdDSA\",\"jwk\":" + okp("X25519", x25519) + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("alg EdDSA with an Ed448 key",
				(now) -> ProofFixtures.raw(ED25519,
						"{\"typ\":\"dpop+jwt\",\"alg\":\"EdDSA\",\"jwk\":" + TestKeys.ed448().toJSONString() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("alg ES256 with a secp256k1 key",
				(now) -> ProofFixtures.raw(ES256,
						"{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + TestKeys.secp256k1().toJSONString() + "}",
						ProofFixtures.payloadJson(now, ""))));
		// jwk
		cases.add(bad("jwk missing", (now) -> ProofFixtures.raw(ES256, "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\"}",
				ProofFixtures.payloadJson(now, ""))));
		cases.add(
				bad("jwk a string",
						(now) -> ProofFixtures.raw(ES256,
								"{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":\""
										+ ProofFixtures.encode(ES256.jwkJson()) + "\"}",
								ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk an array",
				(now) -> ProofFixtures.raw(ES256,
						"{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":[" + ES256.jwkJson() + "]}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk null", (now) -> ProofFixtures.raw(ES256,
				"{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":null}", ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk a private EC key",
				(now) -> ProofFixtures.raw(ES256, "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":"
						+ Jwks.privateJwk(ES256.pair().getPublic(), ES256.pair().getPrivate()).toJSONString() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk a private RSA key",
				(now) -> ProofFixtures.raw(RS256, "{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":"
						+ Jwks.privateJwk(RS256.pair().getPublic(), RS256.pair().getPrivate()).toJSONString() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk a private Ed25519 key",
				(now) -> ProofFixtures.raw(ED25519, "{\"typ\":\"dpop+jwt\",\"alg\":\"EdDSA\",\"jwk\":"
						+ Jwks.privateJwk(ED25519.pair().getPublic(), ED25519.pair().getPrivate()).toJSONString() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk with only d added",
				(now) -> ProofFixtures.raw(ES256,
						headerJsonWithJwk(ES256,
								ES256.jwkJson().replace("}", ",\"d\":\"" + ProofFixtures.encode("not really") + "\"}")),
						ProofFixtures.payloadJson(now, ""))));
		cases
			.add(bad("jwk an oct key with ES256",
					(now) -> ProofFixtures.raw(ES256,
							"{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"oct\",\"k\":\""
									+ Base64URL.encode(TestKeys.secret(32)) + "\"}}",
							ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk an RSA key of 1024 bits", (now) -> rawJca("RS256", "SHA256withRSA", rsa1024, now)));
		cases
			.add(bad("jwk an RSA key of 8192 bits",
					(now) -> ProofFixtures.raw(RS256,
							"{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\""
									+ Base64URL.encode(oddModulus(8192)) + "\"}}",
							ProofFixtures.payloadJson(now, ""))));
		cases
			.add(bad("jwk an RSA key of 4112 bits",
					(now) -> ProofFixtures.raw(RS256,
							"{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\""
									+ Base64URL.encode(oddModulus(4112)) + "\"}}",
							ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk an EC point not on the curve",
				(now) -> ProofFixtures.raw(ES256,
						headerJsonWithJwk(ES256,
								"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + ES256.jwk().toECKey().getX()
										+ "\",\"y\":\"" + flipped(ES256.jwk().toECKey().getY()) + "\"}"),
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk an EC point of zeros",
				(now) -> ProofFixtures.raw(ES256,
						headerJsonWithJwk(ES256,
								"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + Base64URL.encode(new byte[32])
										+ "\",\"y\":\"" + Base64URL.encode(new byte[32]) + "\"}"),
						ProofFixtures.payloadJson(now, ""))));
		cases.add(
				bad("jwk x in standard base64",
						(now) -> ProofFixtures.raw(ES256, headerJsonWithJwk(ES256,
								"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\""
										+ Base64.getEncoder().encodeToString(ES256.jwk().toECKey().getX().decode())
										+ "\",\"y\":\"" + ES256.jwk().toECKey().getY() + "\"}"),
								ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk y padded",
				(now) -> ProofFixtures.raw(ES256,
						headerJsonWithJwk(ES256,
								"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + ES256.jwk().toECKey().getX()
										+ "\",\"y\":\"" + ES256.jwk().toECKey().getY() + "=\"}"),
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk x empty",
				(now) -> ProofFixtures.raw(ES256, headerJsonWithJwk(ES256,
						"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"\",\"y\":\"" + ES256.jwk().toECKey().getY() + "\"}"),
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk x a number",
				(now) -> ProofFixtures.raw(ES256, headerJsonWithJwk(ES256,
						"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":12,\"y\":\"" + ES256.jwk().toECKey().getY() + "\"}"),
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk kty missing",
				(now) -> ProofFixtures.raw(ES256,
						headerJsonWithJwk(ES256, "{\"crv\":\"P-256\",\"x\":\"" + ES256.jwk().toECKey().getX()
								+ "\",\"y\":\"" + ES256.jwk().toECKey().getY() + "\"}"),
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("jwk RSA n with a non-base64url character",
				(now) -> ProofFixtures.raw(RS256, headerJsonWithJwk(RS256,
						"{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"" + RS256.jwk().toRSAKey().getModulus() + "!\"}"),
						ProofFixtures.payloadJson(now, ""))));
		cases
			.add(bad("jwk Ed25519 x of 31 bytes",
					(now) -> ProofFixtures.raw(ED25519,
							headerJsonWithJwk(ED25519,
									"{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
											+ Base64URL.encode(TestKeys.secret(31)) + "\"}"),
							ProofFixtures.payloadJson(now, ""))));
		// refused header parameters
		for (String parameter : List.of("\"crit\":[\"exp\"]", "\"jku\":\"https://attacker.example/jwks\"",
				"\"x5u\":\"https://attacker.example/cert\"", "\"x5c\":[\"MIIB\"]", "\"b64\":true", "\"b64\":false",
				"\"zip\":\"DEF\"", "\"enc\":\"A128GCM\"")) {
			cases.add(bad("header " + parameter, (now) -> ProofFixtures.raw(ES256,
					ProofFixtures.headerJson(ES256, "," + parameter), ProofFixtures.payloadJson(now, ""))));
		}
		// payload
		cases.add(bad("payload not JSON",
				(now) -> ProofFixtures.raw(ES256, ProofFixtures.headerJson(ES256, ""), "not json")));
		cases.add(bad("payload a JSON array",
				(now) -> ProofFixtures.raw(ES256, ProofFixtures.headerJson(ES256, ""), "[1,2]")));
		cases.add(bad("payload empty", (now) -> ProofFixtures.raw(ES256, ProofFixtures.headerJson(ES256, ""), "")));
		// htm
		cases.add(bad("htm missing", (now) -> ProofFixtures.raw(ES256, ProofFixtures.headerJson(ES256, ""),
				"{\"jti\":\"a\",\"htu\":\"" + ProofFixtures.URI + "\",\"iat\":" + now.getEpochSecond() + "}")));
		cases.add(bad("htm another method", (now) -> proofWith(now, (c) -> c.claim("htm", "PUT"))));
		cases.add(bad("htm not a string", (now) -> proofWith(now, (c) -> c.claim("htm", List.of("POST")))));
		cases.add(new BadProof("htm get for GET", (now) -> proofWith(now, (c) -> c.claim("htm", "get")), "GET",
				ProofFixtures.URI, null, null)
			.arguments());
		cases.add(new BadProof("htm GET for get", (now) -> proofWith(now, (c) -> c.claim("htm", "GET")), "get",
				ProofFixtures.URI, null, null)
			.arguments());
		// htu
		cases.add(bad("htu missing", (now) -> ProofFixtures.raw(ES256, ProofFixtures.headerJson(ES256, ""),
				"{\"jti\":\"a\",\"htm\":\"POST\",\"iat\":" + now.getEpochSecond() + "}")));
		cases.add(bad("htu another host",
				(now) -> proofWith(now, (c) -> c.claim("htu", "https://attacker.example/token"))));
		cases.add(bad("htu another port",
				(now) -> proofWith(now, (c) -> c.claim("htu", "https://server.example.com:8443/token"))));
		cases.add(bad("htu another scheme",
				(now) -> proofWith(now, (c) -> c.claim("htu", "http://server.example.com/token"))));
		cases.add(bad("htu another path",
				(now) -> proofWith(now, (c) -> c.claim("htu", "https://server.example.com/login"))));
		cases.add(bad("htu a path prefix",
				(now) -> proofWith(now, (c) -> c.claim("htu", "https://server.example.com/"))));
		cases.add(bad("htu with user info",
				(now) -> proofWith(now, (c) -> c.claim("htu", "https://alice@server.example.com/token"))));
		cases.add(bad("htu not http(s)",
				(now) -> proofWith(now, (c) -> c.claim("htu", "ftp://server.example.com/token"))));
		cases.add(bad("htu relative", (now) -> proofWith(now, (c) -> c.claim("htu", "/token"))));
		cases.add(bad("htu without a host", (now) -> proofWith(now, (c) -> c.claim("htu", "https:///token"))));
		cases.add(bad("htu not a ProofFixtures.URI",
				(now) -> proofWith(now, (c) -> c.claim("htu", "https://server.example.com/a b"))));
		cases.add(bad("htu not a string", (now) -> proofWith(now, (c) -> c.claim("htu", 42))));
		cases.add(new BadProof("htu of a request ProofFixtures.URI with user info",
				(now) -> proofWith(now, (c) -> c.claim("htu", "https://alice@server.example.com/token")),
				ProofFixtures.METHOD, "https://alice@server.example.com/token", null, null)
			.arguments());
		// iat
		cases.add(bad("iat missing", (now) -> ProofFixtures.raw(ES256, ProofFixtures.headerJson(ES256, ""),
				"{\"jti\":\"a\",\"htm\":\"POST\",\"htu\":\"" + ProofFixtures.URI + "\"}")));
		cases.add(bad("iat a string",
				(now) -> ProofFixtures.raw(ES256, ProofFixtures.headerJson(ES256, ""),
						"{\"jti\":\"a\",\"htm\":\"POST\",\"htu\":\"" + ProofFixtures.URI + "\",\"iat\":\""
								+ now.getEpochSecond() + "\"}")));
		cases.add(bad("iat beyond the clock skew in the future",
				(now) -> proofWith(now, (c) -> c.issueTime(Date.from(now.plusSeconds(6))))));
		cases.add(bad("iat far in the future", (now) -> ProofFixtures.raw(ES256, ProofFixtures.headerJson(ES256, ""),
				"{\"jti\":\"a\",\"htm\":\"POST\",\"htu\":\"" + ProofFixtures.URI + "\",\"iat\":1e300}")));
		cases.add(bad("iat older than maxAge and skew",
				(now) -> proofWith(now, (c) -> c.issueTime(Date.from(now.minusSeconds(66))))));
		cases.add(bad("iat negative",
				(now) -> ProofFixtures.raw(ES256, ProofFixtures.headerJson(ES256, ""),
						"{\"jti\":\"a\",\"htm\":\"POST\",\"htu\":\"" + ProofFixtures.URI
								+ "\",\"iat\":-99999999999999999999}")));
		// jti
		cases.add(bad("jti missing", (now) -> proofWith(now, (c) -> c.jwtID(null))));
		cases.add(bad("jti empty", (now) -> proofWith(now, (c) -> c.jwtID(""))));
		cases.add(bad("jti of 257 characters", (now) -> proofWith(now, (c) -> c.jwtID("j".repeat(257)))));
		cases.add(bad("jti not a string", (now) -> proofWith(now, (c) -> c.claim("jti", 7))));
		// ath and the bound key
		cases.add(new BadProof("ath missing with a token", (now) -> ProofFixtures.proof(ES256, now),
				ProofFixtures.METHOD, ProofFixtures.URI, ACCESS_TOKEN, null)
			.arguments());
		cases.add(new BadProof("ath of another token",
				(now) -> proofWith(now, (c) -> c.claim("ath", sha256(ACCESS_TOKEN + "x"))), ProofFixtures.METHOD,
				ProofFixtures.URI, ACCESS_TOKEN, null)
			.arguments());
		cases.add(new BadProof("ath the token itself", (now) -> proofWith(now, (c) -> c.claim("ath", ACCESS_TOKEN)),
				ProofFixtures.METHOD, ProofFixtures.URI, ACCESS_TOKEN, null)
			.arguments());
		cases.add(new BadProof("ath not a string", (now) -> proofWith(now, (c) -> c.claim("ath", 1)),
				ProofFixtures.METHOD, ProofFixtures.URI, ACCESS_TOKEN, null)
			.arguments());
		cases.add(new BadProof("key other than the token's cnf.jkt",
				(now) -> proofWith(now, (c) -> c.claim("ath", sha256(ACCESS_TOKEN))), ProofFixtures.METHOD,
				ProofFixtures.URI, ACCESS_TOKEN, otherEs256.thumbprint())
			.arguments());
		// signature
		cases.add(bad("signature with a flipped byte", (now) -> {
			String proof = ProofFixtures.proof(ES256, now);
			int secondDot = proof.lastIndexOf('.');
			byte[] signature = Base64.getUrlDecoder().decode(proof.substring(secondDot + 1));
			signature[10] ^= 0x01;
			return proof.substring(0, secondDot + 1) + Base64URL.encode(signature);
		}));
		cases.add(bad("signature of another key", (now) -> {
			String proof = ProofFixtures.proof(ES256, now);
			String other = ProofFixtures.proof(otherEs256, now);
			return proof.substring(0, proof.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
		}));
		cases.add(bad("signature by another key than the jwk", (now) -> ProofFixtures.raw(otherEs256,
				ProofFixtures.headerJson(ES256, ""), ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("signature all zeros (ECDSA r = s = 0)", (now) -> {
			String proof = ProofFixtures.proof(ES256, now);
			return proof.substring(0, proof.lastIndexOf('.') + 1) + Base64URL.encode(new byte[64]);
		}));
		cases.add(bad("signature empty", (now) -> {
			String proof = ProofFixtures.proof(ES256, now);
			return proof.substring(0, proof.lastIndexOf('.') + 1);
		}));
		cases.add(bad("signature truncated", (now) -> {
			String proof = ProofFixtures.proof(ES256, now);
			return proof.substring(0, proof.length() - 4);
		}));
		cases.add(bad("signature DER instead of R||S", (now) -> rawJca("ES256", "SHA256withECDSA", ES256.pair(), now)));
		cases.add(bad("RSA signature with PKCS#1 v1.5 for PS256",
				(now) -> ProofFixtures.raw(RS256,
						"{\"typ\":\"dpop+jwt\",\"alg\":\"PS256\",\"jwk\":" + RS256.jwkJson() + "}",
						ProofFixtures.payloadJson(now, ""))));
		cases.add(bad("EdDSA signature with a flipped byte", (now) -> {
			String proof = ProofFixtures.proof(ED25519, now);
			int secondDot = proof.lastIndexOf('.');
			byte[] signature = Base64.getUrlDecoder().decode(proof.substring(secondDot + 1));
			signature[0] ^= 0x01;
			return proof.substring(0, secondDot + 1) + Base64URL.encode(signature);
		}));
		return cases.build();
	}

	private static Arguments bad(String name, Function<Instant, @Nullable String> proof) {
		return new BadProof(name, proof, ProofFixtures.METHOD, ProofFixtures.URI, null, null).arguments();
	}

	private static String proofWith(Instant now, Consumer<JWTClaimsSet.Builder> claims) {
		return ProofFixtures.proof(ES256, now, (h) -> {
		}, claims);
	}

	private static String headerJsonWithJwk(ClientKey key, String jwk) {
		return "{\"typ\":\"dpop+jwt\",\"alg\":\"" + key.algorithm().getName() + "\",\"jwk\":" + jwk + "}";
	}

	static void assertInvalid(ThrowingCallable call) {
		assertThatExceptionOfType(DPoPProofException.class).isThrownBy(call).satisfies((ex) -> {
			assertThat(ex.getErrorCode()).isEqualTo(DPoPProofException.INVALID_DPOP_PROOF);
			assertThat(ex.getNonce()).isNull();
		});
	}

	static String sha256(String value) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String okp(String curve, KeyPair pair) {
		byte[] encoded = pair.getPublic().getEncoded();
		byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
		return "{\"kty\":\"OKP\",\"crv\":\"" + curve + "\",\"x\":\"" + Base64URL.encode(x) + "\"}";
	}

	private static byte[] oddModulus(int bits) {
		byte[] n = TestKeys.secret(bits / 8);
		n[0] |= (byte) 0x80;
		n[n.length - 1] |= 1;
		return n;
	}

	private static String flipped(Base64URL value) {
		byte[] bytes = value.decode();
		bytes[bytes.length - 1] ^= 0x01;
		return Base64URL.encode(bytes).toString();
	}

	/**
	 * A proof signed with the JDK directly, as the signature algorithm gives it (DER for
	 * ECDSA), with the key pair's public JWK.
	 */
	private static String rawJca(String alg, String jcaName, KeyPair pair, Instant now) {
		String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"" + alg + "\",\"jwk\":"
				+ Jwks.publicJwk(pair.getPublic()).toJSONString() + "}";
		String signingInput = ProofFixtures.encode(header) + "."
				+ ProofFixtures.encode(ProofFixtures.payloadJson(now, ""));
		try {
			Signature signature = Signature.getInstance(jcaName);
			signature.initSign(pair.getPrivate());
			signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
			return signingInput + "." + Base64URL.encode(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hmacProof(Instant now) {
		byte[] secret = TestKeys.secret(32);
		String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\""
				+ Base64URL.encode(secret) + "\"}}";
		String signingInput = ProofFixtures.encode(header) + "."
				+ ProofFixtures.encode(ProofFixtures.payloadJson(now, ""));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return signingInput + "." + Base64URL.encode(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record BadProof(String name, Function<Instant, @Nullable String> proof, String method, String uri,
			@Nullable String accessToken, @Nullable String boundKey) {

		Arguments arguments() {
			return Arguments.of(this.name, this);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
