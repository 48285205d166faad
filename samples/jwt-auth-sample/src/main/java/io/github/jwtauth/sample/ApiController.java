package io.github.jwtauth.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample API.
 */
@RestController
@RequestMapping("/api")
class ApiController {

	@GetMapping("/public")
	Map<String, Object> publicEndpoint() {
		return Map.of("message", "Anyone can read this; no token needed.");
	}

	@GetMapping("/me")
	Map<String, Object> me(Authentication authentication, @AuthenticationPrincipal Jwt jwt) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("subject", authentication.getName());
		body.put("authorities", authorities(authentication));
		body.put("expiresAt", jwt.getExpiresAt());
		return body;
	}

	@GetMapping("/admin")
	@PreAuthorize("hasRole('ADMIN')")
	Map<String, Object> admin(Authentication authentication) {
		return Map.of("message", "Hello admin " + authentication.getName());
	}

	private static List<String> authorities(Authentication authentication) {
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
	}

}
