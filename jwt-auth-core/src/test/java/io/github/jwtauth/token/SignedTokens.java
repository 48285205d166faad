package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs the tokens of the core unit tests with nimbus directly. (Applications and the
 * other modules use jwt-auth-test's {@code TestJwts}; core cannot depend on it, since
 * jwt-auth-test depends on core.)
 */
final class SignedTokens {

	private SignedTokens() {
	}

	static JWTClaimsSet.Builder claims(String subject, Instant now) {
		return new JWTClaimsSet.Builder().issuer("jwt-auth")
			.subject(subject)
			.audience(List.of("jwt-auth"))
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString());
	}

	static JWSHeader.Builder header(JWSAlgorithm algorithm, String keyId) {
		return new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt")).keyID(keyId);
	}

	static String hmac(byte[] secret, JWSHeader header, JWTClaimsSet claims) {
		try {
			return sign(new MACSigner(secret), header, claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String rsa(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
		try {
			return sign(new RSASSASigner(key), header, claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sign a header and a payload given as JSON text, exactly as written, with HS256.
	 * @param secret the key
	 * @param header the header JSON
	 * @param payload the payload JSON
	 * @return the token
	 */
	static String hmacRaw(byte[] secret, String header, String payload) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String signingInput = base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return signingInput + "."
					+ base64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws JOSEException {
		SignedJWT jwt = new SignedJWT(header, claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

}
