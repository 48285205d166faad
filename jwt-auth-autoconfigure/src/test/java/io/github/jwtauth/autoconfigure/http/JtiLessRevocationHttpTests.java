package io.github.jwtauth.autoconfigure.http;

import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.autoconfigure.testapp.TestApplication;
import io.github.jwtauth.autoconfigure.testapp.TestKeys;
import io.github.jwtauth.test.TestJwts;
import io.github.jwtauth.test.web.JwtAuthClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7009 revocation is open to anyone holding a token: an unauthenticated caller with
 * an access token without {@code jti} must not cut off every token of its subject (it
 * once did: the jti-less fallback revoked the whole subject).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jwt.auth.signing.private-key-location=" + TestKeys.RSA_PRIVATE,
				"jwt.auth.issuer=https://issuer.test", "jwt.auth.audiences=api" })
class JtiLessRevocationHttpTests {

	@LocalServerPort
	int port;

	@Test
	void anUnauthenticatedRevocationOfAJtiLessTokenLeavesTheSubjectsOtherTokensAlone() {
		JwtAuthClient http = JwtAuthClient.forPort(this.port);
		String alice = http.login("alice", "alice-password").accessToken();
		String withoutJti = TestJwts.sign(TestKeys.rsa(),
				TestJwts.header(JWSAlgorithm.RS256, TestKeys.rsaKeyId()).build(),
				TestJwts.claims("alice", Instant.now())
					.issuer("https://issuer.test")
					.audience(List.of("api"))
					.jwtID(null)
					.build());
		JwtAuthClient.Response revoke = http.revoke(withoutJti);
		assertThat(revoke.status()).isEqualTo(200);
		assertThat(http.get("/api/me", alice).status()).isEqualTo(200);
		assertThat(http.login("alice", "alice-password").status()).isEqualTo(200);
	}

}
