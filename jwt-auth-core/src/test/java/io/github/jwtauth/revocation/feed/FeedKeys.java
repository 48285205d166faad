package io.github.jwtauth.revocation.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.token.LocalJwsVerifierResolver;

/**
 * Keys shared by the feed tests: the issuer's, and another with the same key ID.
 */
final class FeedKeys {

	static final String ISSUER = "https://issuer.example";

	static final SigningKey ISSUER_KEY = SigningKey.rsa("feed-key", JWSAlgorithm.RS256, generate());

	static final SigningKey OTHER_KEY = SigningKey.rsa("feed-key", JWSAlgorithm.RS256, generate());

	private FeedKeys() {
	}

	static LocalJwsVerifierResolver issuerVerifiers() {
		return new LocalJwsVerifierResolver(List.of(ISSUER_KEY.verificationKey()));
	}

	static RevocationFeedVerifier verifier(Clock clock) {
		return new RevocationFeedVerifier(issuerVerifiers(), ISSUER, Duration.ofSeconds(30), Duration.ofSeconds(30),
				clock);
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
