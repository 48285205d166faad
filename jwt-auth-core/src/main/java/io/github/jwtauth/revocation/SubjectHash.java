package io.github.jwtauth.revocation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.springframework.util.Assert;

/**
 * The published form of a subject: {@code base64url(SHA-256(iss + "\u0000" + sub))}
 * without padding. The revocation feed carries subjects only in this form (no user name
 * in clear), and a {@link RevocationRegistry} built with hashed subjects hashes a token's
 * {@code sub} the same way before looking it up. One place, so that the issuer's feed and
 * the resource servers' registries always agree.
 */
public final class SubjectHash {

	private SubjectHash() {
	}

	/**
	 * Hash a subject of an issuer.
	 * @param issuer the issuer ({@code iss})
	 * @param subject the subject ({@code sub})
	 * @return the hash, 43 base64url characters
	 */
	public static String of(String issuer, String subject) {
		Assert.notNull(issuer, "issuer must not be null");
		Assert.notNull(subject, "subject must not be null");
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(issuer.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			byte[] hash = digest.digest(subject.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
