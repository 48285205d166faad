package io.github.jwtauth.refresh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * Makes opaque refresh tokens and their hashes. A token is {@code <tag>.<secret>}: the
 * secret is 256 bits from {@link SecureRandom}, and the tag ({@value #TAG_LENGTH}
 * Base64URL characters) is derived from the token's family, so that every token of one
 * family carries the same tag. A store may use the tag to keep a family's keys together
 * (Redis Cluster puts them in one hash slot) while families spread; the tag reveals
 * nothing the holder does not know (its access tokens carry the family as {@code sid}).
 * The hash under which a token is stored keeps the tag in front
 * ({@code <tag>.<sha-256>}). Tokens of the earlier form, the secret alone, are still
 * accepted as well-formed: a store that does not need the tag keeps serving them.
 */
public final class RefreshTokens {

	/**
	 * Length of the family tag in front of a token and of its hash.
	 */
	public static final int TAG_LENGTH = 6;

	private static final int SECRET_LENGTH = 43;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private RefreshTokens() {
	}

	/**
	 * A new opaque token without a family tag (the earlier form).
	 * @return the token
	 */
	public static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return ENCODER.encodeToString(bytes);
	}

	/**
	 * A new opaque token of a family: its tag, a dot, and a new secret.
	 * @param familyId the family
	 * @return the token
	 */
	public static String generate(String familyId) {
		return familyTag(familyId) + "." + generate();
	}

	/**
	 * A new token of the same family as a presented one: the same tag (none for a token
	 * of the earlier form) and a new secret.
	 * @param token the presented, well-formed token
	 * @return the new token
	 */
	public static String successor(String token) {
		int dot = token.indexOf('.');
		return (dot < 0) ? generate() : token.substring(0, dot + 1) + generate();
	}

	/**
	 * The tag of a family: the first {@value #TAG_LENGTH} Base64URL characters of the
	 * SHA-256 hash of its ID.
	 * @param familyId the family
	 * @return the tag
	 */
	public static String familyTag(String familyId) {
		return sha256(familyId).substring(0, TAG_LENGTH);
	}

	/**
	 * The tag in front of a token or of its hash.
	 * @param tokenOrHash a well-formed token, or the hash of one
	 * @return the tag, or {@code null} for a token of the earlier form
	 */
	public static @Nullable String tagOf(String tokenOrHash) {
		int dot = tokenOrHash.indexOf('.');
		return (dot == TAG_LENGTH) ? tokenOrHash.substring(0, dot) : null;
	}

	/**
	 * The hash under which a token is stored: its tag (if any), a dot, and the SHA-256
	 * hash of the whole token.
	 * @param token the token
	 * @return the hash, Base64URL
	 */
	public static String hash(String token) {
		String tag = tagOf(token);
		return (tag != null) ? tag + "." + sha256(token) : sha256(token);
	}

	/**
	 * Whether a string can be a refresh token at all (before any store look-up): a tag, a
	 * dot and a secret, or a secret alone.
	 * @param token the candidate
	 * @return {@code true} if well-formed
	 */
	public static boolean isWellFormed(@Nullable String token) {
		if (token == null) {
			return false;
		}
		if (token.length() == SECRET_LENGTH) {
			return isBase64Url(token, 0, SECRET_LENGTH);
		}
		return token.length() == TAG_LENGTH + 1 + SECRET_LENGTH && token.charAt(TAG_LENGTH) == '.'
				&& isBase64Url(token, 0, TAG_LENGTH) && isBase64Url(token, TAG_LENGTH + 1, token.length());
	}

	private static boolean isBase64Url(String token, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = token.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
				return false;
			}
		}
		return true;
	}

	private static String sha256(String text) {
		try {
			return ENCODER
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
