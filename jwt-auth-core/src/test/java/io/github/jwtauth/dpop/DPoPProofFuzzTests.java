package io.github.jwtauth.dpop;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.dpop.ProofFixtures.ClientKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A bounded, reproducible fuzz of {@link DPoPProofVerifier} (fixed seeds): mutations of a
 * valid proof's text, and mutations of its JSON signed again (so that they reach the
 * parsers, the key checks and the claims), never let anything but a
 * {@link DPoPProofException} escape.
 */
class DPoPProofFuzzTests {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final String JSON_NOISE = "{}[]\",:0123456789.eE+-truefalsnul \\u00\u00e9\ud83d\ude00";

	private final SettableClock clock = new SettableClock();

	private final DPoPProofVerifier verifier = DPoPProofVerifier
		.withReplayStore(new InMemoryDPoPProofReplayStore(100_000, this.clock))
		.clock(this.clock)
		.build();

	@Test
	void textMutationsOfAValidProofAreRefusedAsInvalid() {
		Random random = new Random(20261129L);
		for (JWSAlgorithm algorithm : new JWSAlgorithm[] { JWSAlgorithm.ES256, JWSAlgorithm.EdDSA,
				JWSAlgorithm.RS256 }) {
			ClientKey key = ClientKey.shared(algorithm);
			String valid = ProofFixtures.proof(key, this.clock.instant());
			int refused = 0;
			for (int i = 0; i < 700; i++) {
				String mutated = mutateText(valid, random);
				if (mutated.equals(valid)) {
					continue;
				}
				try {
					this.verifier.verify(mutated, ProofFixtures.METHOD, ProofFixtures.URI);
					fail("A mutated proof was accepted: " + mutated);
				}
				catch (DPoPProofException ex) {
					assertThat(ex.getErrorCode()).isEqualTo(DPoPProofException.INVALID_DPOP_PROOF);
					refused++;
				}
			}
			assertThat(refused).isGreaterThan(600);
			// the unmutated proof is accepted (once)
			assertThat(this.verifier.verify(valid, ProofFixtures.METHOD, ProofFixtures.URI).jkt())
				.isEqualTo(key.thumbprint());
		}
	}

	@Test
	void resignedJsonMutationsOnlyEverRaiseDPoPProofException() {
		Random random = new Random(4242L);
		ClientKey key = ClientKey.shared(JWSAlgorithm.ES256);
		int accepted = 0;
		int refused = 0;
		for (int i = 0; i < 1000; i++) {
			Instant now = this.clock.instant();
			String header = ProofFixtures.headerJson(key, "");
			String payload = ProofFixtures.payloadJson(now, "");
			if (random.nextBoolean()) {
				header = mutateJson(header, random);
			}
			else {
				payload = mutateJson(payload, random);
			}
			try {
				this.verifier.verify(ProofFixtures.raw(key, header, payload), ProofFixtures.METHOD, ProofFixtures.URI);
				accepted++;
			}
			catch (DPoPProofException ex) {
				assertThat(ex.getErrorCode()).isEqualTo(DPoPProofException.INVALID_DPOP_PROOF);
				refused++;
			}
			catch (RuntimeException ex) {
				throw new AssertionError("Header " + header + ", payload " + payload + " raised " + ex, ex);
			}
		}
		// most mutations break something; some (in the jti, in an ignored member) do not
		assertThat(refused).isGreaterThan(500);
		assertThat(accepted + refused).isEqualTo(1000);
	}

	private static String mutateText(String proof, Random random) {
		StringBuilder text = new StringBuilder(proof);
		int mutations = 1 + random.nextInt(3);
		for (int m = 0; m < mutations && text.length() > 0; m++) {
			int at = random.nextInt(text.length());
			switch (random.nextInt(7)) {
				case 0 -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
				case 1 -> text.setCharAt(at, (char) random.nextInt(0x3000));
				case 2 -> text.deleteCharAt(at);
				case 3 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
				case 4 -> text.setLength(at);
				case 5 -> text.insert(at, '.');
				default -> {
					// flip one bit of a decoded byte of a segment and encode it again
					String[] parts = text.toString().split("\\.", -1);
					if (parts.length == 3) {
						int segment = random.nextInt(3);
						byte[] bytes = decode(parts[segment]);
						if (bytes != null && bytes.length > 0) {
							bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
							parts[segment] = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
							text = new StringBuilder(String.join(".", parts));
						}
					}
				}
			}
		}
		return text.toString();
	}

	private static String mutateJson(String json, Random random) {
		StringBuilder text = new StringBuilder(json);
		int mutations = 1 + random.nextInt(3);
		for (int m = 0; m < mutations && text.length() > 0; m++) {
			int at = random.nextInt(text.length());
			char noise = JSON_NOISE.charAt(random.nextInt(JSON_NOISE.length()));
			switch (random.nextInt(4)) {
				case 0 -> text.setCharAt(at, noise);
				case 1 -> text.deleteCharAt(at);
				case 2 -> text.insert(at, noise);
				default -> {
					// duplicate a slice elsewhere (duplicate members, nesting)
					int end = Math.min(text.length(), at + 1 + random.nextInt(40));
					String slice = text.substring(at, end);
					text.insert(random.nextInt(text.length()), slice);
				}
			}
		}
		return text.toString();
	}

	private static byte @Nullable [] decode(String segment) {
		try {
			return Base64.getUrlDecoder().decode(segment.getBytes(StandardCharsets.US_ASCII));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
