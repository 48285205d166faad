package io.github.jwtauth.dpop;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The HTTP target URI a proof's {@code htu} must name, normalised as RFC 9449 §4.3 asks
 * (RFC 3986 §6.2.2 syntax-based and §6.2.3 scheme-based normalisation) before comparing:
 * scheme and host in lower case, the default port dropped, an empty path as {@code /},
 * percent-encodings in upper case and those of unreserved characters decoded, dot
 * segments removed, query and fragment ignored.
 */
public final class TargetUri {

	private TargetUri() {
	}

	/**
	 * Whether a proof's {@code htu} names a request's target URI.
	 * @param htu the claim
	 * @param requestUri the request's absolute URI (scheme, host, port and path as the
	 * server sees them, behind a proxy as its forwarded headers say)
	 * @return {@code true} if both normalise to the same URI
	 */
	public static boolean matches(String htu, String requestUri) {
		if (htu.equals(requestUri)) {
			// the common case: nothing to normalise (the request URI is well formed)
			return normalize(htu) != null;
		}
		String normalized = normalize(htu);
		return normalized != null && normalized.equals(normalize(requestUri));
	}

	/**
	 * The normalised form of an absolute {@code http} or {@code https} URI without its
	 * query and fragment.
	 * @param uri the URI
	 * @return the normalised URI, or {@code null} if it is not an absolute HTTP(S) URI
	 * with a host (or carries user information)
	 */
	public static @Nullable String normalize(String uri) {
		URI parsed;
		try {
			parsed = new URI(uri);
		}
		catch (URISyntaxException ex) {
			return null;
		}
		if (!parsed.isAbsolute() || parsed.isOpaque() || parsed.getRawUserInfo() != null
				|| parsed.getRawAuthority() == null || parsed.getRawAuthority().indexOf('@') >= 0) {
			return null;
		}
		String host = parsed.getHost();
		int port = parsed.getPort();
		if (host == null) {
			// a registry-based authority, such as a host name with '_' (docker-compose
			// service names), which java.net.URI does not parse as a server
			String authority = parsed.getRawAuthority();
			int colon = authority.lastIndexOf(':');
			host = (colon >= 0) ? authority.substring(0, colon) : authority;
			try {
				port = (colon >= 0) ? Integer.parseInt(authority.substring(colon + 1)) : -1;
			}
			catch (NumberFormatException ex) {
				return null;
			}
			if (host.isEmpty() || host.indexOf('[') >= 0 || port < -1 || port > 65535) {
				return null;
			}
		}
		String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
		if ("https".equals(scheme)) {
			port = (port == 443) ? -1 : port;
		}
		else if ("http".equals(scheme)) {
			port = (port == 80) ? -1 : port;
		}
		else {
			return null;
		}
		String path = parsed.getRawPath();
		path = (path == null || path.isEmpty()) ? "/" : removeDotSegments(normalizePercentEncoding(path));
		StringBuilder normalized = new StringBuilder(uri.length()).append(scheme)
			.append("://")
			.append(host.toLowerCase(Locale.ROOT));
		if (port != -1) {
			normalized.append(':').append(port);
		}
		return normalized.append(path).toString();
	}

	private static String normalizePercentEncoding(String path) {
		if (path.indexOf('%') < 0) {
			return path;
		}
		StringBuilder out = new StringBuilder(path.length());
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '%' && i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2))) {
				int value = Character.digit(path.charAt(i + 1), 16) * 16 + Character.digit(path.charAt(i + 2), 16);
				if (isUnreserved((char) value)) {
					out.append((char) value);
				}
				else {
					out.append('%')
						.append(Character.toUpperCase(path.charAt(i + 1)))
						.append(Character.toUpperCase(path.charAt(i + 2)));
				}
				i += 2;
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean isUnreserved(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	/**
	 * RFC 3986 §5.2.4 for an absolute path.
	 * @param path the path, starting with {@code /}
	 * @return the path without {@code .} and {@code ..} segments
	 */
	private static String removeDotSegments(String path) {
		if (path.indexOf('.') < 0) {
			return path;
		}
		Deque<String> segments = new ArrayDeque<>();
		String[] parts = path.split("/", -1);
		// parts[0] is the empty string before the leading '/'
		for (int i = 1; i < parts.length; i++) {
			String segment = parts[i];
			boolean last = (i == parts.length - 1);
			if (".".equals(segment)) {
				if (last) {
					segments.addLast("");
				}
			}
			else if ("..".equals(segment)) {
				segments.pollLast();
				if (last) {
					segments.addLast("");
				}
			}
			else {
				segments.addLast(segment);
			}
		}
		return "/" + String.join("/", segments);
	}

}
