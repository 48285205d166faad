package io.github.jwtauth.dpop;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.dpop.ProofFixtures.ClientKey;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Server nonces: {@link DPoPNonces} on its own and through the verifier
 * ({@code use_dpop_nonce} with the nonce to use).
 */
class DPoPNoncesTests {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final ClientKey KEY = ClientKey.shared(JWSAlgorithm.ES256);

	private final SettableClock clock = new SettableClock();

	/** A nonce lives 10 s at most: windows of 5 s. */
	private final DPoPNonces nonces = new DPoPNonces(SECRET, Duration.ofSeconds(10), this.clock);

	private final DPoPProofVerifier verifier = DPoPProofVerifier
		.withReplayStore(new InMemoryDPoPProofReplayStore(1000, this.clock))
		.nonces(this.nonces)
		.clock(this.clock)
		.build();

	@Test
	void aProofWithoutANonceIsAskedToUseTheCurrentOne() {
		assertUseNonce(() -> this.verifier.verify(ProofFixtures.proof(KEY, this.clock.instant()), ProofFixtures.METHOD,
				ProofFixtures.URI));
		assertThat(this.verifier.getNonces()).isSameAs(this.nonces);
	}

	@Test
	void aProofWithTheCurrentNonceIsAccepted() {
		String nonce = this.nonces.current();
		DPoPProof proof = this.verifier.verify(proofWithNonce(nonce), ProofFixtures.METHOD, ProofFixtures.URI);
		assertThat(proof.nonce()).isEqualTo(nonce);
	}

	@Test
	void theNonceOfThePreviousWindowIsAcceptedAnOlderOneIsNot() {
		String nonce = this.nonces.current();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.nonces.current()).isNotEqualTo(nonce);
		this.verifier.verify(proofWithNonce(nonce), ProofFixtures.METHOD, ProofFixtures.URI);
		this.clock.advance(Duration.ofSeconds(5));
		assertUseNonce(() -> this.verifier.verify(proofWithNonce(nonce), ProofFixtures.METHOD, ProofFixtures.URI));
	}

	@Test
	void aNonceThatIsNotAStringOrNotOursIsAskedToUseTheCurrentOne() {
		assertUseNonce(() -> this.verifier.verify(ProofFixtures.proof(KEY, this.clock.instant(), (h) -> {
		}, (c) -> c.claim("nonce", 12)), ProofFixtures.METHOD, ProofFixtures.URI));
		assertUseNonce(() -> this.verifier.verify(proofWithNonce("made-up"), ProofFixtures.METHOD, ProofFixtures.URI));
		assertUseNonce(() -> this.verifier.verify(proofWithNonce(""), ProofFixtures.METHOD, ProofFixtures.URI));
		String otherSecret = new DPoPNonces("abcdef0123456789abcdef0123456789".getBytes(StandardCharsets.US_ASCII),
				Duration.ofSeconds(10), this.clock)
			.current();
		assertUseNonce(
				() -> this.verifier.verify(proofWithNonce(otherSecret), ProofFixtures.METHOD, ProofFixtures.URI));
	}

	@Test
	void aProofAskedForANonceIsNotRecordedSoItsRetryIsNotAReplay() {
		String jti = "retry-jti";
		assertUseNonce(() -> this.verifier.verify(ProofFixtures.proof(KEY, this.clock.instant(), (h) -> {
		}, (c) -> c.jwtID(jti)), ProofFixtures.METHOD, ProofFixtures.URI));
		this.verifier.verify(ProofFixtures.proof(KEY, this.clock.instant(), (h) -> {
		}, (c) -> c.jwtID(jti).claim("nonce", this.nonces.current())), ProofFixtures.METHOD, ProofFixtures.URI);
	}

	@Test
	void aBadProofIsInvalidEvenWithoutANonce() {
		String proof = ProofFixtures.proof(KEY, this.clock.instant(), (h) -> {
		}, (c) -> c.claim("htm", "GET"));
		DPoPProofVerifierTests
			.assertInvalid(() -> this.verifier.verify(proof, ProofFixtures.METHOD, ProofFixtures.URI));
	}

	@Test
	void instancesWithTheSameSecretAgree() {
		DPoPNonces other = new DPoPNonces(SECRET.clone(), Duration.ofSeconds(10), this.clock);
		assertThat(other.current()).isEqualTo(this.nonces.current());
		assertThat(other.isValid(this.nonces.current())).isTrue();
	}

	@Test
	void aNonceIsStableWithinItsWindow() {
		String nonce = this.nonces.current();
		this.clock.advance(Duration.ofMillis(1));
		// the window may have ended in between: then the nonce is still the previous one
		assertThat(this.nonces.isValid(nonce)).isTrue();
	}

	@Test
	void refusesAWeakSecretOrAShortLifetime() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DPoPNonces(new byte[31], Duration.ofSeconds(10), this.clock));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DPoPNonces(SECRET, Duration.ofMillis(1999), this.clock));
	}

	private String proofWithNonce(String nonce) {
		return ProofFixtures.proof(KEY, this.clock.instant(), (h) -> {
		}, (c) -> c.claim("nonce", nonce));
	}

	private void assertUseNonce(ThrowingCallable call) {
		assertThatExceptionOfType(DPoPProofException.class).isThrownBy(call).satisfies((ex) -> {
			assertThat(ex.getErrorCode()).isEqualTo(DPoPProofException.USE_DPOP_NONCE);
			assertThat(ex.getNonce()).isEqualTo(this.nonces.current());
		});
	}

}
