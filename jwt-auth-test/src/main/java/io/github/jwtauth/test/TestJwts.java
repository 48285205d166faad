package io.github.jwtauth.test;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

/**
 * Signs arbitrary JWTs with any key: tokens of another issuer, and deliberately bad ones
 * (wrong audience, foreign key, missing claims…) to prove they are refused. For a valid
 * token of the application under test, use {@link AccessTokens}, which signs with the
 * application's own key and claims. <pre>{@code
 * JWTClaimsSet claims = TestJwts.claims("alice", Instant.now()).audience("someone-else").build();
 * String token = TestJwts.sign(key, TestJwts.header(JWSAlgorithm.RS256, keyId).build(), claims);
 * }</pre>
 */
public final class TestJwts {

	/**
	 * The issuer and audience jwt-auth uses when none is configured.
	 */
	public static final String DEFAULT_ISSUER = "jwt-auth";

	private static final DefaultJWSSignerFactory SIGNERS = new DefaultJWSSignerFactory();

	private TestJwts() {
	}

	/**
	 * Claims that jwt-auth's default settings accept: issuer and audience
	 * {@code jwt-auth}, issued and valid from {@code now}, expiring 5 minutes later, a
	 * fresh {@code jti}, and {@code roles: [ROLE_USER]}.
	 * @param subject the subject
	 * @param now the issue time
	 * @return a claims builder to change
	 */
	public static JWTClaimsSet.Builder claims(String subject, Instant now) {
		return new JWTClaimsSet.Builder().issuer(DEFAULT_ISSUER)
			.subject(subject)
			.audience(List.of(DEFAULT_ISSUER))
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString())
			.claim("roles", List.of("ROLE_USER"));
	}

	/**
	 * A header with {@code typ: at+jwt} (RFC 9068), as jwt-auth writes and requires.
	 * @param algorithm the algorithm
	 * @param keyId the key ID, or {@code null} for none
	 * @return a header builder to change
	 */
	public static JWSHeader.Builder header(JWSAlgorithm algorithm, @Nullable String keyId) {
		return new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt")).keyID(keyId);
	}

	/**
	 * Sign claims under a header with a private RSA or EC key, or an HMAC secret.
	 * @param key the key
	 * @param header the header (its algorithm decides the signature)
	 * @param claims the claims
	 * @return the compact token
	 */
	public static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
		try {
			JWSSigner signer = SIGNERS.createJWSSigner(key, header.getAlgorithm());
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign the test token", ex);
		}
	}

	/**
	 * Sign claims under a header with raw HMAC secret bytes.
	 * @param secret the secret
	 * @param header the header
	 * @param claims the claims
	 * @return the compact token
	 */
	public static String sign(byte[] secret, JWSHeader header, JWTClaimsSet claims) {
		return sign(new OctetSequenceKey.Builder(secret).build(), header, claims);
	}

}
