package io.github.jwtauth.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.jwtauth.SettableClock;
import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.LoginSession;
import io.github.jwtauth.session.SessionEndReason;
import io.github.jwtauth.session.SessionEndedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LoginSessions} on the in-memory store.
 */
class LoginSessionsTests {

	private final SettableClock clock = new SettableClock();

	private final InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(100_000);

	private final List<Object> events = new ArrayList<>();

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private final TokenRevocationService revocation = TokenRevocationService
		.builder(this.registry, new InMemoryRevocationStore())
		.sessions(this.store)
		.clock(this.clock)
		.eventPublisher(this.events::add)
		.build();

	private final LoginSessions sessions = new LoginSessions(this.revocation, this.store, this.clock);

	@Test
	void aUserFindsAndEndsOnlyTheirOwnSessions() {
		String alice = login("alice");
		String bob = login("bob");
		assertThat(this.sessions.find("alice", bob)).isEmpty();
		assertThat(this.sessions.end("alice", bob)).isFalse();
		assertThat(this.sessions.list("bob")).extracting(LoginSession::id).containsExactly(bob);
		assertThat(this.events).isEmpty();
		assertThat(this.sessions.end("alice", alice)).isTrue();
		assertThat(this.sessions.end("alice", alice)).isFalse();
		assertThat(this.sessions.list("alice")).isEmpty();
		assertThat(ended()).containsExactly(new SessionEndedEvent("alice", alice, SessionEndReason.ENDED_BY_USER,
				SessionEndReason.ENDED_BY_USER.code()));
	}

	@Test
	void endOthersEndsMoreThanOneListingHolds() {
		String kept = login("carol");
		for (int i = 0; i < RefreshTokenStore.MAX_LISTED_SESSIONS + 20; i++) {
			login("carol");
		}
		List<String> ended = this.sessions.endOthers("carol", kept);
		assertThat(ended).hasSize(RefreshTokenStore.MAX_LISTED_SESSIONS + 20).doesNotContain(kept);
		assertThat(this.sessions.list("carol")).extracting(LoginSession::id).containsExactly(kept);
		assertThat(ended()).hasSize(ended.size());
	}

	@Test
	void endAllEndsEverySessionForTheApplicationsReason() {
		String first = login("dave");
		String second = login("dave");
		assertThat(this.sessions.endAll("dave", "password-changed")).containsExactlyInAnyOrder(first, second);
		assertThat(this.sessions.list("dave")).isEmpty();
		assertThat(ended()).extracting(SessionEndedEvent::reason).containsOnly(SessionEndReason.APPLICATION);
		assertThat(ended()).extracting(SessionEndedEvent::detail).containsOnly("password-changed");
		// every access token of the user issued up to now is revoked, with or without sid
		assertThat(this.registry.isRevoked(accessToken("dave"))).isTrue();
	}

	@Test
	void withoutARefreshStoreNothingIsListedButEndAllStillRevokes() {
		LoginSessions noStore = new LoginSessions(this.revocation, null, this.clock);
		assertThat(noStore.list("erin")).isEmpty();
		assertThat(noStore.end("erin", UUID.randomUUID().toString())).isFalse();
		assertThat(noStore.endAll("erin", "account-locked")).isEmpty();
		assertThat(this.registry.isRevoked(accessToken("erin"))).isTrue();
	}

	private String login(String subject) {
		String familyId = UUID.randomUUID().toString();
		Instant now = this.clock.instant();
		this.store.create(
				new RefreshTokenRecord(RefreshTokens.hash(RefreshTokens.generate(familyId)), familyId, subject, now,
						now.plus(Duration.ofHours(1)), now.plus(Duration.ofDays(1))),
				Integer.MAX_VALUE, ClientDetails.NONE);
		return familyId;
	}

	private Jwt accessToken(String subject) {
		Instant issued = this.clock.instant().minusSeconds(60);
		return Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject(subject)
			.jti(UUID.randomUUID().toString())
			.issuedAt(issued)
			.expiresAt(issued.plus(Duration.ofMinutes(10)))
			.build();
	}

	private List<SessionEndedEvent> ended() {
		return this.events.stream()
			.filter(SessionEndedEvent.class::isInstance)
			.map(SessionEndedEvent.class::cast)
			.toList();
	}

}
