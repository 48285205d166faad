package io.github.jwtauth.revocation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one revocation covers: never more than the token, its session or, for the caller's
 * own logout only, its subject.
 */
class TokenRevocationServiceTests {

	private final Instant now = Instant.parse("2026-01-01T10:00:00Z");

	private final Clock clock = Clock.fixed(this.now, ZoneOffset.UTC);

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private final TokenRevocationService service = TokenRevocationService
		.builder(this.registry, new InMemoryRevocationStore())
		.clock(this.clock)
		.build();

	private Jwt token(String subject, @Nullable String jti, @Nullable String sid) {
		Jwt.Builder builder = Jwt.withTokenValue("t-" + subject + "-" + jti)
			.header("alg", "HS256")
			.subject(subject)
			.issuedAt(this.now.minus(1, ChronoUnit.MINUTES))
			.expiresAt(this.now.plus(9, ChronoUnit.MINUTES));
		if (jti != null) {
			builder.jti(jti);
		}
		if (sid != null) {
			builder.claim("sid", sid);
		}
		return builder.build();
	}

	@Test
	void revokingATokenWithJtiRevokesThatTokenOnly() {
		Jwt revoked = token("alice", "jti-1", null);
		assertThat(this.service.revokeAccessToken(revoked)).isTrue();
		assertThat(this.registry.isRevoked(revoked)).isTrue();
		assertThat(this.registry.isRevoked(token("alice", "jti-2", null))).isFalse();
		assertThat(this.registry.isRevoked(token("alice", null, "s1"))).isFalse();
	}

	@Test
	void revokingATokenWithoutJtiRevokesNothingAndNeverTheWholeSubject() {
		Jwt withoutJti = token("alice", null, null);
		assertThat(this.service.revokeAccessToken(withoutJti)).isFalse();
		// before: every token of alice was cut off by anyone holding one jti-less token
		assertThat(this.registry.isRevoked(token("alice", "other", "s1"))).isFalse();
		assertThat(this.registry.isRevoked(token("alice", null, null))).isFalse();
	}

	@Test
	void logoutWithATokenOfNeitherSessionNorJtiEndsItsSubjectsTokens() {
		// the caller authenticated with this token: the only way to end it is the subject
		this.service.revokeSessionOf(token("alice", null, null), "logout");
		assertThat(this.registry.isRevoked(token("alice", null, null))).isTrue();
		assertThat(this.registry.isRevoked(token("bob", null, null))).isFalse();
	}

	@Test
	void logoutWithASessionEndsTheSessionOnly() {
		this.service.revokeSessionOf(token("alice", "jti-1", "s1"), "logout");
		assertThat(this.registry.isRevoked(token("alice", "jti-9", "s1"))).isTrue();
		assertThat(this.registry.isRevoked(token("alice", "jti-2", "s2"))).isFalse();
	}

}
