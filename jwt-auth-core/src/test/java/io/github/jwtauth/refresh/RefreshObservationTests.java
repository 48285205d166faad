package io.github.jwtauth.refresh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.token.JwtTokenService;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Every refresh is an observation {@code jwt.auth.refresh} with its outcome and whether
 * it came with a DPoP proof; a reused token's session revocation is observed within it.
 * Never the token, the session ID or the user name among the key values.
 */
class RefreshObservationTests {

	private static final String JKT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

	private final SettableClock clock = new SettableClock();

	private final SigningKey key = SigningKey.hmac("hs", JWSAlgorithm.HS256,
			"q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sD".getBytes(StandardCharsets.UTF_8));

	private final InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(10_000);

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final String user = "alice-" + UUID.randomUUID();

	private final JwtTokenService tokens = JwtTokenService.withSigningKey(this.key)
		.issuer("jwt-auth")
		.audiences(List.of("jwt-auth"))
		.clock(this.clock)
		.build();

	private final TokenRevocationService revocation = TokenRevocationService
		.builder(new RevocationRegistry(this.clock), new InMemoryRevocationStore())
		.sessions(this.store)
		.clock(this.clock)
		.observationRegistry(this.observations)
		.build();

	private final RefreshTokenService service = service(
			new InMemoryUserDetailsManager(User.withUsername(this.user).password("{noop}pw").roles("USER").build()));

	private final Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(this.user, null,
			AuthorityUtils.createAuthorityList("ROLE_USER"));

	private final List<String> identifying = new ArrayList<>(List.of(this.user));

	@Test
	void aRefreshIsObservedAsASuccess() {
		TokenResponse login = start(null);
		TokenResponse refreshed = this.service.refresh(login.refreshToken());
		this.identifying.add(refreshed.refreshToken());
		this.identifying.add(refreshed.accessToken().tokenValue());
		assertThat(this.observations).hasSingleObservationThat()
			.hasNameEqualTo("jwt.auth.refresh")
			.hasContextualNameEqualTo("jwt-auth refresh")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasLowCardinalityKeyValue("dpop", "false")
			.doesNotHaveError()
			.hasBeenStopped();
		assertNothingIdentifying();
	}

	@Test
	void aRefreshWithAProofIsObservedAsDPoP() {
		TokenResponse login = start(JKT);
		this.service.refresh(login.refreshToken(), JKT);
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasLowCardinalityKeyValue("dpop", "true");
		assertNothingIdentifying();
	}

	@Test
	void anUnknownTokenIsObservedAsInvalidGrant() {
		String unknown = RefreshTokens.generate(UUID.randomUUID().toString());
		this.identifying.add(unknown);
		assertThatExceptionOfType(InvalidGrantException.class).isThrownBy(() -> this.service.refresh(unknown));
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "invalid_grant")
			.assertThatError()
			.isInstanceOf(InvalidGrantException.class);
		assertNothingIdentifying();
	}

	@Test
	void aReusedTokenIsObservedAsReuseWithItsSessionsRevocationWithin() {
		TokenResponse login = start(null);
		this.service.refresh(login.refreshToken());
		this.observations.clear();
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken()));
		assertThat(this.observations).hasNumberOfObservationsEqualTo(2)
			.hasObservationWithNameEqualTo("jwt.auth.refresh")
			.that()
			.hasLowCardinalityKeyValue("outcome", "reuse_detected")
			.hasLowCardinalityKeyValue("dpop", "false")
			.hasError();
		assertThat(this.observations).hasObservationWithNameEqualTo("jwt.auth.revoke")
			.that()
			.hasLowCardinalityKeyValue("kind", "session")
			.hasLowCardinalityKeyValue("reason", "reuse-detected")
			.hasParentObservationContextMatching((parent) -> parent.getName().equals("jwt.auth.refresh"));
		assertNothingIdentifying();
	}

	@Test
	void aFailureOfTheUserStoreIsObservedAsAnError() {
		TokenResponse login = start(null);
		UserDetailsService down = (username) -> {
			throw new IllegalStateException("user store down");
		};
		assertThatIllegalStateException().isThrownBy(() -> service(down).refresh(login.refreshToken()));
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "error")
			.assertThatError()
			.hasMessage("user store down");
	}

	@Test
	void withoutARegistryARefreshIsNotObservedAndWorks() {
		RefreshTokenService unobserved = RefreshTokenService
			.builder(this.store, this.tokens,
					TokenRevocationService.builder(new RevocationRegistry(this.clock), new InMemoryRevocationStore())
						.build(),
					new InMemoryUserDetailsManager(User.withUsername(this.user).password("{noop}pw").build()))
			.clock(this.clock)
			.build();
		TokenResponse login = unobserved.startSession(this.authentication);
		assertThat(unobserved.refresh(login.refreshToken()).refreshToken()).isNotEqualTo(login.refreshToken());
		assertThat(this.observations).doesNotHaveAnyObservation();
	}

	private RefreshTokenService service(UserDetailsService users) {
		return RefreshTokenService.builder(this.store, this.tokens, this.revocation, users)
			.clock(this.clock)
			.observationRegistry(this.observations)
			.build();
	}

	private TokenResponse start(@Nullable String jkt) {
		TokenResponse login = this.service.startSession(this.authentication, jkt);
		RefreshTokenRecord record = this.service.find(login.refreshToken()).orElseThrow();
		this.identifying.addAll(
				List.of(login.refreshToken(), login.accessToken().tokenValue(), record.familyId(), record.tokenHash()));
		return login;
	}

	private void assertNothingIdentifying() {
		assertThat(this.observations).hasHandledContextsThatSatisfy((contexts) -> {
			assertThat(contexts).isNotEmpty();
			for (Observation.Context context : contexts) {
				assertThat(context.getHighCardinalityKeyValues()).isEmpty();
				for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
					for (String value : this.identifying) {
						assertThat(keyValue.getValue()).doesNotContain(value);
					}
				}
			}
		});
	}

}
