package io.github.jwtauth.web.endpoint;

import java.time.Duration;
import java.util.Map;

import io.github.jwtauth.keys.JwtKeySet;

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

	private final Map<String, Object> body;

	private final CacheControl cacheControl;

	/**
	 * Create the endpoint.
	 * @param keys the key set
	 * @param maxAge the Cache-Control max-age
	 */
	public JwksEndpoint(JwtKeySet keys, Duration maxAge) {
		this.body = keys.publicJwkSet().toJSONObject(true);
		this.cacheControl = CacheControl.maxAge(maxAge).cachePublic();
	}

	@GetMapping(path = "${jwt.auth.endpoints.jwks-path:/.well-known/jwks.json}",
			produces = { "application/jwk-set+json", MediaType.APPLICATION_JSON_VALUE })
	ResponseEntity<Map<String, Object>> jwks() {
		return ResponseEntity.ok().cacheControl(this.cacheControl).body(this.body);
	}

}
