package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.web.endpoint.LoginFailedEvent;
import io.github.jwtauth.web.endpoint.LoginThrottledEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;

/**
 * Counts refused logins from the login endpoint's events: {@code jwt.auth.logins.failed}
 * (tag {@code reason}: the type of the authentication exception, for example
 * {@code BadCredentialsException}) and {@code jwt.auth.logins.throttled} (refused while
 * the account or the address is in back-off). The user name the events carry is never
 * read.
 */
class LoginEventMetrics {

	private final MeterRegistry registry;

	private final Counter throttled;

	LoginEventMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.throttled = Counter.builder("jwt.auth.logins.throttled")
			.description("Logins refused while the account or the client address is in back-off")
			.register(registry);
	}

	@EventListener
	void failed(LoginFailedEvent event) {
		String reason = event.reason();
		Counter.builder("jwt.auth.logins.failed")
			.description("Logins refused for their credentials, by the type of the refusal")
			.tag("reason", isTypeName(reason) ? reason : "other")
			.register(this.registry)
			.increment();
	}

	@EventListener
	void throttled(LoginThrottledEvent event) {
		this.throttled.increment();
	}

	/**
	 * Whether the reason is a Java simple class name, as the endpoint writes it (never
	 * anything a client sent).
	 * @param reason the reason
	 * @return {@code true} for a plain identifier of at most 100 characters
	 */
	private static boolean isTypeName(String reason) {
		if (reason.isEmpty() || reason.length() > 100 || !Character.isJavaIdentifierStart(reason.charAt(0))) {
			return false;
		}
		for (int i = 1; i < reason.length(); i++) {
			if (!Character.isJavaIdentifierPart(reason.charAt(i))) {
				return false;
			}
		}
		return true;
	}

}
