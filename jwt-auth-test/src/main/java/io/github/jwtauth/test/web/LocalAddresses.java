package io.github.jwtauth.test.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * An address of this machine that is not loopback, for tests that must prove a request
 * from "elsewhere" is treated as such (for example that credentials over plain HTTP are
 * refused unless they come from loopback). The connection still never leaves the machine:
 * the kernel delivers it locally.
 */
public final class LocalAddresses {

	private LocalAddresses() {
	}

	/**
	 * The first non-loopback, non-link-local address of an interface that is up (IPv4
	 * first). Without one the calling test is skipped, or fails when the environment
	 * variable {@code CI} is {@code true}.
	 * @return the address
	 */
	public static InetAddress nonLoopback() {
		InetAddress address = find();
		if (address == null) {
			String message = "This machine has no non-loopback address";
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(message + " (CI=true: the test must not be skipped)");
			}
			Assumptions.abort(message);
		}
		return address;
	}

	/**
	 * A base URL of this machine on a non-loopback address.
	 * @param scheme {@code http} or {@code https}
	 * @param port the port
	 * @return the base URL, without a trailing slash
	 */
	public static String nonLoopbackBaseUrl(String scheme, int port) {
		InetAddress address = nonLoopback();
		String host = (address instanceof Inet6Address) ? "[" + address.getHostAddress() + "]"
				: address.getHostAddress();
		return scheme + "://" + host + ":" + port;
	}

	private static @Nullable InetAddress find() {
		InetAddress ipv6 = null;
		try {
			List<NetworkInterface> interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
			for (NetworkInterface networkInterface : interfaces) {
				if (!networkInterface.isUp() || networkInterface.isLoopback()) {
					continue;
				}
				for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
					if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
						continue;
					}
					if (address instanceof Inet4Address) {
						return address;
					}
					if (ipv6 == null) {
						ipv6 = strip((Inet6Address) address);
					}
				}
			}
		}
		catch (SocketException ex) {
			return null;
		}
		return ipv6;
	}

	private static InetAddress strip(Inet6Address address) {
		try {
			// without the scope (%eth0), which a URL cannot carry
			return InetAddress.getByAddress(address.getAddress());
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

}
