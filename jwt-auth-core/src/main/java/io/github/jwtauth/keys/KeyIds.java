package io.github.jwtauth.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

/**
 * Derives key IDs when none is configured.
 */
public final class KeyIds {

	private KeyIds() {
	}

	/**
	 * The RFC 7638 thumbprint of an RSA key.
	 * @param key the key
	 * @return the key ID
	 */
	public static String forRsa(RSAKey key) {
		try {
			return key.toPublicJWK().computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot compute the key thumbprint", ex);
		}
	}

	/**
	 * A key ID for an HMAC secret: a keyed derivation, so it tells no more about the
	 * secret than a token signature does.
	 * @param secret the secret
	 * @return the key ID
	 */
	public static String forSecret(byte[] secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			byte[] digest = mac.doFinal("jwt-auth key id".getBytes(StandardCharsets.US_ASCII));
			return "hs-" + Base64URL.encode(Arrays.copyOf(digest, 12));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot derive a key ID", ex);
		}
	}

}
