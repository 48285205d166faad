package io.github.jwtauth.token;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.TestKeys;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyAlgorithms;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Signatures of every algorithm, both ways between jwt-auth and independent code: tokens
 * signed by our signers verify with nimbus's own verifiers (and the JDK's Ed25519, since
 * nimbus needs Tink for EdDSA), tokens signed by nimbus's signers (and the JDK) verify
 * with our verifiers and decoder. Then every malformed signature our ECDSA and EdDSA
 * verifiers must refuse, with the JDK provider and with Bouncy Castle.
 */
class JwsSignatureTests {

	private static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384,
			JWSAlgorithm.HS512, JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256,
			JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
			JWSAlgorithm.EdDSA);

	private static final List<JWSAlgorithm> ECDSA = List.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

	private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

	private final SettableClock clock = new SettableClock();

	static Stream<JWSAlgorithm> algorithms() {
		return ALGORITHMS.stream();
	}

	static Stream<Provider> providers() {
		// null: the JDK's default provider
		return Stream.of(null, BOUNCY_CASTLE);
	}

	@Test
	void everySupportedAlgorithmIsCovered() {
		assertThat(KeyAlgorithms.supported()).containsExactlyInAnyOrderElementsOf(ALGORITHMS);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("algorithms")
	void tokensWeIssueVerifyWithAnIndependentVerifier(JWSAlgorithm algorithm) throws Exception {
		Keys keys = Keys.of(algorithm);
		String token = tokenService(keys.signer())
			.issue("alice", List.of(new SimpleGrantedAuthority("ROLE_USER")), null)
			.tokenValue();
		SignedJWT parsed = SignedJWT.parse(token);
		assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(algorithm);
		assertThat(parsed.getHeader().getKeyID()).isEqualTo("k-" + algorithm);
		assertThat(parsed.verify(keys.independentVerifier())).isTrue();
		// and a token with one changed claim does not
		String[] parts = token.split("\\.");
		String forged = parts[0] + "." + Base64URL.encode(parsed.getPayload().toString().replace("alice", "mallory"))
				+ "." + parts[2];
		assertThat(SignedJWT.parse(forged).verify(keys.independentVerifier())).isFalse();
		// our own decoder accepts it too
		assertThat(decoder(keys.signer()).decode(token).getSubject()).isEqualTo("alice");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("algorithms")
	void tokensSignedIndependentlyVerifyWithOurVerifiers(JWSAlgorithm algorithm) throws Exception {
		Keys keys = Keys.of(algorithm);
		JWSHeader header = SignedTokens.header(algorithm, keys.signer().keyId()).build();
		SignedJWT jwt = new SignedJWT(header, SignedTokens.claims("alice", this.clock.instant()).build());
		jwt.sign(keys.independentSigner());
		String token = jwt.serialize();
		JWSVerifier ours = new LocalJwsVerifierResolver(List.of(keys.signer().verificationKey())).resolve(header);
		assertThat(jwt.verify(ours)).isTrue();
		Jwt decoded = decoder(keys.signer()).decode(token);
		assertThat(decoded.getSubject()).isEqualTo("alice");
		assertThat(decoded.getHeaders()).containsEntry("alg", algorithm.getName());
		// a token signed by another key of the same kind is refused
		Keys other = Keys.of(algorithm, true);
		SignedJWT forged = new SignedJWT(header, SignedTokens.claims("alice", this.clock.instant()).build());
		forged.sign(other.independentSigner());
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> decoder(keys.signer()).decode(forged.serialize()))
			.withMessage("Invalid signature");
	}

	@ParameterizedTest(name = "JDK: {0}")
	@MethodSource("providers")
	void ecdsaRefusesEveryMalformedSignature(Provider provider) throws Exception {
		for (JWSAlgorithm algorithm : ECDSA) {
			KeyPair pair = TestKeys.keyPair(algorithm);
			JwtSigner signer = JcaJwtSigner.of("ec", algorithm, pair.getPrivate(), pair.getPublic());
			FastEcdsaVerifier verifier = new FastEcdsaVerifier((ECPublicKey) pair.getPublic(), algorithm, provider);
			JWSHeader header = new JWSHeader(algorithm);
			byte[] input = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9".getBytes(StandardCharsets.US_ASCII);
			byte[] good = signer.sign(input);
			int half = good.length / 2;
			String what = algorithm + " with " + ((provider != null) ? provider.getName() : "the JDK");
			assertThat(verifier.verify(header, input, Base64URL.encode(good))).as(what).isTrue();
			// twice: the per-thread Signature is reset after each call
			assertThat(verifier.verify(header, input, Base64URL.encode(good))).as(what).isTrue();
			byte[] order = unsigned(((ECPublicKey) pair.getPublic()).getParams().getOrder().toByteArray(), half);
			byte[][] bad = {
					// wrong lengths
					Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, good.length + 1), new byte[0],
					// the "psychic signature" (CVE-2022-21449): R = S = 0
					new byte[good.length],
					// R = 0 or S = 0 with the other half genuine
					concat(new byte[half], Arrays.copyOfRange(good, half, good.length)),
					concat(Arrays.copyOf(good, half), new byte[half]),
					// R or S equal to the curve order n (out of range)
					concat(order, Arrays.copyOfRange(good, half, good.length)),
					concat(Arrays.copyOf(good, half), order),
					// R = S = n
					concat(order, order),
					// the DER encoding the JDK signs with, instead of R || S
					der(algorithm, pair.getPrivate(), input),
					// one bit flipped
					flipped(good, 5), flipped(good, good.length - 1) };
			for (byte[] signature : bad) {
				assertThat(verifier.verify(header, input, Base64URL.encode(signature)))
					.as(what + ": " + Base64URL.encode(signature))
					.isFalse();
			}
			// the verifier is still usable after every refusal
			assertThat(verifier.verify(header, input, Base64URL.encode(good))).as(what).isTrue();
			// another algorithm in the header, or a critical header, is refused
			JWSAlgorithm otherEc = (algorithm == JWSAlgorithm.ES256) ? JWSAlgorithm.ES384 : JWSAlgorithm.ES256;
			assertThat(verifier.verify(new JWSHeader(otherEc), input, Base64URL.encode(good))).isFalse();
			assertThat(verifier.verify(critical(algorithm), input, Base64URL.encode(good))).isFalse();
		}
	}

	@ParameterizedTest(name = "JDK: {0}")
	@MethodSource("providers")
	void eddsaRefusesEveryMalformedSignature(Provider provider) throws Exception {
		KeyPair pair = TestKeys.keyPair(JWSAlgorithm.EdDSA);
		JwtSigner signer = JcaJwtSigner.of("ed", JWSAlgorithm.EdDSA, pair.getPrivate(), pair.getPublic());
		EdDsaVerifier verifier = new EdDsaVerifier(pair.getPublic(), provider);
		JWSHeader header = new JWSHeader(JWSAlgorithm.EdDSA);
		byte[] input = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhbGljZSJ9".getBytes(StandardCharsets.US_ASCII);
		byte[] good = signer.sign(input);
		assertThat(good).hasSize(64);
		assertThat(verifier.verify(header, input, Base64URL.encode(good))).isTrue();
		byte[][] bad = { Arrays.copyOf(good, 63), Arrays.copyOf(good, 65), new byte[0], new byte[64],
				// S + L: the same signature in a non-canonical form (RFC 8032 §5.1.7
				// requires S < L)
				withSPlusOrder(good), flipped(good, 0), flipped(good, 40) };
		for (byte[] signature : bad) {
			assertThat(verifier.verify(header, input, Base64URL.encode(signature)))
				.as(((provider != null) ? provider.getName() : "JDK") + ": " + Base64URL.encode(signature))
				.isFalse();
		}
		assertThat(verifier.verify(header, input, Base64URL.encode(good))).isTrue();
		assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.Ed25519), input, Base64URL.encode(good))).isFalse();
		assertThat(verifier.verify(critical(JWSAlgorithm.EdDSA), input, Base64URL.encode(good))).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("algorithms")
	void everyVerifierRefusesAnotherAlgorithmAndCriticalHeaders(JWSAlgorithm algorithm) throws Exception {
		Keys keys = Keys.of(algorithm);
		byte[] input = "eyJhbGciOiJub25lIn0.e30".getBytes(StandardCharsets.US_ASCII);
		Base64URL signature = Base64URL.encode(keys.signer().sign(input));
		JWSVerifier verifier = JwsVerifiers.forKey(keys.signer().verificationKey());
		assertThat(verifier.supportedJWSAlgorithms()).containsExactly(algorithm);
		assertThat(verifier.verify(new JWSHeader(algorithm), input, signature)).isTrue();
		for (JWSAlgorithm other : ALGORITHMS) {
			if (!other.equals(algorithm)) {
				assertThat(verifier.verify(new JWSHeader(other), input, signature)).as(other.getName()).isFalse();
			}
		}
		assertThat(verifier.verify(critical(algorithm), input, signature)).isFalse();
		// the resolver refuses a header whose algorithm is not the key's before any
		// verifier
		// runs
		LocalJwsVerifierResolver resolver = new LocalJwsVerifierResolver(List.of(keys.signer().verificationKey()));
		for (JWSAlgorithm other : ALGORITHMS) {
			if (!other.equals(algorithm)) {
				JWSHeader header = new JWSHeader.Builder(other).keyID(keys.signer().keyId()).build();
				assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> resolver.resolve(header))
					.withMessage("Algorithm not allowed for this key");
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("algorithms")
	void theDecoderRefusesACriticalHeaderEvenWhenTheSignatureIsGood(JWSAlgorithm algorithm) throws Exception {
		Keys keys = Keys.of(algorithm);
		JWSHeader header = SignedTokens.header(algorithm, keys.signer().keyId())
			.criticalParams(Set.of("urn:example:ext"))
			.customParam("urn:example:ext", true)
			.build();
		SignedJWT jwt = new SignedJWT(header, SignedTokens.claims("alice", this.clock.instant()).build());
		jwt.sign(keys.independentSigner());
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> decoder(keys.signer()).decode(jwt.serialize()))
			.withMessage("Unsupported critical header");
	}

	@Test
	void psychicSignatureThroughTheDecoderIsRefused() throws Exception {
		for (JWSAlgorithm algorithm : ECDSA) {
			Keys keys = Keys.of(algorithm);
			String token = tokenService(keys.signer()).issue("alice", List.of(), null).tokenValue();
			int length = Base64URL.from(token.substring(token.lastIndexOf('.') + 1)).decode().length;
			String psychic = token.substring(0, token.lastIndexOf('.') + 1) + Base64URL.encode(new byte[length]);
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder(keys.signer()).decode(psychic))
				.withMessage("Invalid signature");
		}
	}

	private JwtTokenService tokenService(JwtSigner signer) {
		return JwtTokenService.withKeys(new JwtKeySet(signer, List.of()))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.build();
	}

	private JwtAuthDecoder decoder(JwtSigner signer) {
		return JwtAuthDecoder
			.withKeys(new JwtKeySet(signer, List.of()), new RevocationValidator(new RevocationRegistry(this.clock)))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.cacheSize(0)
			.build();
	}

	private static JWSHeader critical(JWSAlgorithm algorithm) {
		return new JWSHeader.Builder(algorithm).criticalParams(Set.of("urn:example:ext"))
			.customParam("urn:example:ext", true)
			.build();
	}

	private static byte[] der(JWSAlgorithm algorithm, PrivateKey key, byte[] input) throws Exception {
		Signature signature = Signature.getInstance("SHA" + algorithm.getName().substring(2) + "withECDSA");
		signature.initSign(key);
		signature.update(input);
		return signature.sign();
	}

	/**
	 * A big-endian unsigned value, left-padded or stripped of its sign byte to a length.
	 */
	private static byte[] unsigned(byte[] value, int length) {
		byte[] out = new byte[length];
		int copy = Math.min(value.length, length);
		System.arraycopy(value, value.length - copy, out, length - copy, copy);
		return out;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

	private static byte[] flipped(byte[] signature, int index) {
		byte[] out = signature.clone();
		out[index] ^= 0x01;
		return out;
	}

	/**
	 * An Ed25519 signature whose S (the second 32 bytes, little-endian) has the group
	 * order L added: mathematically the same signature, but not canonical.
	 */
	private static byte[] withSPlusOrder(byte[] signature) {
		BigInteger order = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
		byte[] s = Arrays.copyOfRange(signature, 32, 64);
		byte[] bigEndian = new byte[32];
		for (int i = 0; i < 32; i++) {
			bigEndian[i] = s[31 - i];
		}
		byte[] sum = unsigned(new BigInteger(1, bigEndian).add(order).toByteArray(), 32);
		byte[] out = signature.clone();
		for (int i = 0; i < 32; i++) {
			out[32 + i] = sum[31 - i];
		}
		return out;
	}

	/**
	 * One algorithm's keys: our signer, and an independent signer and verifier of the
	 * same key (nimbus's, or the JDK's for Ed25519).
	 */
	private record Keys(JwtSigner signer, JWSSigner independentSigner, JWSVerifier independentVerifier) {

		static Keys of(JWSAlgorithm algorithm) throws JOSEException {
			return of(algorithm, false);
		}

		static Keys of(JWSAlgorithm algorithm, boolean fresh) throws JOSEException {
			String keyId = "k-" + algorithm;
			if (KeyAlgorithms.HMAC.contains(algorithm)) {
				byte[] secret = TestKeys.secret(KeyAlgorithms.minSecretBytes(algorithm));
				return new Keys(SigningKey.hmac(keyId, algorithm, secret).signer(), new MACSigner(secret),
						new MACVerifier(secret));
			}
			KeyPair pair = fresh ? TestKeys.freshKeyPair(algorithm) : TestKeys.keyPair(algorithm);
			JwtSigner signer = JcaJwtSigner.of(keyId, algorithm, pair.getPrivate(), pair.getPublic());
			if (KeyAlgorithms.RSA.contains(algorithm)) {
				return new Keys(signer, new RSASSASigner(pair.getPrivate()),
						new RSASSAVerifier((RSAPublicKey) pair.getPublic()));
			}
			if (KeyAlgorithms.EC.contains(algorithm)) {
				return new Keys(signer, new ECDSASigner((ECPrivateKey) pair.getPrivate()),
						new ECDSAVerifier((ECPublicKey) pair.getPublic()));
			}
			return new Keys(signer, new JdkEd25519(pair.getPrivate(), pair.getPublic()),
					new JdkEd25519(pair.getPrivate(), pair.getPublic()));
		}

	}

	/**
	 * Ed25519 on the JDK's own {@link Signature}, without any jwt-auth or nimbus code.
	 */
	private static final class JdkEd25519 implements JWSSigner, JWSVerifier {

		private final PrivateKey privateKey;

		private final PublicKey publicKey;

		private final JCAContext context = new JCAContext();

		JdkEd25519(PrivateKey privateKey, PublicKey publicKey) {
			this.privateKey = privateKey;
			this.publicKey = publicKey;
		}

		@Override
		public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
			try {
				Signature signature = Signature.getInstance("Ed25519");
				signature.initSign(this.privateKey);
				signature.update(signingInput);
				return Base64URL.encode(signature.sign());
			}
			catch (GeneralSecurityException ex) {
				throw new JOSEException(ex.getMessage(), ex);
			}
		}

		@Override
		public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
			try {
				Signature verifier = Signature.getInstance("Ed25519");
				verifier.initVerify(this.publicKey);
				verifier.update(signingInput);
				return JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) && verifier.verify(signature.decode());
			}
			catch (GeneralSecurityException ex) {
				return false;
			}
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			return Set.of(JWSAlgorithm.EdDSA);
		}

		@Override
		public JCAContext getJCAContext() {
			return this.context;
		}

	}

}
