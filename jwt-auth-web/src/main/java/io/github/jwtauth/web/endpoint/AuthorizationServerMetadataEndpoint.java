package io.github.jwtauth.web.endpoint;

import java.time.Duration;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /.well-known/oauth-authorization-server[/issuer path]}: this issuer's
 * authorization-server metadata (RFC 8414 §3), public and cacheable. The document is the
 * same for every request: it is built from the configured issuer, never from the
 * request's {@code Host}. Served only at the one path RFC 8414 §3.1 derives from the
 * issuer ({@link AuthorizationServerMetadata#getPath()}); any other path under the
 * well-known prefix is 404.
 */
@RestController
public class AuthorizationServerMetadataEndpoint {

	private final AuthorizationServerMetadata metadata;

	private final CacheControl cacheControl;

	/**
	 * Create the endpoint.
	 * @param metadata the metadata
	 * @param maxAge the Cache-Control max-age
	 */
	public AuthorizationServerMetadataEndpoint(AuthorizationServerMetadata metadata, Duration maxAge) {
		Assert.notNull(metadata, "metadata must not be null");
		Assert.isTrue(maxAge != null && !maxAge.isNegative(), "maxAge must not be negative");
		this.metadata = metadata;
		this.cacheControl = CacheControl.maxAge(maxAge).cachePublic();
	}

	/**
	 * The metadata this endpoint serves.
	 * @return the metadata
	 */
	public AuthorizationServerMetadata getMetadata() {
		return this.metadata;
	}

	/**
	 * Where the metadata is served within the application.
	 * @return the path
	 */
	public String getPath() {
		return this.metadata.getPath();
	}

	@GetMapping(path = AuthorizationServerMetadata.WELL_KNOWN_PATH + "/**", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> metadata(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!path.equals(this.metadata.getPath())) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok().cacheControl(this.cacheControl).body(this.metadata.getMembers());
	}

}
