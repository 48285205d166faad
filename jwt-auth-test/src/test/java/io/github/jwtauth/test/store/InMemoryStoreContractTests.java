package io.github.jwtauth.test.store;

import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.dpop.InMemoryDPoPProofReplayStore;
import io.github.jwtauth.keys.rotation.InMemorySigningKeyStore;
import io.github.jwtauth.keys.rotation.SigningKeyStore;
import io.github.jwtauth.refresh.InMemoryRefreshTokenStore;
import io.github.jwtauth.refresh.RefreshTokenRecord;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.InMemoryRevocationStore;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.throttle.AttemptStore;
import io.github.jwtauth.throttle.InMemoryAttemptStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contracts against the in-memory stores of jwt-auth-core.
 */
class InMemoryStoreContractTests {

	@Nested
	class RefreshTokens extends RefreshTokenStoreContractTests {

		private final InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(10_000);

		@Override
		protected RefreshTokenStore store() {
			return this.store;
		}

		@Test
		void isBoundedByDroppingTheOldestFamilies() {
			InMemoryRefreshTokenStore small = new InMemoryRefreshTokenStore(3);
			for (int i = 0; i < 5; i++) {
				small.create(new RefreshTokenRecord(newHash(), "family-" + i, "alice", this.now, this.now.plus(IDLE),
						this.now.plus(IDLE)));
			}
			assertThat(small.size()).isEqualTo(3);
			assertThat(small.revokeSession("family-0")).isFalse();
			assertThat(small.revokeSession("family-4")).isTrue();
		}

		@Test
		void whenFullTheUserHoldingTheMostTokensLosesItsOldestSessionNotOthers() {
			InMemoryRefreshTokenStore small = new InMemoryRefreshTokenStore(20);
			RefreshTokenRecord bob = new RefreshTokenRecord(newHash(), "bob-family", "bob", this.now,
					this.now.plus(IDLE), this.now.plus(IDLE));
			small.create(bob);
			// alice logs in without a per-user bound until the store is full, and beyond
			for (int i = 0; i < 100; i++) {
				small.create(new RefreshTokenRecord(newHash(), "alice-" + i, "alice", this.now, this.now.plus(IDLE),
						this.now.plus(IDLE)));
			}
			assertThat(small.size()).isEqualTo(20);
			assertThat(small.find(bob.tokenHash())).isPresent();
			assertThat(small.revokeSession("alice-0")).isFalse();
			assertThat(small.revokeSession("alice-99")).isTrue();
		}

		@Test
		void whenFullAUserRefreshingInALoopLosesItsOwnSessionNotOthers() {
			InMemoryRefreshTokenStore small = new InMemoryRefreshTokenStore(20);
			RefreshTokenRecord bob = new RefreshTokenRecord(newHash(), "bob-family", "bob", this.now,
					this.now.plus(IDLE), this.now.plus(IDLE));
			small.create(bob);
			RefreshTokenRecord alice = new RefreshTokenRecord(newHash(), "alice-family", "alice", this.now,
					this.now.plus(IDLE), this.now.plus(IDLE));
			small.create(alice);
			String current = alice.tokenHash();
			for (int i = 0; i < 30; i++) {
				String next = newHash();
				small.rotate(current, next, this.now, IDLE);
				current = next;
			}
			assertThat(small.size()).isLessThanOrEqualTo(20);
			assertThat(small.find(bob.tokenHash())).isPresent();
		}

	}

	@Nested
	class Revocations extends RevocationStoreContractTests {

		private final InMemoryRevocationStore store = new InMemoryRevocationStore();

		@Override
		protected RevocationStore store() {
			return this.store;
		}

		@Override
		protected boolean shared() {
			return false;
		}

	}

	@Nested
	class Attempts extends AttemptStoreContractTests {

		private final InMemoryAttemptStore store = new InMemoryAttemptStore(10_000);

		@Override
		protected AttemptStore store() {
			return this.store;
		}

		@Test
		void isBoundedByDroppingTheLeastRecentlyFailedKey() {
			InMemoryAttemptStore small = new InMemoryAttemptStore(3);
			for (int i = 0; i < 5; i++) {
				small.recordFailure("key-" + i, this.now, RETENTION);
			}
			assertThat(small.size()).isEqualTo(3);
			assertThat(small.find("key-0", this.now)).isEmpty();
			assertThat(small.find("key-4", this.now)).isPresent();
		}

	}

	@Nested
	class SigningKeys extends SigningKeyStoreContractTests {

		private final InMemorySigningKeyStore store = new InMemorySigningKeyStore();

		@Override
		protected SigningKeyStore store() {
			return this.store;
		}

		@Override
		protected boolean shared() {
			return false;
		}

	}

	@Nested
	class DPoPProofs extends DPoPProofReplayStoreContractTests {

		private final InMemoryDPoPProofReplayStore store = new InMemoryDPoPProofReplayStore(10_000, this.clock);

		@Override
		protected DPoPProofReplayStore store() {
			return this.store;
		}

	}

}
