package io.github.jwtauth.refresh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes opaque refresh tokens (256 bits from {@link SecureRandom}) and their hashes.
 */
public final class RefreshTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private RefreshTokens() {
	}

	/**
	 * A new opaque token.
	 * @return the token
	 */
	public static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return ENCODER.encodeToString(bytes);
	}

	/**
	 * The SHA-256 hash under which a token is stored.
	 * @param token the token
	 * @return the hash, Base64URL
	 */
	public static String hash(String token) {
		try {
			return ENCODER
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether a string can be a refresh token at all (before any store look-up).
	 * @param token the candidate
	 * @return {@code true} if well-formed
	 */
	public static boolean isWellFormed(String token) {
		if (token == null || token.length() != 43) {
			return false;
		}
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
				return false;
			}
		}
		return true;
	}

}
