package io.github.jwtauth.keys.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.token.AccessToken;
import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.JwtTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two instances sharing one store, driven by one clock minute by minute through more than
 * two full rotations: every token verifies on both until it expires, keys are published
 * ahead, switched together, removed after retention, and each generation is created once.
 */
class TwoInstanceRotationTests {

	private static final Duration PERIOD = Duration.ofHours(1);

	private static final Duration PUBLISH_AHEAD = Duration.ofMinutes(10);

	private static final Duration TTL = Duration.ofMinutes(10);

	private static final Duration SKEW = Duration.ofSeconds(30);

	private static final Duration RETAIN_AFTER = RotationPolicy.defaultRetainAfter(TTL, SKEW);

	private final SettableClock clock = new SettableClock();

	@Test
	void twoFullRotations() {
		RotationPolicy policy = RotationPolicy.builder(JWSAlgorithm.RS256)
			.period(PERIOD)
			.publishAhead(PUBLISH_AHEAD)
			.retainAfter(RETAIN_AFTER)
			.checkInterval(Duration.ofMinutes(1))
			.build();
		KeyEncryptionKey kek = AesGcmKeyEncryptionKey.of(AesGcmKeyEncryptionKeyTests.randomKey());
		RotatingKeySourceTests.FaultyStore store = new RotatingKeySourceTests.FaultyStore(
				new InMemorySigningKeyStore());
		RotatingKeySource a = RotatingKeySource.builder(store, kek, policy).clock(this.clock).build();
		RotatingKeySource b = RotatingKeySource.builder(store, kek, policy).clock(this.clock).build();
		a.start();
		b.start();
		try {
			List<Instance> instances = List.of(new Instance(a), new Instance(b));
			List<Issued> live = new ArrayList<>();
			List<Issued> expired = new ArrayList<>();
			Map<String, Instant> firstPublished = new HashMap<>();
			Map<String, Instant> firstSigned = new HashMap<>();
			Map<String, Instant> lastPublished = new HashMap<>();
			Instant end = this.clock.instant().plus(PERIOD.multipliedBy(2)).plus(Duration.ofMinutes(45));
			int step = 0;
			String firstKid = null;
			while (this.clock.instant().isBefore(end)) {
				this.clock.advance(Duration.ofMinutes(1));
				Instant now = this.clock.instant();
				// the instances read the store in turn, the other one first every other
				// minute
				boolean aFirst = (step++ % 2) == 0;
				(aFirst ? a : b).refresh();
				(aFirst ? b : a).refresh();
				assertThat(a.current().active().keyId()).isEqualTo(b.current().active().keyId());
				assertThat(RotatingKeySourceTests.published(a.current()))
					.isEqualTo(RotatingKeySourceTests.published(b.current()));
				for (Instance instance : instances) {
					live.add(new Issued(instance.tokens.issue("alice", List.of(), null),
							instance.keys.current().active().keyId()));
				}
				for (String kid : RotatingKeySourceTests.published(a.current())) {
					firstPublished.putIfAbsent(kid, now);
					lastPublished.put(kid, now);
				}
				firstSigned.putIfAbsent(a.current().active().keyId(), now);
				if (firstKid == null) {
					firstKid = a.current().active().keyId();
				}
				for (Issued issued : List.copyOf(live)) {
					if (now.isBefore(issued.token.expiresAt().plus(SKEW))) {
						for (Instance instance : instances) {
							assertThat(instance.decoder.decode(issued.token.tokenValue()).getSubject())
								.isEqualTo("alice");
						}
						assertThat(RotatingKeySourceTests.published(a.current())).contains(issued.kid);
					}
					else {
						live.remove(issued);
						expired.add(issued);
					}
				}
			}
			for (Issued issued : expired) {
				for (Instance instance : instances) {
					assertThatExceptionOfType(JwtException.class)
						.isThrownBy(() -> instance.decoder.decode(issued.token.tokenValue()));
				}
			}
			assertThat(store.added).containsExactly(1L, 2L, 3L);
			assertThat(firstSigned).hasSize(3);
			for (Map.Entry<String, Instant> signed : firstSigned.entrySet()) {
				Duration ahead = Duration.between(firstPublished.get(signed.getKey()), signed.getValue());
				if (!signed.getKey().equals(firstKid)) {
					assertThat(ahead).as("published ahead").isGreaterThanOrEqualTo(PUBLISH_AHEAD);
				}
			}
			List<StoredSigningKey> stored = store.findAll();
			assertThat(stored).extracting(StoredSigningKey::generation).containsExactly(3L);
			// keys 1 and 2 were unpublished once their successor had signed for the
			// retention time
			assertThat(a.current().active().keyId()).isEqualTo(stored.get(0).keyId());
			assertThat(lastPublished).hasSize(3);
			long retiredPublishedTooLong = lastPublished.entrySet()
				.stream()
				.filter((e) -> !e.getKey().equals(stored.get(0).keyId()))
				.filter((e) -> Duration.between(firstSigned.get(e.getKey()), e.getValue())
					.compareTo(PERIOD.plus(RETAIN_AFTER)) >= 0)
				.count();
			assertThat(retiredPublishedTooLong).isZero();
		}
		finally {
			a.stop();
			b.stop();
		}
	}

	private final class Instance {

		final RotatingKeySource keys;

		final JwtTokenService tokens;

		final JwtAuthDecoder decoder;

		Instance(RotatingKeySource keys) {
			this.keys = keys;
			this.tokens = JwtTokenService.withKeys(keys)
				.issuer("https://issuer.test")
				.audiences(List.of("api"))
				.timeToLive(TTL)
				.clock(TwoInstanceRotationTests.this.clock)
				.build();
			this.decoder = JwtAuthDecoder.withKeys(keys, (jwt) -> OAuth2TokenValidatorResult.success())
				.issuer("https://issuer.test")
				.audiences(List.of("api"))
				.clockSkew(SKEW)
				.clock(TwoInstanceRotationTests.this.clock)
				.cacheSize(0)
				.build();
		}

	}

	private record Issued(AccessToken token, String kid) {

	}

}
