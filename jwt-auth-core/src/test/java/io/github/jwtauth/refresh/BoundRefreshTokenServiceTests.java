package io.github.jwtauth.refresh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.session.SessionEndReason;
import io.github.jwtauth.session.SessionEndedEvent;
import io.github.jwtauth.token.ConfirmationClaim;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.JwtTokenService;
import io.github.jwtauth.token.LocalJwsVerifierResolver;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Refresh-token families bound to a DPoP key (RFC 9449 §5): refreshed only with a proof
 * of the same key, the binding kept by every rotation, a refusal for the binding leaving
 * the token unspent, and reuse detection unchanged.
 */
class BoundRefreshTokenServiceTests {

	private static final String JKT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

	private static final String OTHER_JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

	private final SettableClock clock = new SettableClock();

	private final byte[] secret = "q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sD".getBytes(StandardCharsets.UTF_8);

	private final SigningKey key = SigningKey.hmac("hs", JWSAlgorithm.HS256, this.secret);

	private final RevocationRegistry registry = new RevocationRegistry(this.clock);

	private final InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(10_000);

	private final List<Object> events = new ArrayList<>();

	private final JwtTokenService tokens = JwtTokenService.withSigningKey(this.key)
		.issuer("jwt-auth")
		.audiences(List.of("jwt-auth"))
		.clock(this.clock)
		.build();

	private final TokenRevocationService revocation = TokenRevocationService
		.builder(this.registry, new InMemoryRevocationStore())
		.sessions(this.store)
		.clock(this.clock)
		.eventPublisher(this.events::add)
		.build();

	private final RefreshTokenService service = RefreshTokenService
		.builder(this.store, this.tokens, this.revocation,
				new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}pw").roles("USER").build()))
		.clock(this.clock)
		.eventPublisher(this.events::add)
		.build();

	private final JwtAuthDecoder decoder = JwtAuthDecoder
		.withVerifiers(new LocalJwsVerifierResolver(List.of(this.key.verificationKey())),
				new RevocationValidator(this.registry))
		.issuer("jwt-auth")
		.audiences(List.of("jwt-auth"))
		.clock(this.clock)
		.build();

	private final Authentication alice = UsernamePasswordAuthenticationToken.authenticated("alice", null,
			AuthorityUtils.createAuthorityList("ROLE_USER"));

	@Test
	void aBoundLoginGivesADPoPTokenAndABoundFamily() {
		TokenResponse login = this.service.startSession(this.alice, JKT);
		assertThat(login.accessToken().tokenType()).isEqualTo("DPoP");
		Map<String, Object> body = login.toBody();
		assertThat(body).containsEntry("token_type", "DPoP").containsKey("refresh_token");
		assertThat(ConfirmationClaim.jkt(this.decoder.decodeBound(login.accessToken().tokenValue()))).isEqualTo(JKT);
		assertThat(this.service.find(login.refreshToken()).orElseThrow().jkt()).isEqualTo(JKT);
	}

	@Test
	void anUnboundLoginGivesABearerToken() {
		TokenResponse login = this.service.startSession(this.alice);
		assertThat(login.toBody()).containsEntry("token_type", "Bearer");
		assertThat(this.service.find(login.refreshToken()).orElseThrow().jkt()).isNull();
		this.decoder.decode(login.accessToken().tokenValue());
	}

	@Test
	void aBoundFamilyIsNotRefreshedWithoutAProofAndTheTokenStaysUsable() {
		String refreshToken = this.service.startSession(this.alice, JKT).refreshToken();
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(refreshToken, null))
			.withMessageContaining("DPoP proof is required");
		assertThatExceptionOfType(InvalidGrantException.class).isThrownBy(() -> this.service.refresh(refreshToken));
		TokenResponse refreshed = this.service.refresh(refreshToken, JKT);
		assertThat(refreshed.accessToken().jkt()).isEqualTo(JKT);
		assertThat(reuseEvents()).isEmpty();
	}

	@Test
	void aBoundFamilyIsNotRefreshedWithAnotherKeyAndTheTokenStaysUsable() {
		String refreshToken = this.service.startSession(this.alice, JKT).refreshToken();
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(refreshToken, OTHER_JKT))
			.withMessageContaining("another DPoP key");
		TokenResponse refreshed = this.service.refresh(refreshToken, JKT);
		assertThat(ConfirmationClaim.jkt(this.decoder.decodeBound(refreshed.accessToken().tokenValue())))
			.isEqualTo(JKT);
		assertThat(reuseEvents()).isEmpty();
	}

	@Test
	void theBindingSurvivesRotations() {
		String refreshToken = this.service.startSession(this.alice, JKT).refreshToken();
		for (int i = 0; i < 3; i++) {
			TokenResponse refreshed = this.service.refresh(refreshToken, JKT);
			assertThat(refreshed.toBody()).containsEntry("token_type", "DPoP");
			Jwt jwt = this.decoder.decodeBound(refreshed.accessToken().tokenValue());
			assertThat(ConfirmationClaim.jkt(jwt)).isEqualTo(JKT);
			refreshToken = refreshed.refreshToken();
			assertThat(this.service.find(refreshToken).orElseThrow().jkt()).isEqualTo(JKT);
			String current = refreshToken;
			assertThatExceptionOfType(InvalidGrantException.class)
				.isThrownBy(() -> this.service.refresh(current, null));
			assertThatExceptionOfType(InvalidGrantException.class)
				.isThrownBy(() -> this.service.refresh(current, OTHER_JKT));
		}
	}

	@Test
	void anUnboundFamilyRefreshedWithAProofStaysABearerSession() {
		// RFC 9449 §5: a refresh token issued in answer to a DPoP request must be bound;
		// an unbound session cannot be bound afterwards, so its refresh ignores the
		// proof and answers bearer tokens (token_type Bearer tells the client so)
		String refreshToken = this.service.startSession(this.alice).refreshToken();
		TokenResponse refreshed = this.service.refresh(refreshToken, JKT);
		assertThat(refreshed.toBody()).containsEntry("token_type", "Bearer");
		assertThat(refreshed.accessToken().jkt()).isNull();
		assertThat(this.decoder.decode(refreshed.accessToken().tokenValue()).getSubject()).isEqualTo("alice");
		assertThat(this.service.find(refreshed.refreshToken()).orElseThrow().jkt()).isNull();
		assertThat(this.service.refresh(refreshed.refreshToken(), OTHER_JKT).accessToken().jkt()).isNull();
	}

	@Test
	void reuseOfASpentBoundTokenRevokesTheFamily() {
		TokenResponse login = this.service.startSession(this.alice, JKT);
		TokenResponse refreshed = this.service.refresh(login.refreshToken(), JKT);
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken(), JKT))
			.withMessageContaining("already used");
		assertThat(reuseEvents()).hasSize(1);
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(refreshed.refreshToken(), JKT));
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> this.decoder.decodeBound(refreshed.accessToken().tokenValue()));
	}

	@Test
	void aSpentBoundTokenPresentedWithoutItsKeyIsRefusedWithoutRevokingTheFamily() {
		// documents the behaviour: the binding is checked before the rotation, so a thief
		// who has the spent token but not the key cannot end the rightful session
		TokenResponse login = this.service.startSession(this.alice, JKT);
		TokenResponse refreshed = this.service.refresh(login.refreshToken(), JKT);
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken(), OTHER_JKT));
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken(), null));
		assertThat(reuseEvents()).isEmpty();
		assertThat(this.service.refresh(refreshed.refreshToken(), JKT).accessToken().jkt()).isEqualTo(JKT);
	}

	private List<Object> reuseEvents() {
		return this.events.stream()
			.filter((e) -> e instanceof SessionEndedEvent ended && ended.reason() == SessionEndReason.REUSE_DETECTED)
			.toList();
	}

}
