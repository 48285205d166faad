package io.github.jwtauth.revocation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Every revocation is an observation {@code jwt.auth.revoke} with its kind and a bounded
 * reason, and never a subject, a session ID or a token ID among its key values.
 */
class RevocationObservationTests {

	private final Instant now = Instant.parse("2026-01-01T10:00:00Z");

	private final Clock clock = Clock.fixed(this.now, ZoneOffset.UTC);

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final TokenRevocationService service = TokenRevocationService
		.builder(new RevocationRegistry(this.clock), new InMemoryRevocationStore())
		.clock(this.clock)
		.observationRegistry(this.observations)
		.build();

	private final String subject = "alice-" + UUID.randomUUID();

	private final String sessionId = UUID.randomUUID().toString();

	private final String tokenId = UUID.randomUUID().toString();

	@Test
	void revokingATokenIsObservedAsKindTokenForReasonRevoke() {
		this.service.revokeAccessToken(token(this.tokenId, null));
		assertThat(this.observations).hasSingleObservationThat()
			.hasNameEqualTo("jwt.auth.revoke")
			.hasContextualNameEqualTo("jwt-auth revoke")
			.hasLowCardinalityKeyValue("kind", "token")
			.hasLowCardinalityKeyValue("reason", "revoke")
			.doesNotHaveError()
			.hasBeenStarted()
			.hasBeenStopped();
		assertNothingIdentifying();
	}

	@Test
	void aTokenWithoutJtiRevokesNothingAndIsNotObserved() {
		this.service.revokeAccessToken(token(null, null));
		assertThat(this.observations).doesNotHaveAnyObservation();
	}

	@Test
	void revokingASessionIsObservedWithItsReasonCode() {
		this.service.revokeSession(this.subject, this.sessionId, "ended-by-user");
		assertThat(this.observations).hasSingleObservationThat()
			.hasNameEqualTo("jwt.auth.revoke")
			.hasLowCardinalityKeyValue("kind", "session")
			.hasLowCardinalityKeyValue("reason", "ended-by-user");
		assertNothingIdentifying();
	}

	@Test
	void aLogoutIsOneObservationOfItsSession() {
		this.service.revokeSessionOf(token(this.tokenId, this.sessionId), "logout");
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("kind", "session")
			.hasLowCardinalityKeyValue("reason", "logout");
		assertNothingIdentifying();
	}

	@Test
	void anApplicationsOwnReasonIsObservedAsApplicationNeverAsItsText() {
		// free text from the application could be anything, a user name included
		String reason = "password-changed-by-" + this.subject;
		this.service.revokeAllTokens(this.subject, reason);
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("kind", "subject")
			.hasLowCardinalityKeyValue("reason", "application");
		assertNothingIdentifying(reason);
	}

	@Test
	void aFailedRevocationIsObservedWithItsError() {
		TokenRevocationService failing = TokenRevocationService
			.builder(new RevocationRegistry(this.clock), new FailingStore())
			.clock(this.clock)
			.observationRegistry(this.observations)
			.build();
		assertThatIllegalStateException()
			.isThrownBy(() -> failing.revokeSession(this.subject, this.sessionId, "logout"));
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("kind", "session")
			.hasLowCardinalityKeyValue("reason", "logout")
			.assertThatError()
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aConventionOfTheApplicationNamesTheObservation() {
		TokenRevocationService service = TokenRevocationService
			.builder(new RevocationRegistry(this.clock), new InMemoryRevocationStore())
			.clock(this.clock)
			.observationRegistry(this.observations)
			.observationConvention(new DefaultRevocationObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(RevocationObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
				}

			})
			.build();
		service.revokeSession(this.subject, this.sessionId, "logout");
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("tenant", "acme")
			.hasLowCardinalityKeyValue("kind", "session");
	}

	@Test
	void withoutARegistryNothingIsObservedAndRevocationWorks() {
		RevocationRegistry registry = new RevocationRegistry(this.clock);
		TokenRevocationService unobserved = TokenRevocationService.builder(registry, new InMemoryRevocationStore())
			.clock(this.clock)
			.build();
		unobserved.revokeSession(this.subject, this.sessionId, "logout");
		assertThat(registry.isRevoked(token(this.tokenId, this.sessionId))).isTrue();
	}

	private void assertNothingIdentifying(String... more) {
		List<String> identifying = new ArrayList<>(
				List.of(this.subject, this.sessionId, this.tokenId, token(this.tokenId, null).getTokenValue()));
		identifying.addAll(List.of(more));
		assertThat(this.observations).hasHandledContextsThatSatisfy((contexts) -> {
			assertThat(contexts).isNotEmpty();
			for (Observation.Context context : contexts) {
				assertThat(context.getHighCardinalityKeyValues()).isEmpty();
				for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
					for (String value : identifying) {
						assertThat(keyValue.getValue()).doesNotContain(value);
					}
				}
			}
		});
	}

	private Jwt token(@Nullable String jti, @Nullable String sid) {
		Jwt.Builder builder = Jwt.withTokenValue("token-of-" + this.subject)
			.header("alg", "HS256")
			.subject(this.subject)
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

	/**
	 * A store that is down.
	 */
	private static final class FailingStore implements RevocationStore {

		@Override
		public void add(RevocationEntry entry) {
			throw new IllegalStateException("store down");
		}

		@Override
		public List<RevocationEntry> findActive(Instant now) {
			return List.of();
		}

	}

}
