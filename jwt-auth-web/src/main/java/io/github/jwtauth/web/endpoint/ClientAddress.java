package io.github.jwtauth.web.endpoint;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The client address of the current request, as the throttle counts it:
 * {@link HttpServletRequest#getRemoteAddr()}, which honours Spring Boot's
 * {@code server.forward-headers-strategy} (a forwarded address counts only when the
 * application trusts its proxy).
 */
final class ClientAddress {

	private ClientAddress() {
	}

	static String current() {
		if (RequestContextHolder.currentRequestAttributes() instanceof ServletRequestAttributes attributes) {
			String address = attributes.getRequest().getRemoteAddr();
			return (address != null) ? address : "unknown";
		}
		throw new IllegalStateException("Not in a servlet request");
	}

}
