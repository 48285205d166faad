package io.github.jwtauth.autoconfigure.feed;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.web.JwtAuthClient;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An issuer whose keys are RSA, EC or Ed25519 and a resource server that follows its JWK
 * Set ({@code jwt.auth.jwk-set-uri}), both real applications on free ports: the resource
 * server accepts the issuer's tokens with the algorithm the issuer's key declares, and
 * refuses them when {@code jwt.auth.jwk-set-algorithms} does not list it.
 */
class JwkSetUriHttpTests {

	@ParameterizedTest
	@ValueSource(strings = { "ES256", "ES384", "ES512", "EdDSA", "RS256", "PS256" })
	void aResourceServerAcceptsTheTokensOfAnIssuerWithKeysOfAnyType(String algorithm) throws ParseException {
		try (FeedApplication.Running issuer = issuer(algorithm);
				FeedApplication.Running resourceServer = FeedApplication.resourceServer(issuer.port())) {
			String token = issuer.login("alice").field("access_token");
			assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo(algorithm);
			assertThat(resourceServer.me(token)).isEqualTo(200);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "ES256", "EdDSA" })
	void configuredAlgorithmsRefuseTheTokensOfAnother(String algorithm) {
		try (FeedApplication.Running issuer = issuer(algorithm);
				FeedApplication.Running resourceServer = FeedApplication.resourceServer(issuer.port(),
						"jwt.auth.jwk-set-algorithms=RS256,PS256")) {
			String token = issuer.login("alice").field("access_token");
			assertThat(resourceServer.me(token)).isEqualTo(401);
			assertThat(resourceServer.http().get("/api/me", token).field("error")).isEqualTo("invalid_token");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "ES256" })
	void anUnreachableJwkSetRefusesTokensWith401(String algorithm) {
		SigningKey key = SigningKey.of("k1", JWSAlgorithm.parse(algorithm), generate(algorithm));
		String token = JwtTokenService.withKeys(new JwtKeySet(key, List.of()))
			.issuer(TestJwts.DEFAULT_ISSUER)
			.audiences(List.of(TestJwts.DEFAULT_ISSUER))
			.build()
			.issue("alice", Set.of(new SimpleGrantedAuthority("ROLE_USER")), null)
			.tokenValue();
		// port 9 (discard) has no HTTP server on loopback
		try (FeedApplication.Running resourceServer = FeedApplication.resourceServer(9)) {
			assertThat(resourceServer.me(token)).isEqualTo(401);
			assertThat(resourceServer.http().get("/api/me", token).field("error")).isEqualTo("invalid_token");
		}
	}

	private static FeedApplication.Running issuer(String algorithm) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(FeedApplication.class, IssuerSigner.class)
			.properties("server.port=0", TestKeys.ISSUER, TestKeys.AUDIENCES,
					"jwt.auth.throttle.address-max-failures=1000", "test.signer.algorithm=" + algorithm,
					"spring.main.banner-mode=off")
			.run();
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		return new FeedApplication.Running(context, JwtAuthClient.forPort(port), port);
	}

	static JWK generate(String algorithm) {
		try {
			KeyPairGenerator generator;
			if (algorithm.startsWith("ES")) {
				generator = KeyPairGenerator.getInstance("EC");
				String bits = algorithm.equals("ES256") ? "256" : algorithm.equals("ES384") ? "384" : "521";
				generator.initialize(new ECGenParameterSpec("secp" + bits + "r1"));
			}
			else if (algorithm.equals("EdDSA")) {
				generator = KeyPairGenerator.getInstance("Ed25519");
			}
			else {
				generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
			}
			KeyPair pair = generator.generateKeyPair();
			return Jwks.privateJwk(pair.getPublic(), pair.getPrivate());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The issuer's signer: a fresh key of the algorithm the test names.
	 */
	@Configuration(proxyBeanMethods = false)
	static class IssuerSigner {

		@Bean
		JwtSigner issuerSigner(Environment environment) {
			String algorithm = environment.getRequiredProperty("test.signer.algorithm");
			return SigningKey.of("issuer-" + algorithm, JWSAlgorithm.parse(algorithm), generate(algorithm)).signer();
		}

	}

}
