package io.github.jwtauth.revocation.feed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.SubjectHash;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published form of subjects, and a registry that matches it.
 */
class SubjectHashTests {

	@Test
	void isBase64UrlOfSha256OfIssuerNulSubject() throws Exception {
		byte[] expected = MessageDigest.getInstance("SHA-256")
			.digest("https://issuer\u0000alice".getBytes(StandardCharsets.UTF_8));
		assertThat(SubjectHash.of("https://issuer", "alice"))
			.isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected))
			.hasSize(43)
			.doesNotContain("alice");
		assertThat(SubjectHash.of("https://other", "alice")).isNotEqualTo(SubjectHash.of("https://issuer", "alice"));
		// the separator keeps issuer and subject apart
		assertThat(SubjectHash.of("ab", "c")).isNotEqualTo(SubjectHash.of("a", "bc"));
	}

	@Test
	void aRegistryWithHashedSubjectsMatchesTheTokensSubjectByItsHash() {
		Instant now = Instant.now();
		RevocationRegistry registry = new RevocationRegistry(Clock.systemUTC(), Duration.ZERO, false, "iss-1");
		registry.apply(new RevocationEntry(Kind.SUBJECT, SubjectHash.of("iss-1", "alice"), now.plusSeconds(5),
				now.plusSeconds(600)));
		assertThat(registry.isRevoked(token("alice", now))).isTrue();
		assertThat(registry.isRevoked(token("bob", now))).isFalse();
		// a registry without the option compares subjects as they are
		RevocationRegistry plain = new RevocationRegistry(Clock.systemUTC());
		plain.apply(new RevocationEntry(Kind.SUBJECT, SubjectHash.of("iss-1", "alice"), now.plusSeconds(5),
				now.plusSeconds(600)));
		assertThat(plain.isRevoked(token("alice", now))).isFalse();
	}

	private static Jwt token(String subject, Instant issuedAt) {
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject(subject)
			.jti("jti-" + subject)
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(600))
			.build();
	}

}
