package io.github.jwtauth.support;

import java.util.Arrays;

/**
 * The shape of a compact JWS (RFC 7515 §7.1) in canonical base64url, checked without a
 * regular expression and before anything is decoded: shared by the access-token decoder
 * and the DPoP proof verifier.
 */
public final class CompactJws {

	/** The value of each base64url character (RFC 4648 §5), -1 for any other. */
	private static final byte[] BASE64URL = base64UrlValues();

	private CompactJws() {
	}

	/**
	 * Three non-empty segments in canonical base64url (the signature may be empty only to
	 * be refused later): the alphabet of RFC 4648 §5 without padding, no segment of a
	 * length that is 1 modulo 4, and no bit set in the unused low bits of a segment's
	 * last character. So a token has exactly one spelling: a variant that decodes to the
	 * same bytes is refused, and a cache keyed by the exact text can only hold a token
	 * that passed this check. A cheap check before anything is parsed, so garbage costs
	 * almost nothing.
	 * @param token the token text
	 * @return {@code true} if it has the shape of a compact JWS in canonical base64url
	 * whose header is a JSON object
	 */
	public static boolean isCanonical(String token) {
		int dots = 0;
		int segmentStart = 0;
		int length = token.length();
		for (int i = 0; i < length; i++) {
			char c = token.charAt(i);
			if (c == '.') {
				if (i == segmentStart || ++dots > 2 || !canonicalEnd(token, segmentStart, i)) {
					return false;
				}
				segmentStart = i + 1;
			}
			else if (c >= 128 || BASE64URL[c] < 0) {
				return false;
			}
		}
		// a JSON object header starts with '{' (base64url "ey")
		return dots == 2 && canonicalEnd(token, segmentStart, length) && token.startsWith("ey");
	}

	/**
	 * Whether the segment {@code [start, end)} ends canonically: 2 or 3 characters in its
	 * last group leave 4 or 2 bits unused, which must be zero; 1 character cannot encode
	 * a byte.
	 * @param token the token text
	 * @param start the segment's first index
	 * @param end the index after the segment
	 * @return {@code true} if the segment's length and last character are canonical
	 */
	private static boolean canonicalEnd(String token, int start, int end) {
		return switch ((end - start) & 3) {
			case 0 -> true;
			case 2 -> (BASE64URL[token.charAt(end - 1)] & 0x0F) == 0;
			case 3 -> (BASE64URL[token.charAt(end - 1)] & 0x03) == 0;
			default -> false;
		};
	}

	private static byte[] base64UrlValues() {
		byte[] values = new byte[128];
		Arrays.fill(values, (byte) -1);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		for (int i = 0; i < alphabet.length(); i++) {
			values[alphabet.charAt(i)] = (byte) i;
		}
		return values;
	}

}
