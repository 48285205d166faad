package io.github.jwtauth.autoconfigure;

import java.util.Locale;

import io.github.jwtauth.revocation.TokenRevokedEvent;
import io.github.jwtauth.session.SessionCreatedEvent;
import io.github.jwtauth.session.SessionEndReason;
import io.github.jwtauth.session.SessionEndedEvent;
import io.github.jwtauth.session.SessionRefreshedEvent;
import io.github.jwtauth.token.AccessTokenIssuedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;

/**
 * Counts the life of tokens and sessions from the events the services publish: access
 * tokens issued ({@code jwt.auth.tokens.issued}, tag {@code dpop}), sessions created
 * ({@code jwt.auth.sessions.created}, tag {@code dpop}), refreshed
 * ({@code jwt.auth.sessions.refreshed}) and ended ({@code jwt.auth.sessions.ended}, tag
 * {@code reason}), refresh-token reuse detected ({@code jwt.auth.reuse.detected}) and
 * revocations ({@code jwt.auth.revocations}, tags {@code kind} and {@code reason}). Every
 * tag value comes from a fixed set; the events' subjects, token and session IDs are never
 * read.
 */
class TokenEventMetrics {

	private final Counter bearerIssued;

	private final Counter dpopIssued;

	private final Counter bearerSessions;

	private final Counter dpopSessions;

	private final Counter refreshed;

	private final Counter reuse;

	private final MeterRegistry registry;

	TokenEventMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.bearerIssued = issued(registry, false);
		this.dpopIssued = issued(registry, true);
		this.bearerSessions = created(registry, false);
		this.dpopSessions = created(registry, true);
		this.refreshed = Counter.builder("jwt.auth.sessions.refreshed")
			.description("Refresh tokens rotated: sessions refreshed")
			.register(registry);
		this.reuse = Counter.builder("jwt.auth.reuse.detected")
			.description("Spent refresh tokens presented again: sessions ended for reuse")
			.register(registry);
	}

	private static Counter issued(MeterRegistry registry, boolean dpop) {
		return Counter.builder("jwt.auth.tokens.issued")
			.description("Access tokens issued, at login and refresh")
			.tag("dpop", String.valueOf(dpop))
			.register(registry);
	}

	private static Counter created(MeterRegistry registry, boolean dpop) {
		return Counter.builder("jwt.auth.sessions.created")
			.description("Login sessions started: successful logins")
			.tag("dpop", String.valueOf(dpop))
			.register(registry);
	}

	@EventListener
	void issued(AccessTokenIssuedEvent event) {
		(event.dpopBound() ? this.dpopIssued : this.bearerIssued).increment();
	}

	@EventListener
	void created(SessionCreatedEvent event) {
		(event.dpopBound() ? this.dpopSessions : this.bearerSessions).increment();
	}

	@EventListener
	void refreshed(SessionRefreshedEvent event) {
		this.refreshed.increment();
	}

	@EventListener
	void ended(SessionEndedEvent event) {
		SessionEndReason reason = event.reason();
		Counter.builder("jwt.auth.sessions.ended")
			.description("Login sessions ended, by reason")
			.tag("reason", reason.code())
			.register(this.registry)
			.increment();
		if (reason == SessionEndReason.REUSE_DETECTED) {
			this.reuse.increment();
		}
	}

	@EventListener
	void revoked(TokenRevokedEvent event) {
		Counter.builder("jwt.auth.revocations")
			.description("Revocations recorded, by kind: one token, a session, every token of a user")
			.tag("kind", event.kind().name().toLowerCase(Locale.ROOT))
			.tag("reason", SessionEndReason.of(event.reason()).code())
			.register(this.registry)
			.increment();
	}

}
