package io.github.jwtauth.revocation.feed;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A position in the revocation log of one issuer instance: the instance's random ID (new
 * at every start) and a position in its log. Clients treat its text as opaque.
 *
 * @param instanceId the issuer instance that minted it
 * @param position the position in that instance's log
 */
record FeedCursor(String instanceId, long position) {

	private static final Pattern FORMAT = Pattern.compile("([A-Za-z0-9_-]{8,32})\\.([0-9]{1,18})");

	/**
	 * Parse a cursor.
	 * @param text the cursor as a client sent it
	 * @return the cursor
	 * @throws InvalidCursorException if it is not a cursor
	 */
	static FeedCursor parse(@Nullable String text) {
		if (text == null || text.length() > 64) {
			throw new InvalidCursorException("Invalid cursor");
		}
		Matcher matcher = FORMAT.matcher(text);
		if (!matcher.matches()) {
			throw new InvalidCursorException("Invalid cursor");
		}
		return new FeedCursor(matcher.group(1), Long.parseLong(matcher.group(2)));
	}

	@Override
	public String toString() {
		return this.instanceId + "." + this.position;
	}

}
