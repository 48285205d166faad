package io.github.jwtauth.test.dpop;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.Jwks;
import org.jspecify.annotations.Nullable;

/**
 * A DPoP client's key pair that makes proofs (RFC 9449 §4.2): good ones by default, and
 * bad ones by changing any header parameter or claim before signing. <pre>{@code
 * DPoPKey key = DPoPKey.es256();
 * String proof = key.proof("GET", "https://api.example/resource", accessToken);
 * String stale = key.proof().method("GET").uri(uri).issuedAt(now.minusSeconds(600)).sign();
 * }</pre>
 */
public final class DPoPKey {

	private final JWSAlgorithm algorithm;

	private final KeyPair keyPair;

	private final JWK publicJwk;

	private final JcaJwtSigner signer;

	private Clock clock = Clock.systemUTC();

	private DPoPKey(JWSAlgorithm algorithm, KeyPair keyPair) {
		this.algorithm = algorithm;
		this.keyPair = keyPair;
		this.publicJwk = Jwks.publicJwk(keyPair.getPublic());
		this.signer = JcaJwtSigner.of("dpop", algorithm, keyPair.getPrivate(), keyPair.getPublic());
	}

	/**
	 * A new ES256 (P-256) key.
	 * @return the key
	 */
	public static DPoPKey es256() {
		return of(JWSAlgorithm.ES256);
	}

	/**
	 * A new Ed25519 key (EdDSA).
	 * @return the key
	 */
	public static DPoPKey eddsa() {
		return of(JWSAlgorithm.EdDSA);
	}

	/**
	 * A new key for an algorithm: ES256/384/512, EdDSA, RS*, PS* (RSA 2048 bits).
	 * @param algorithm the algorithm
	 * @return the key
	 */
	public static DPoPKey of(JWSAlgorithm algorithm) {
		try {
			KeyPairGenerator generator;
			String name = algorithm.getName();
			if (name.startsWith("ES")) {
				generator = KeyPairGenerator.getInstance("EC");
				String curve = switch (name) {
					case "ES384" -> "secp384r1";
					case "ES512" -> "secp521r1";
					default -> "secp256r1";
				};
				generator.initialize(new ECGenParameterSpec(curve));
			}
			else if (JWSAlgorithm.EdDSA.equals(algorithm)) {
				generator = KeyPairGenerator.getInstance("Ed25519");
			}
			else {
				generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
			}
			return new DPoPKey(algorithm, generator.generateKeyPair());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot make a " + algorithm + " key", ex);
		}
	}

	/**
	 * Use another clock for {@code iat}.
	 * @param clock the clock
	 * @return this key
	 */
	public DPoPKey clock(Clock clock) {
		this.clock = clock;
		return this;
	}

	/**
	 * The algorithm of the proofs.
	 * @return the algorithm
	 */
	public JWSAlgorithm algorithm() {
		return this.algorithm;
	}

	/**
	 * The key pair.
	 * @return the key pair
	 */
	public KeyPair keyPair() {
		return this.keyPair;
	}

	/**
	 * The public key as a JWK, as a proof carries it.
	 * @return the public JWK
	 */
	public JWK publicJwk() {
		return this.publicJwk;
	}

	/**
	 * The RFC 7638 SHA-256 thumbprint of the key: what a bound token carries in
	 * {@code cnf.jkt}.
	 * @return the thumbprint
	 */
	public String thumbprint() {
		try {
			return this.publicJwk.computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A proof for a token request (no access token).
	 * @param method the request method
	 * @param uri the request URI
	 * @return the proof
	 */
	public String proof(String method, String uri) {
		return proof().method(method).uri(uri).sign();
	}

	/**
	 * A proof for a request with an access token ({@code ath}).
	 * @param method the request method
	 * @param uri the request URI
	 * @param accessToken the access token
	 * @return the proof
	 */
	public String proof(String method, String uri, String accessToken) {
		return proof().method(method).uri(uri).accessToken(accessToken).sign();
	}

	/**
	 * Start a proof to change before signing.
	 * @return the proof builder
	 */
	public Proof proof() {
		return new Proof();
	}

	/**
	 * The {@code ath} of an access token: base64url SHA-256 of its ASCII text.
	 * @param accessToken the token
	 * @return the hash
	 */
	public static String ath(String accessToken) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(accessToken.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A proof being made: {@code typ dpop+jwt}, the key's algorithm and public JWK, a
	 * random {@code jti} and {@code iat} now, unless changed.
	 */
	public final class Proof {

		private final Map<String, Object> claims = new LinkedHashMap<>();

		private JWSHeader.Builder header = new JWSHeader.Builder(DPoPKey.this.algorithm)
			.type(new JOSEObjectType("dpop+jwt"))
			.jwk(DPoPKey.this.publicJwk);

		private Proof() {
			this.claims.put("jti", UUID.randomUUID().toString());
			this.claims.put("iat", DPoPKey.this.clock.instant().getEpochSecond());
		}

		/**
		 * The {@code htm} claim.
		 * @param method the method
		 * @return this proof
		 */
		public Proof method(String method) {
			return claim("htm", method);
		}

		/**
		 * The {@code htu} claim.
		 * @param uri the URI
		 * @return this proof
		 */
		public Proof uri(String uri) {
			return claim("htu", uri);
		}

		/**
		 * The {@code ath} claim of an access token.
		 * @param accessToken the token
		 * @return this proof
		 */
		public Proof accessToken(String accessToken) {
			return claim("ath", ath(accessToken));
		}

		/**
		 * The {@code nonce} claim.
		 * @param nonce the nonce
		 * @return this proof
		 */
		public Proof nonce(String nonce) {
			return claim("nonce", nonce);
		}

		/**
		 * The {@code iat} claim.
		 * @param issuedAt the time
		 * @return this proof
		 */
		public Proof issuedAt(Instant issuedAt) {
			return claim("iat", issuedAt.getEpochSecond());
		}

		/**
		 * The {@code jti} claim.
		 * @param jti the proof ID
		 * @return this proof
		 */
		public Proof jti(String jti) {
			return claim("jti", jti);
		}

		/**
		 * Set a claim, or remove it with {@code null}.
		 * @param name the claim
		 * @param value the value, or {@code null}
		 * @return this proof
		 */
		public Proof claim(String name, @Nullable Object value) {
			if (value == null) {
				this.claims.remove(name);
			}
			else {
				this.claims.put(name, value);
			}
			return this;
		}

		/**
		 * Change the header.
		 * @param customizer changes the header builder
		 * @return this proof
		 */
		public Proof header(Consumer<JWSHeader.Builder> customizer) {
			customizer.accept(this.header);
			return this;
		}

		/**
		 * Sign the proof with the key.
		 * @return the compact proof
		 */
		public String sign() {
			JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
			this.claims.forEach(builder::claim);
			String signingInput = this.header.build().toBase64URL() + "."
					+ Base64URL.encode(builder.build().toString());
			byte[] signature = DPoPKey.this.signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
			return signingInput + "." + Base64URL.encode(signature);
		}

	}

}
