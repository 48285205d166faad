package io.github.jwtauth.dpop;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.dpop.ProofFixtures.ClientKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Findings of the security review, each proved: a proof is never accepted twice at the
 * end of its window, nor once its window passed while a login checked the password; an
 * RSA key with a huge exponent is refused before any big-number work; made-up keys with
 * bad signatures never fill or flush the verifier cache.
 */
class DPoPProofHardeningTests {

	private final SettableClock clock = new SettableClock();

	private final InMemoryDPoPProofReplayStore replayStore = new InMemoryDPoPProofReplayStore(10_000, this.clock);

	private final DPoPProofVerifier verifier = DPoPProofVerifier.withReplayStore(this.replayStore)
		.clock(this.clock)
		.maxCachedKeys(5)
		.build();

	@Test
	void aProofReplayedInTheLastSecondOfItsWindowIsRefused() {
		ClientKey key = ClientKey.fresh(JWSAlgorithm.ES256);
		Instant issued = this.clock.instant();
		String proof = ProofFixtures.proof(key, issued);
		this.verifier.verify(proof, ProofFixtures.METHOD, ProofFixtures.URI);
		// the last moment the proof is accepted by its age: iat + 60 s + 5 s (defaults)
		Instant lastMoment = Instant.ofEpochSecond(issued.getEpochSecond() + 65).plusMillis(999);
		this.clock.advance(Duration.between(this.clock.instant(), lastMoment));
		assertThatExceptionOfType(DPoPProofException.class)
			.isThrownBy(() -> this.verifier.verify(proof, ProofFixtures.METHOD, ProofFixtures.URI))
			.withMessageContaining("used before");
	}

	@Test
	void aProofWhoseWindowEndsWhileTheCallerWorksIsNotRecordedAsNew() {
		ClientKey key = ClientKey.fresh(JWSAlgorithm.ES256);
		Instant issued = this.clock.instant();
		String proof = ProofFixtures.proof(key, issued);
		this.clock.advance(Duration.between(issued, Instant.ofEpochSecond(issued.getEpochSecond() + 65)));
		DPoPProof verified = this.verifier.verifyWithoutReplayCheck(proof, ProofFixtures.METHOD, ProofFixtures.URI,
				null, null);
		// a slow password check later
		this.clock.advance(Duration.ofSeconds(2));
		assertThatExceptionOfType(DPoPProofException.class).isThrownBy(() -> this.verifier.checkReplay(verified))
			.withMessageContaining("too old");
	}

	@Test
	void anRsaKeyWithAnOversizedExponentIsRefusedBeforeAnyKeyIsBuilt() {
		ClientKey key = ClientKey.fresh(JWSAlgorithm.RS256);
		String jwk = key.jwkJson().replace("\"e\":\"AQAB\"", "\"e\":\"" + "_".repeat(500) + "\"");
		assertThat(jwk).contains("_____");
		String proof = ProofFixtures.raw(key, "{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":" + jwk + "}",
				ProofFixtures.payloadJson(this.clock.instant(), ""));
		assertThatExceptionOfType(DPoPProofException.class)
			.isThrownBy(() -> this.verifier.verify(proof, ProofFixtures.METHOD, ProofFixtures.URI))
			.withMessageContaining("oversized exponent");
	}

	@Test
	void madeUpKeysWithBadSignaturesNeitherFillNorFlushTheVerifierCache() {
		ClientKey good = ClientKey.fresh(JWSAlgorithm.ES256);
		this.verifier.verify(ProofFixtures.proof(good, this.clock.instant()), ProofFixtures.METHOD, ProofFixtures.URI);
		ProofKeys keys = this.verifier.proofKeys();
		assertThat(keys.size()).isEqualTo(1);
		for (int i = 0; i < 12; i++) {
			ClientKey attacker = ClientKey.fresh(JWSAlgorithm.ES256);
			String proof = ProofFixtures.proof(attacker, this.clock.instant());
			String forged = proof.substring(0, proof.lastIndexOf('.') + 1)
					+ ProofFixtures.proof(good, this.clock.instant()).substring(proof.lastIndexOf('.') + 1);
			assertThatExceptionOfType(DPoPProofException.class)
				.isThrownBy(() -> this.verifier.verify(forged, ProofFixtures.METHOD, ProofFixtures.URI));
		}
		assertThat(keys.size()).isEqualTo(1);
	}

	@Test
	void aVerifierForSymmetricOrNoAlgorithmsCannotBeBuilt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DPoPProofVerifier.withReplayStore(this.replayStore)
				.algorithms(List.of(JWSAlgorithm.ES256, JWSAlgorithm.HS256)))
			.withMessageContaining("asymmetric");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DPoPProofVerifier.withReplayStore(this.replayStore).algorithms(List.of()));
	}

}
