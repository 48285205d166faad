package io.github.jwtauth.resourceserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A resource server that accepts the access tokens of jwt-auth-sample. It has no users
 * and no keys of its own: {@code jwt.auth.jwk-set-uri} alone makes the starter verify
 * tokens with the issuer's published public keys, and issue none.
 */
@SpringBootApplication
public class ResourceServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ResourceServerApplication.class, args);
	}

}
