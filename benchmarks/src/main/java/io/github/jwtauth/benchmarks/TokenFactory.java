package io.github.jwtauth.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints access tokens the way jwt-auth issues them ({@code typ at+jwt}, {@code kid},
 * {@code iss sub aud exp iat nbf jti roles}), with nimbus directly, for the benchmarks
 * and the load test.
 */
public final class TokenFactory {

	/** The {@code typ} header of jwt-auth access tokens. */
	public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private final JWSAlgorithm algorithm;

	private final JWSSigner signer;

	private final String keyId;

	private final String issuer;

	private final String audience;

	private final Duration ttl;

	private TokenFactory(JWSAlgorithm algorithm, JWSSigner signer, String keyId, String issuer, String audience,
			Duration ttl) {
		this.algorithm = algorithm;
		this.signer = signer;
		this.keyId = keyId;
		this.issuer = issuer;
		this.audience = audience;
		this.ttl = ttl;
	}

	/**
	 * An HS256 token factory.
	 * @param secret the secret (at least 32 bytes)
	 * @param keyId the {@code kid} header
	 * @param issuer the {@code iss} claim
	 * @param audience the {@code aud} claim
	 * @param ttl the lifetime
	 * @return the factory
	 */
	public static TokenFactory hs256(byte[] secret, String keyId, String issuer, String audience, Duration ttl) {
		try {
			return new TokenFactory(JWSAlgorithm.HS256, new MACSigner(secret), keyId, issuer, audience, ttl);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	/**
	 * An RS256 token factory.
	 * @param privateKey the RSA private key
	 * @param keyId the {@code kid} header
	 * @param issuer the {@code iss} claim
	 * @param audience the {@code aud} claim
	 * @param ttl the lifetime
	 * @return the factory
	 */
	public static TokenFactory rs256(RSAPrivateKey privateKey, String keyId, String issuer, String audience,
			Duration ttl) {
		return new TokenFactory(JWSAlgorithm.RS256, new RSASSASigner(privateKey), keyId, issuer, audience, ttl);
	}

	/**
	 * Mint one token.
	 * @param subject the {@code sub} claim
	 * @param tokenId the {@code jti} claim (makes the token text distinct)
	 * @return the compact JWS
	 */
	public String mint(String subject, String tokenId) {
		Instant now = Instant.now();
		JWSHeader header = new JWSHeader.Builder(this.algorithm).type(AT_JWT).keyID(this.keyId).build();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.subject(subject)
			.audience(this.audience)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.ttl)))
			.jwtID(tokenId)
			.claim("roles", List.of("ROLE_USER"))
			.build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * Decode a secret given as {@code base64:<standard base64>} or as plain text.
	 * @param secret the secret
	 * @return its bytes
	 */
	public static byte[] secretBytes(String secret) {
		if (secret.startsWith("base64:")) {
			return Base64.getDecoder().decode(secret.substring("base64:".length()).trim());
		}
		return secret.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Read a PKCS#8 PEM RSA private key ({@code BEGIN PRIVATE KEY}).
	 * @param path the file
	 * @return the key
	 * @throws IOException if the file cannot be read
	 */
	public static RSAPrivateKey readPrivateKey(Path path) throws IOException {
		try {
			return (RSAPrivateKey) KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(pem(path, "PRIVATE KEY")));
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("Not a PKCS#8 RSA private key: " + path, ex);
		}
	}

	/**
	 * Read an X.509 PEM RSA public key ({@code BEGIN PUBLIC KEY}).
	 * @param path the file
	 * @return the key
	 * @throws IOException if the file cannot be read
	 */
	public static RSAPublicKey readPublicKey(Path path) throws IOException {
		try {
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new X509EncodedKeySpec(pem(path, "PUBLIC KEY")));
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("Not an X.509 RSA public key: " + path, ex);
		}
	}

	private static byte[] pem(Path path, String type) throws IOException {
		String text = Files.readString(path, StandardCharsets.US_ASCII);
		String begin = "-----BEGIN " + type + "-----";
		String end = "-----END " + type + "-----";
		int from = text.indexOf(begin);
		int to = text.indexOf(end);
		if (from < 0 || to < from) {
			throw new IOException("No '" + begin + "' block in " + path);
		}
		return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
	}

}
