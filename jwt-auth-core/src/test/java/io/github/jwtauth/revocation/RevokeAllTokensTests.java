package io.github.jwtauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.jwtauth.revocation.RevocationEntry.Kind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Logout everywhere" with instances whose clocks disagree: each session of the user is
 * revoked by its ID (no clock involved), the cut-off comes from the store's clock and is
 * compared with {@code iat} at one-second resolution, widened by the clock skew in the
 * safe direction.
 */
class RevokeAllTokensTests {

	private static final Duration SKEW = Duration.ofSeconds(30);

	/** The store's clock when the logout-all happens: half a second into a second. */
	private final Instant storeNow = Instant.parse("2026-11-28T12:00:00.500Z");

	private final Sessions sessions = new Sessions();

	private final TimedStore store = new TimedStore(this.storeNow);

	/** This instance's clock: far from the store's, which must not matter. */
	private final Clock instanceClock = Clock.fixed(this.storeNow.minusSeconds(3600), ZoneOffset.UTC);

	private final RevocationRegistry registry = new RevocationRegistry(Clock.fixed(this.storeNow, ZoneOffset.UTC), SKEW,
			true);

	private final TokenRevocationService service = TokenRevocationService.builder(this.registry, this.store)
		.sessions(this.sessions)
		.clockSkew(SKEW)
		.clock(this.instanceClock)
		.build();

	@Test
	void aTokenIssuedBeforeTheLogoutAllByAnInstanceWhoseClockRunsAheadIsRefused() {
		String sid = this.sessions.open("alice");
		// issued before the logout, but its iat (clock 20 s ahead) is after the cut-off
		Jwt token = token("alice", sid, this.storeNow.minusMillis(100).plusSeconds(20));
		assertThat(this.registry.isRevoked(token)).isFalse();
		this.service.revokeAllTokens("alice", "test");
		assertThat(this.registry.isRevoked(token)).isTrue();
	}

	@Test
	void aTokenIssuedAfterTheLogoutAllByAnInstanceWhoseClockRunsBehindIsAccepted() {
		this.sessions.open("alice");
		this.service.revokeAllTokens("alice", "test");
		// a new login after the logout, on an instance 20 s behind: iat before the
		// cut-off
		String sid = this.sessions.open("alice");
		Jwt token = token("alice", sid, this.storeNow.plusMillis(100).minusSeconds(20));
		assertThat(this.registry.isRevoked(token)).isFalse();
	}

	@Test
	void aTokenIssuedInTheSameSecondRightAfterTheLogoutAllIsAccepted() {
		this.sessions.open("alice");
		this.service.revokeAllTokens("alice", "test");
		String sid = this.sessions.open("alice");
		Jwt token = token("alice", sid, this.storeNow.plusMillis(200));
		assertThat(token.getIssuedAt()).isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
		assertThat(this.registry.isRevoked(token)).isFalse();
	}

	@Test
	void aTokenIssuedInTheSameSecondRightBeforeTheLogoutAllIsRefused() {
		String sid = this.sessions.open("alice");
		Jwt token = token("alice", sid, this.storeNow.minusMillis(200));
		this.service.revokeAllTokens("alice", "test");
		assertThat(this.registry.isRevoked(token)).isTrue();
	}

	@Test
	void eachSessionIsRevokedByItsIdAndTheCutOffComesFromTheStoresClock() {
		String first = this.sessions.open("alice");
		String second = this.sessions.open("alice");
		List<String> revoked = this.service.revokeAllTokens("alice", "test");
		assertThat(revoked).containsExactly(first, second);
		assertThat(this.store.added).extracting(RevocationEntry::kind, RevocationEntry::value)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.SESSION, first),
					org.assertj.core.groups.Tuple.tuple(Kind.SESSION, second),
					org.assertj.core.groups.Tuple.tuple(Kind.SUBJECT, "alice"));
		assertThat(this.store.added).allSatisfy((entry) -> assertThat(entry.cutoff()).isEqualTo(this.storeNow));
		// kept for the access-token lifetime (10 minutes by default) plus the skew twice:
		// a token issued before the cut-off by an instance one skew ahead carries an iat
		// (and exp) one skew late, and is accepted up to one skew past its exp
		assertThat(this.store.added)
			.allSatisfy((entry) -> assertThat(entry.expiresAt()).isEqualTo(this.storeNow.plusSeconds(660)));
	}

	@Test
	void aTokenOfASessionTheStoreNoLongerKnewIsRefusedIfIssuedClearlyBefore() {
		// an expired or dropped session is not among those revoked by ID
		Jwt token = token("alice", "forgotten-session", this.storeNow.minus(SKEW).minusSeconds(1));
		this.service.revokeAllTokens("alice", "test");
		assertThat(this.registry.isRevoked(token)).isTrue();
	}

	@Test
	void aTokenWithoutSidIsRefusedUpToTheClockSkewAfterTheCutOff() {
		Jwt aheadBefore = token("alice", null, this.storeNow.minusMillis(100).plusSeconds(20));
		this.service.revokeAllTokens("alice", "test");
		assertThat(this.registry.isRevoked(aheadBefore)).isTrue();
		// no session to tell a token of the same second apart: refused (the safe side)
		assertThat(this.registry.isRevoked(token("alice", null, this.storeNow.plusMillis(200)))).isTrue();
		assertThat(this.registry.isRevoked(token("alice", null, this.storeNow.plus(SKEW)))).isTrue();
		assertThat(this.registry.isRevoked(token("alice", null, this.storeNow.plus(SKEW).plusSeconds(1)))).isFalse();
	}

	@Test
	void anotherIssuersSidGetsTheStrictRule() {
		RevocationRegistry foreign = new RevocationRegistry(Clock.fixed(this.storeNow, ZoneOffset.UTC), SKEW, false);
		TokenRevocationService service = TokenRevocationService.builder(foreign, this.store)
			.clockSkew(SKEW)
			.clock(this.instanceClock)
			.build();
		service.revokeAllTokens("alice", "test");
		assertThat(foreign.isRevoked(token("alice", "their-sid", this.storeNow.plusSeconds(20)))).isTrue();
		assertThat(foreign.isRevoked(token("alice", "their-sid", this.storeNow.plus(SKEW).plusSeconds(1)))).isFalse();
	}

	@Test
	void withoutAStoreClockTheInstancesClockIsUsed() {
		Clock clock = Clock.fixed(this.storeNow, ZoneOffset.UTC);
		InMemoryRevocationStore memory = new InMemoryRevocationStore();
		RevocationRegistry registry = new RevocationRegistry(clock, SKEW, true);
		TokenRevocationService service = TokenRevocationService.builder(registry, memory).clock(clock).build();
		service.revokeAllTokens("alice", "test");
		assertThat(memory.findActive(this.storeNow)).singleElement()
			.satisfies((entry) -> assertThat(entry.cutoff()).isEqualTo(this.storeNow));
	}

	@Test
	void otherSubjectsAreNotAffected() {
		this.service.revokeAllTokens("alice", "test");
		assertThat(this.registry.isRevoked(token("bob", null, this.storeNow.minusSeconds(60)))).isFalse();
	}

	private static Jwt token(String subject, @Nullable String sid, Instant issuedAt) {
		Instant iat = Instant.ofEpochSecond(issuedAt.getEpochSecond());
		Jwt.Builder builder = Jwt.withTokenValue("token")
			.header("alg", "HS256")
			.subject(subject)
			.jti(UUID.randomUUID().toString())
			.issuedAt(iat)
			.expiresAt(iat.plusSeconds(600));
		if (sid != null) {
			builder.claim("sid", sid);
		}
		return builder.build();
	}

	/**
	 * The login sessions of the refresh-token store.
	 */
	static final class Sessions implements RevocableSessions {

		private final List<String[]> open = new ArrayList<>();

		String open(String subject) {
			String id = "sid-" + UUID.randomUUID();
			this.open.add(new String[] { subject, id });
			return id;
		}

		@Override
		public boolean revokeSession(String sessionId) {
			return this.open.removeIf((session) -> session[1].equals(sessionId));
		}

		@Override
		public List<String> revokeAllSessions(String subject) {
			List<String> ids = this.open.stream().filter((s) -> s[0].equals(subject)).map((s) -> s[1]).toList();
			this.open.removeIf((s) -> s[0].equals(subject));
			return ids;
		}

	}

	/**
	 * A shared store with a clock of its own.
	 */
	static final class TimedStore implements RevocationStore {

		final List<RevocationEntry> added = new ArrayList<>();

		private final Instant now;

		TimedStore(Instant now) {
			this.now = now;
		}

		@Override
		public void add(RevocationEntry entry) {
			this.added.add(entry);
		}

		@Override
		public List<RevocationEntry> findActive(Instant now) {
			return List.copyOf(this.added);
		}

		@Override
		public Instant currentTime() {
			return this.now;
		}

	}

}
