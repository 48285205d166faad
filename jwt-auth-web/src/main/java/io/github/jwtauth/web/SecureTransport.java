package io.github.jwtauth.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * The "HTTPS, always" rule for requests that carry a credential: a bearer token, a
 * password or a refresh token may only travel over HTTPS, or over plain HTTP from this
 * very machine (loopback: {@code 127.0.0.0/8}, {@code ::1}), for development.
 * <p>
 * The decision uses what the Servlet container says:
 * {@link HttpServletRequest#isSecure()} and {@link HttpServletRequest#getRemoteAddr()}.
 * Behind a proxy that terminates TLS, the application must let the container read the
 * proxy's headers (Spring Boot's {@code server.forward-headers-strategy=native} or
 * {@code framework}); without that, {@code X-Forwarded-Proto} and the like are never
 * trusted. A loopback request that still carries {@code Forwarded},
 * {@code X-Forwarded-For} or {@code X-Forwarded-Proto} came through a proxy whose headers
 * nobody processed: it is not counted as local, since the client behind that proxy may be
 * anywhere.
 * <p>
 * A refusal is never a redirect (which would make the client send the credential again,
 * and the first one has already crossed the network in clear): it is 400
 * {@code invalid_request} with the description {@value #DESCRIPTION}, with an RFC 6750
 * {@code WWW-Authenticate: Bearer error="invalid_request"} challenge when the request
 * carried an {@code Authorization} header.
 */
public final class SecureTransport {

	/**
	 * The error description of a refusal.
	 */
	public static final String DESCRIPTION = "HTTPS is required";

	private SecureTransport() {
	}

	/**
	 * Whether a credential may be accepted from this request: it came over HTTPS (as the
	 * container sees it), or directly from loopback.
	 * @param request the request
	 * @return {@code true} when it may
	 */
	public static boolean isAcceptable(HttpServletRequest request) {
		return request.isSecure() || isLocal(request);
	}

	/**
	 * Whether a request came directly from this machine: a loopback remote address and no
	 * unprocessed forwarding header.
	 * @param request the request
	 * @return {@code true} when it did
	 */
	public static boolean isLocal(HttpServletRequest request) {
		return isLoopback(request.getRemoteAddr()) && request.getHeader("Forwarded") == null
				&& request.getHeader("X-Forwarded-For") == null && request.getHeader("X-Forwarded-Proto") == null;
	}

	/**
	 * Whether a textual IP address is a loopback address: IPv4 {@code 127.0.0.0/8} or
	 * IPv6 {@code ::1} (in any of the forms containers write). Host names are not
	 * resolved and never count.
	 * @param address the address, or {@code null}
	 * @return {@code true} for a loopback address
	 */
	public static boolean isLoopback(@Nullable String address) {
		if (address == null) {
			return false;
		}
		if (address.startsWith("127.")) {
			return isIpv4(address);
		}
		return address.equals("0:0:0:0:0:0:0:1") || address.equals("::1") || address.equals("[::1]")
				|| address.equals("[0:0:0:0:0:0:0:1]");
	}

	private static boolean isIpv4(String address) {
		int dots = 0;
		int digits = 0;
		int value = 0;
		for (int i = 0; i < address.length(); i++) {
			char c = address.charAt(i);
			if (c == '.') {
				if (digits == 0) {
					return false;
				}
				dots++;
				digits = 0;
				value = 0;
			}
			else if (c >= '0' && c <= '9') {
				value = value * 10 + (c - '0');
				digits++;
				if (digits > 3 || value > 255) {
					return false;
				}
			}
			else {
				return false;
			}
		}
		return dots == 3 && digits > 0;
	}

	/**
	 * Answer a refused request: 400 {@code invalid_request}, {@value #DESCRIPTION}, with
	 * a {@code WWW-Authenticate} challenge when the request carried an
	 * {@code Authorization} header.
	 * @param request the request
	 * @param response the response
	 * @param realm the realm of the challenge, or {@code null}
	 * @throws IOException on I/O failure
	 */
	public static void refuse(HttpServletRequest request, HttpServletResponse response, @Nullable String realm)
			throws IOException {
		if (request.getHeader("Authorization") != null) {
			response.setHeader("WWW-Authenticate", BearerChallenge.of(realm, "invalid_request", DESCRIPTION));
		}
		JsonErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, "invalid_request", DESCRIPTION);
	}

}
