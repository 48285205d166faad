package io.github.jwtauth.revocation.feed;

import io.github.jwtauth.revocation.RevocationEntry.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The wire format of the revocation feed, shared by its writer and its reader.
 * <p>
 * A feed document is a compact JWS signed with the issuer's active (asymmetric) key,
 * header {@code typ} {@value #TYPE} (never an access token's {@code at+jwt}: neither can
 * pass for the other), served as {@value #MEDIA_TYPE}. Its payload: {@code iss},
 * {@code iat} (seconds), {@code since} (the cursor the client sent, or {@code null}),
 * {@code cursor} (the next one), {@code full} (whether it holds every live entry) and
 * {@code revocations}, an array of {@code {"k": "jti"|"sid"|"sub", "v": value, "c":
 * cutoff epoch ms, "e": expiresAt epoch ms}}; a {@code sub} value is the
 * {@link io.github.jwtauth.revocation.SubjectHash} of the subject.
 */
public final class RevocationFeed {

	/**
	 * The {@code typ} header of a feed document.
	 */
	public static final String TYPE = "revocations+jwt";

	/**
	 * The media type of a feed answer.
	 */
	public static final String MEDIA_TYPE = "application/jwt";

	/**
	 * The longest wait, in seconds, a client may ask for.
	 */
	public static final int MAX_WAIT_SECONDS = 30;

	private RevocationFeed() {
	}

	static String code(Kind kind) {
		return switch (kind) {
			case TOKEN -> "jti";
			case SESSION -> "sid";
			case SUBJECT -> "sub";
		};
	}

	static @Nullable Kind kind(@Nullable Object code) {
		if (!(code instanceof String string)) {
			return null;
		}
		return switch (string) {
			case "jti" -> Kind.TOKEN;
			case "sid" -> Kind.SESSION;
			case "sub" -> Kind.SUBJECT;
			default -> null;
		};
	}

}
