package io.github.jwtauth.support;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule for URLs this application fetches security data from (a JWK Set, a revocation
 * feed): {@code https}, or plain {@code http} only to a loopback host ({@code localhost},
 * {@code 127.x.x.x}, {@code [::1]}); a host and no fragment.
 */
public final class RemoteUris {

	private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

	private RemoteUris() {
	}

	/**
	 * Whether a URL may serve security data.
	 * @param uri the URL
	 * @return {@code true} for {@code https}, or {@code http} to a loopback host
	 */
	public static boolean isHttpsOrLoopback(URI uri) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		String host = uri.getHost();
		if (host == null || uri.getRawFragment() != null) {
			return false;
		}
		if ("https".equals(scheme)) {
			return true;
		}
		return "http".equals(scheme) && isLoopback(host);
	}

	/**
	 * Whether a host is this machine's loopback: {@code localhost}, {@code 127.x.x.x} or
	 * {@code [::1]}.
	 * @param host the host, as {@link URI#getHost()} gives it
	 * @return {@code true} for a loopback host
	 */
	public static boolean isLoopback(String host) {
		return "localhost".equalsIgnoreCase(host) || "[::1]".equals(host) || "[0:0:0:0:0:0:0:1]".equals(host)
				|| LOOPBACK_IPV4.matcher(host).matches();
	}

}
