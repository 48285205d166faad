package io.github.jwtauth.refresh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.session.ClientDetails;
import io.github.jwtauth.session.LoginSession;
import io.github.jwtauth.session.SessionCreatedEvent;
import io.github.jwtauth.session.SessionRefreshedEvent;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user agent and client address of a session are personal data: recorded only when
 * the service is asked to ({@code jwt.auth.sessions.record-client-details}).
 */
class RefreshTokenServiceClientDetailsTests {

	private static final ClientDetails CLIENT = new ClientDetails("Mozilla/5.0", "198.51.100.1");

	private final SettableClock clock = new SettableClock();

	private final InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(10_000);

	private final List<Object> events = new ArrayList<>();

	private final Authentication alice = UsernamePasswordAuthenticationToken.authenticated("alice", null,
			AuthorityUtils.createAuthorityList("ROLE_USER"));

	@Test
	void byDefaultNeitherTheSessionNorItsEventsKeepThem() {
		RefreshTokenService service = service(false);
		TokenResponse login = service.startSession(this.alice, null, CLIENT);
		assertThat(session().client()).isEqualTo(ClientDetails.NONE);
		service.refresh(login.refreshToken(), null, CLIENT);
		assertThat(session().client()).isEqualTo(ClientDetails.NONE);
		assertThat(this.events).filteredOn(SessionCreatedEvent.class::isInstance)
			.extracting((event) -> ((SessionCreatedEvent) event).client())
			.containsExactly(ClientDetails.NONE);
		assertThat(this.events).filteredOn(SessionRefreshedEvent.class::isInstance)
			.extracting((event) -> ((SessionRefreshedEvent) event).client())
			.containsExactly(ClientDetails.NONE);
	}

	@Test
	void whenAskedForTheyAreKeptAndEachRefreshReplacesThem() {
		RefreshTokenService service = service(true);
		TokenResponse login = service.startSession(this.alice, null, CLIENT);
		assertThat(session().client()).isEqualTo(CLIENT);
		service.refresh(login.refreshToken(), null, ClientDetails.NONE);
		assertThat(session().client()).isEqualTo(ClientDetails.NONE);
	}

	private LoginSession session() {
		List<LoginSession> sessions = this.store.findSessions("alice", this.clock.instant());
		assertThat(sessions).hasSize(1);
		return sessions.get(0);
	}

	private RefreshTokenService service(boolean recordClientDetails) {
		SigningKey key = SigningKey.hmac("hs", JWSAlgorithm.HS256,
				"q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sD".getBytes(StandardCharsets.UTF_8));
		JwtTokenService tokens = JwtTokenService.withSigningKey(key)
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.build();
		TokenRevocationService revocation = TokenRevocationService
			.builder(new RevocationRegistry(this.clock), new InMemoryRevocationStore())
			.sessions(this.store)
			.clock(this.clock)
			.build();
		return RefreshTokenService
			.builder(this.store, tokens, revocation,
					new InMemoryUserDetailsManager(
							User.withUsername("alice").password("{noop}pw").roles("USER").build()))
			.clock(this.clock)
			.eventPublisher(this.events::add)
			.recordClientDetails(recordClientDetails)
			.build();
	}

}
