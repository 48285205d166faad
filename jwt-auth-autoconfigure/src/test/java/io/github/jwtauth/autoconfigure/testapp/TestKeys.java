package io.github.jwtauth.autoconfigure.testapp;

import java.io.IOException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

import com.nimbusds.jose.jwk.RSAKey;
import io.github.jwtauth.keys.KeyIds;
import io.github.jwtauth.keys.PemKeys;
import io.github.jwtauth.test.TestJwts;

import org.springframework.core.io.ClassPathResource;

/**
 * The key material of these tests (src/test/resources/keys). Tokens are signed with
 * jwt-auth-test's {@code TestJwts}.
 */
public final class TestKeys {

	public static final String RSA_PRIVATE = "classpath:keys/rsa-private.pem";

	public static final String RSA_PUBLIC = "classpath:keys/rsa-public.pem";

	public static final String PREVIOUS_PRIVATE = "classpath:keys/rsa-previous-private.pem";

	public static final String PREVIOUS_PUBLIC = "classpath:keys/rsa-previous-public.pem";

	public static final String HMAC_SECRET = "q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sD";

	/**
	 * The issuer, configured explicitly as a configured key requires; the value of
	 * {@code TestJwts}, so its tokens pass.
	 */
	public static final String ISSUER = "jwt.auth.issuer=" + TestJwts.DEFAULT_ISSUER;

	/**
	 * The audiences, configured explicitly as a configured key requires; the value of
	 * {@code TestJwts}, so its tokens pass.
	 */
	public static final String AUDIENCES = "jwt.auth.audiences=" + TestJwts.DEFAULT_ISSUER;

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

}
