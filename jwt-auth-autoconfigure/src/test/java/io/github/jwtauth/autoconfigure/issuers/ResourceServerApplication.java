package io.github.jwtauth.autoconfigure.issuers;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A resource server for the tests of several issuers: the starter and an API, on the
 * system clock (the issuers' JWK Sets expire in real time).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ResourceServerApplication {

	@RestController
	static class Api {

		@GetMapping("/api/me")
		Map<String, Object> me(Authentication authentication) {
			return Map.of("subject", authentication.getName(), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
		}

	}

}
