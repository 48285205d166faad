package io.github.jwtauth.revocation.feed;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.token.LocalJwsVerifierResolver;
import org.jspecify.annotations.Nullable;

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

	/**
	 * Re-sign a document with a claim set, replaced or removed.
	 * @param document a signed feed document
	 * @param name the claim
	 * @param value its value, or {@code null} to remove it
	 * @return the document signed again by the issuer's key
	 */
	static String withClaim(String document, String name, @Nullable Object value) {
		try {
			JWSObject jws = JWSObject.parse(document);
			Map<String, Object> claims = new LinkedHashMap<>(JSONObjectUtils.parse(jws.getPayload().toString()));
			if (value != null) {
				claims.put(name, value);
			}
			else {
				claims.remove(name);
			}
			JWSObject signed = new JWSObject(jws.getHeader(), new Payload(JSONObjectUtils.toJSONString(claims)));
			signed.sign(new RSASSASigner(ISSUER_KEY.jwk().toRSAKey()));
			return signed.serialize();
		}
		catch (ParseException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
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
