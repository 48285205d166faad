package io.github.jwtauth.test;

import java.io.IOException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.keys.KeyIds;
import io.github.jwtauth.keys.PemKeys;

import org.springframework.core.io.ClassPathResource;

/**
 * The test keys (src/test/resources/keys) and a way to sign arbitrary tokens with them.
 */
public final class TestKeys {

	public static final String RSA_PRIVATE = "classpath:keys/rsa-private.pem";

	public static final String RSA_PUBLIC = "classpath:keys/rsa-public.pem";

	public static final String PREVIOUS_PRIVATE = "classpath:keys/rsa-previous-private.pem";

	public static final String PREVIOUS_PUBLIC = "classpath:keys/rsa-previous-public.pem";

	public static final String HMAC_SECRET = "q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sD";

	private TestKeys() {
	}

	public static RSAKey rsa() {
		return load("keys/rsa-private.pem");
	}

	public static RSAKey previous() {
		return load("keys/rsa-previous-private.pem");
	}

	public static String rsaKeyId() {
		return KeyIds.forRsa(rsa());
	}

	private static RSAKey load(String path) {
		try {
			RSAPrivateKey privateKey = PemKeys.privateKey(new ClassPathResource(path));
			RSAPublicKey publicKey = PemKeys.publicKeyOf(privateKey);
			return new RSAKey.Builder(publicKey).privateKey(privateKey).build();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Claims our decoder accepts, for a subject, at {@code now}. */
	public static JWTClaimsSet.Builder claims(String subject, Instant now) {
		return new JWTClaimsSet.Builder().issuer("jwt-auth")
			.subject(subject)
			.audience(List.of("jwt-auth"))
			.issueTime(java.util.Date.from(now))
			.notBeforeTime(java.util.Date.from(now))
			.expirationTime(java.util.Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString())
			.claim("roles", List.of("ROLE_USER"));
	}

	public static JWSHeader.Builder header(JWSAlgorithm algorithm, String keyId) {
		return new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt")).keyID(keyId);
	}

	public static String signRsa(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String signHmac(byte[] secret, JWSHeader header, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
