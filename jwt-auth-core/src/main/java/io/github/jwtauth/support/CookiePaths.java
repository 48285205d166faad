package io.github.jwtauth.support;

/**
 * Cookie path rules (RFC 6265 §5.1.4), shared by the refresh-token cookie, the check of
 * its configuration and what the Actuator endpoint reports of it.
 */
public final class CookiePaths {

	private CookiePaths() {
	}

	/**
	 * Whether a browser sends a cookie of a path with a request of another (RFC 6265
	 * §5.1.4).
	 * @param requestPath the request path
	 * @param cookiePath the cookie path
	 * @return {@code true} if the request path is within the cookie path
	 */
	public static boolean isWithin(String requestPath, String cookiePath) {
		return requestPath.equals(cookiePath) || (requestPath.startsWith(cookiePath)
				&& (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/'));
	}

	/**
	 * The longest path, segment by segment, that both paths are in: the narrowest cookie
	 * path a browser sends with requests of both.
	 * @param a a path
	 * @param b another path
	 * @return their common parent, {@code /} at least
	 */
	public static String commonParent(String a, String b) {
		String[] left = a.split("/");
		String[] right = b.split("/");
		StringBuilder common = new StringBuilder();
		for (int i = 1; i < Math.min(left.length, right.length) && left[i].equals(right[i])
				&& !left[i].isEmpty(); i++) {
			common.append('/').append(left[i]);
		}
		return (common.length() > 0) ? common.toString() : "/";
	}

}
