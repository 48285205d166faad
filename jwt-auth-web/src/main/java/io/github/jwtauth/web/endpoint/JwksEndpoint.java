package io.github.jwtauth.web.endpoint;

import java.time.Duration;
import java.util.Map;

import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtKeySource;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /.well-known/jwks.json}: the public keys that verify this application's
 * tokens, the active key and the previous ones. Never an HMAC secret or a private part.
 */
@RestController
public class JwksEndpoint {

	private final JwtKeySource keys;

	private final CacheControl cacheControl;

	private volatile Published published;

	/**
	 * Create the endpoint.
	 * @param keys the key source; each answer publishes its current key set
	 * @param maxAge the Cache-Control max-age
	 */
	public JwksEndpoint(JwtKeySource keys, Duration maxAge) {
		this.keys = keys;
		JwtKeySet current = keys.current();
		this.published = new Published(current, current.publicJwkSet().toJSONObject(true));
		this.cacheControl = CacheControl.maxAge(maxAge).cachePublic();
	}

	@GetMapping(path = "${jwt.auth.endpoints.jwks-path:/.well-known/jwks.json}",
			produces = { "application/jwk-set+json", MediaType.APPLICATION_JSON_VALUE })
	ResponseEntity<Map<String, Object>> jwks() {
		JwtKeySet current = this.keys.current();
		Published published = this.published;
		if (published.keys() != current) {
			published = new Published(current, current.publicJwkSet().toJSONObject(true));
			this.published = published;
		}
		return ResponseEntity.ok().cacheControl(this.cacheControl).body(published.body());
	}

	private record Published(JwtKeySet keys, Map<String, Object> body) {
	}

}
