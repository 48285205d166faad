package io.github.jwtauth.resourceserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resource server's API: every request needs a valid access token of the issuer.
 */
@RestController
@RequestMapping("/api")
class MeController {

	static final String SERVICE = "resource-server-sample";

	@GetMapping("/me")
	Map<String, Object> me(Authentication authentication) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("service", SERVICE);
		body.put("subject", authentication.getName());
		body.put("authorities", authorities(authentication));
		return body;
	}

	private static List<String> authorities(Authentication authentication) {
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
	}

}
