package io.github.jwtauth.web.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.jwtauth.refresh.LoginSessions;
import io.github.jwtauth.session.LoginSession;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own login sessions (an access token of the caller required):
 * <ul>
 * <li>{@code GET /auth/sessions}: the caller's live sessions, newest first:
 * {@code {"sessions": [{"id", "created_at", "last_used_at", "expires_at", "current",
 * "dpop_bound", "user_agent", "client_address"}]}}, times in ISO-8601, the user agent and
 * client address of the last use only where they are recorded, {@code current} for the
 * session of the calling token;</li>
 * <li>{@code DELETE /auth/sessions/{id}}: ends one of them, its refresh tokens and its
 * access tokens, at once and everywhere: 204; 404 {@code not_found} for a session that
 * does not exist, has ended or is another user's (the answers are the same, so nobody
 * learns another user's session IDs); 400 {@code invalid_request} for a malformed
 * ID;</li>
 * <li>{@code DELETE /auth/sessions/others}: ends every session of the caller but the
 * current one ("log out my other devices"): 204.</li>
 * </ul>
 * Every ended session is published as a {@code SessionEndedEvent} with the reason
 * {@code ENDED_BY_USER}.
 */
@RestController
public class SessionsEndpoint {

	private static final Pattern SESSION_ID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private final LoginSessions sessions;

	/**
	 * Create the endpoint.
	 * @param sessions the login sessions
	 */
	public SessionsEndpoint(LoginSessions sessions) {
		Assert.notNull(sessions, "sessions must not be null");
		this.sessions = sessions;
	}

	@GetMapping(path = "${jwt.auth.endpoints.sessions-path:/auth/sessions}")
	ResponseEntity<Map<String, Object>> list(Authentication authentication) {
		Jwt jwt = TokenEndpointSupport.jwt(authentication);
		Object current = jwt.getClaims().get("sid");
		List<Map<String, Object>> listed = new ArrayList<>();
		for (LoginSession session : this.sessions.list(jwt.getSubject())) {
			listed.add(describe(session, session.id().equals(current)));
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("sessions", listed));
	}

	@DeleteMapping(path = "${jwt.auth.endpoints.sessions-path:/auth/sessions}/others")
	ResponseEntity<Void> endOthers(Authentication authentication) {
		Jwt jwt = TokenEndpointSupport.jwt(authentication);
		Object current = jwt.getClaims().get("sid");
		this.sessions.endOthers(jwt.getSubject(), (current instanceof String sid) ? sid : null);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping(path = "${jwt.auth.endpoints.sessions-path:/auth/sessions}/{id}")
	ResponseEntity<Map<String, Object>> end(Authentication authentication, @PathVariable("id") String id) {
		Jwt jwt = TokenEndpointSupport.jwt(authentication);
		if (!SESSION_ID.matcher(id).matches()) {
			throw new TokenEndpointSupport.InvalidRequestException("Malformed session ID");
		}
		if (!this.sessions.end(jwt.getSubject(), id)) {
			return TokenEndpointSupport.error(HttpStatus.NOT_FOUND, "not_found", "No such session");
		}
		return ResponseEntity.noContent().build();
	}

	private static Map<String, Object> describe(LoginSession session, boolean current) {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("id", session.id());
		described.put("created_at", session.createdAt().toString());
		described.put("last_used_at", session.lastUsedAt().toString());
		described.put("expires_at", session.expiresAt().toString());
		described.put("current", current);
		described.put("dpop_bound", session.dpopBound());
		if (session.userAgent() != null) {
			described.put("user_agent", session.userAgent());
		}
		if (session.clientAddress() != null) {
			described.put("client_address", session.clientAddress());
		}
		return described;
	}

}
