package io.github.jwtauth.session;

import org.jspecify.annotations.Nullable;

/**
 * Who used a login session: the {@code User-Agent} and client address of a login or a
 * refresh. Both are personal data: they are recorded only where the application asks for
 * it ({@code jwt.auth.sessions.record-client-details}), erased by the stores when the
 * session ends, and deleted with the session's records once it has expired. The user
 * agent is cut to {@value #MAX_USER_AGENT_LENGTH} characters and stripped of control
 * characters; an address longer than {@value #MAX_ADDRESS_LENGTH} characters is dropped.
 *
 * @param userAgent the user agent, or {@code null}
 * @param address the client address, or {@code null}
 */
public record ClientDetails(@Nullable String userAgent, @Nullable String address) {

	/**
	 * The longest user agent kept.
	 */
	public static final int MAX_USER_AGENT_LENGTH = 256;

	/**
	 * The longest client address kept (an IPv6 address with a zone fits).
	 */
	public static final int MAX_ADDRESS_LENGTH = 64;

	/**
	 * Nothing recorded.
	 */
	public static final ClientDetails NONE = new ClientDetails(null, null);

	/**
	 * Details cleaned for storage.
	 * @param userAgent the user agent, or {@code null}
	 * @param address the client address, or {@code null}
	 */
	public ClientDetails(@Nullable String userAgent, @Nullable String address) {
		this.userAgent = clean(userAgent, MAX_USER_AGENT_LENGTH, true);
		this.address = clean(address, MAX_ADDRESS_LENGTH, false);
	}

	/**
	 * Whether nothing is recorded.
	 * @return {@code true} when both are absent
	 */
	public boolean isEmpty() {
		return this.userAgent == null && this.address == null;
	}

	private static @Nullable String clean(@Nullable String value, int maxLength, boolean truncate) {
		if (value == null) {
			return null;
		}
		StringBuilder cleaned = new StringBuilder(Math.min(value.length(), maxLength));
		for (int i = 0; i < value.length() && cleaned.length() < maxLength + 1; i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && c < 0x7f) {
				cleaned.append(c);
			}
		}
		String result = cleaned.toString().strip();
		if (result.length() > maxLength) {
			if (!truncate) {
				return null;
			}
			result = result.substring(0, maxLength).strip();
		}
		return result.isEmpty() ? null : result;
	}

}
