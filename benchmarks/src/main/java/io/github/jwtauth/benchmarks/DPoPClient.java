package io.github.jwtauth.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.github.jwtauth.keys.JcaJwtSigner;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyAlgorithms;
import org.jspecify.annotations.Nullable;

/**
 * A DPoP client (RFC 9449) for the benchmarks: a key pair of its own, and the proofs it
 * signs with it. A proof's header is {@code {"typ":"dpop+jwt","alg":…,"jwk":{the public
 * JWK}}}, its claims {@code jti}, {@code htm}, {@code htu}, {@code iat} and, when an
 * access token is presented with it, {@code ath} (the base64url SHA-256 of the token).
 * Used by {@link DPoPProofBenchmark} and {@link DPoPProofs}.
 */
final class DPoPClient {

	static final JOSEObjectType DPOP_JWT = new JOSEObjectType("dpop+jwt");

	private final JWSAlgorithm algorithm;

	private final KeyPair keyPair;

	private final JwtSigner signer;

	private final String encodedHeader;

	private final String thumbprint;

	private DPoPClient(JWSAlgorithm algorithm, KeyPair keyPair, @Nullable Provider signingProvider) {
		this.algorithm = algorithm;
		this.keyPair = keyPair;
		this.signer = (signingProvider != null)
				? JcaJwtSigner.of("dpop", algorithm, keyPair.getPrivate(), keyPair.getPublic(), signingProvider)
				: JcaJwtSigner.of("dpop", algorithm, keyPair.getPrivate(), keyPair.getPublic());
		JWK jwk = Jwks.publicJwk(keyPair.getPublic());
		this.encodedHeader = new JWSHeader.Builder(algorithm).type(DPOP_JWT).jwk(jwk).build().toBase64URL().toString();
		try {
			this.thumbprint = jwk.computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A client with a new key, signing with the JDK's provider.
	 * @param algorithm an asymmetric algorithm (RS*, PS*, ES*, EdDSA)
	 * @return the client
	 */
	static DPoPClient generate(JWSAlgorithm algorithm) {
		if (!KeyAlgorithms.isAsymmetric(algorithm)) {
			throw new IllegalArgumentException("DPoP proofs need an asymmetric algorithm, not " + algorithm);
		}
		return new DPoPClient(algorithm, Signers.keyPair(algorithm), null);
	}

	/**
	 * The same key, signing with another provider (to make many proofs fast: Bouncy
	 * Castle signs Ed25519 several times faster than the JDK 17).
	 * @param provider the provider
	 * @return the client
	 */
	DPoPClient signingWith(Provider provider) {
		return new DPoPClient(this.algorithm, this.keyPair, provider);
	}

	JWSAlgorithm algorithm() {
		return this.algorithm;
	}

	/**
	 * The RFC 7638 thumbprint of the public key (computed by nimbus): what a bound access
	 * token carries in {@code cnf.jkt}.
	 * @return the base64url thumbprint
	 */
	String thumbprint() {
		return this.thumbprint;
	}

	/**
	 * A signed proof.
	 * @param jti the proof's unique ID
	 * @param htm the request method
	 * @param htu the request URI
	 * @param iat the issue time, in seconds since the epoch
	 * @param ath the hash of the access token presented with the proof (see
	 * {@link #ath(String)}), or {@code null} for none
	 * @return the compact JWS
	 */
	String proof(String jti, String htm, String htu, long iat, @Nullable String ath) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(jti)
			.claim("htm", htm)
			.claim("htu", htu)
			.issueTime(new Date(iat * 1000));
		if (ath != null) {
			claims.claim("ath", ath);
		}
		String signingInput = this.encodedHeader + "."
				+ Base64URL.encode(claims.build().toString().getBytes(StandardCharsets.UTF_8));
		byte[] signature = this.signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + Base64URL.encode(signature);
	}

	/**
	 * The {@code ath} of an access token: the base64url SHA-256 of its ASCII text.
	 * @param accessToken the access token
	 * @return the hash
	 */
	static String ath(String accessToken) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(accessToken.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
