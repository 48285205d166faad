package io.github.jwtauth.discovery;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.github.jwtauth.keys.remote.JwkSetCache;
import io.github.jwtauth.keys.remote.JwkSetResponse;
import io.github.jwtauth.keys.remote.JwkSetUnavailableException;
import io.github.jwtauth.revocation.feed.RevocationFeedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Lazy discovery: nothing fetched up front, the metadata kept once discovered, a bounded
 * back-off after failures, a refused document refused until it is corrected.
 */
class IssuerDiscoveryTests {

	private static final String ISSUER = "https://issuer.example";

	private static final IssuerMetadata METADATA = new IssuerMetadata(ISSUER, URI.create("https://issuer.example/jwks"),
			URI.create("https://issuer.example/auth/revocations"),
			URI.create(ISSUER + RemoteIssuerMetadata.OAUTH_WELL_KNOWN));

	private final MutableClock clock = new MutableClock();

	private final AtomicInteger fetches = new AtomicInteger();

	private final AtomicReference<Object> answer = new AtomicReference<>(METADATA);

	private final IssuerMetadataSource source = () -> {
		this.fetches.incrementAndGet();
		Object current = this.answer.get();
		if (current instanceof RuntimeException ex) {
			throw ex;
		}
		return (IssuerMetadata) current;
	};

	@Test
	void nothingIsFetchedUntilNeededAndTheMetadataIsKept() {
		IssuerDiscovery discovery = discovery();
		assertThat(this.fetches).hasValue(0);
		assertThat(discovery.current()).isNull();
		assertThat(discovery.metadata()).isSameAs(METADATA);
		assertThat(discovery.metadata()).isSameAs(METADATA);
		this.clock.advance(Duration.ofDays(30));
		assertThat(discovery.metadata()).isSameAs(METADATA);
		assertThat(this.fetches).hasValue(1);
		assertThat(discovery.current()).isSameAs(METADATA);
		assertThat(discovery.getFailure()).isNull();
	}

	@Test
	void failuresAreRetriedWithABoundedBackOffAndNoFetchInBetween() {
		this.answer.set(new IssuerMetadataException("issuer metadata unreachable (ConnectException)", false));
		IssuerDiscovery discovery = discovery();
		List<Long> fetchedAtMillis = new ArrayList<>();
		for (long millis = 0; millis <= 60_000; millis += 500) {
			int before = this.fetches.get();
			assertThatExceptionOfType(IssuerMetadataException.class).isThrownBy(discovery::metadata)
				.withMessageContaining("unreachable");
			if (this.fetches.get() > before) {
				fetchedAtMillis.add(millis);
			}
			this.clock.advance(Duration.ofMillis(500));
		}
		// back-offs of 1 s, 2 s, 4 s, 8 s, then the 10 s bound
		assertThat(fetchedAtMillis).containsExactly(0L, 1_000L, 3_000L, 7_000L, 15_000L, 25_000L, 35_000L, 45_000L,
				55_000L);
		assertThat(discovery.getFailure()).contains("unreachable");
		this.answer.set(METADATA);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(discovery.metadata()).isSameAs(METADATA);
		assertThat(discovery.getFailure()).isNull();
	}

	@Test
	void aRefusedDocumentKeepsBeingRefusedUntilCorrected() {
		this.answer.set(new IssuerMetadataException("the metadata names the issuer 'https://evil.example'", true));
		IssuerDiscovery discovery = discovery();
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(IssuerMetadataException.class).isThrownBy(discovery::metadata)
				.satisfies((ex) -> assertThat(ex.isRefused()).isTrue());
			this.clock.advance(Duration.ofSeconds(10));
		}
		assertThat(discovery.current()).isNull();
		this.answer.set(METADATA);
		assertThat(discovery.metadata()).isSameAs(METADATA);
	}

	@Test
	void anUnexpectedExceptionIsAFailureToo() {
		this.answer.set(new IllegalStateException("boom"));
		IssuerDiscovery discovery = discovery();
		assertThatExceptionOfType(IssuerMetadataException.class).isThrownBy(discovery::metadata)
			.withMessageContaining("unexpected IllegalStateException");
	}

	@Test
	void theRevocationFeedLocationFollowsTheMetadata() {
		this.answer.set(new IssuerMetadataException("issuer metadata unreachable", false));
		IssuerDiscovery discovery = discovery();
		assertThatExceptionOfType(RevocationFeedException.class)
			.isThrownBy(() -> discovery.revocationFeedLocation().uri())
			.withMessageContaining("unreachable");
		this.answer.set(METADATA);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(discovery.revocationFeedLocation().uri()).isEqualTo(METADATA.revocationFeedUri());

		this.answer.set(new IssuerMetadata(ISSUER, METADATA.jwksUri(), null, METADATA.location()));
		assertThat(discovery().revocationFeedLocation().uri()).isNull();
	}

	@Test
	void theJwkSetIsFetchedOnlyFromTheDiscoveredJwksUri() {
		this.answer.set(new IssuerMetadataException("the metadata names the issuer 'https://evil.example'", true));
		List<URI> fetched = new ArrayList<>();
		DiscoveredJwkSet jwkSet = new DiscoveredJwkSet(discovery(), (uri) -> () -> {
			fetched.add(uri);
			return new JwkSetResponse(new JWKSet(), null);
		});
		assertThatExceptionOfType(JwkSetUnavailableException.class).isThrownBy(jwkSet::fetch)
			.withMessageContaining("evil.example");
		assertThat(fetched).isEmpty();
		assertThat(jwkSet.toString()).contains("not discovered yet");
		this.answer.set(METADATA);
		this.clock.advance(Duration.ofSeconds(1));
		jwkSet.fetch();
		jwkSet.fetch();
		assertThat(fetched).containsExactly(METADATA.jwksUri(), METADATA.jwksUri());
		assertThat(jwkSet.toString()).contains(METADATA.jwksUri().toString());
	}

	@Test
	void tokensAreAcceptedOnceDiscoverySucceedsWithoutWaitingTheKeyCacheInterval() throws Exception {
		this.answer.set(new IssuerMetadataException("issuer metadata unreachable (ConnectException)", false));
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("discovered-1").generate();
		AtomicInteger jwkFetches = new AtomicInteger();
		DiscoveredJwkSet jwkSet = new DiscoveredJwkSet(discovery(), (uri) -> () -> {
			jwkFetches.incrementAndGet();
			return new JwkSetResponse(new JWKSet(key.toPublicJWK()), null);
		});
		JwkSetCache cache = JwkSetCache.builder(jwkSet)
			.clock(this.clock)
			.refreshMinInterval(Duration.ofSeconds(30))
			.build();
		assertThatExceptionOfType(JwkSetUnavailableException.class).isThrownBy(cache::keys)
			.withMessageContaining("unreachable");
		// within the discovery's back-off: refused, no call to the issuer, no JWK Set
		// fetch
		assertThatExceptionOfType(JwkSetUnavailableException.class).isThrownBy(cache::keys);
		assertThat(this.fetches).hasValue(1);
		assertThat(cache.getFailure()).contains("unreachable");
		this.answer.set(METADATA);
		this.clock.advance(Duration.ofSeconds(1));
		// the discovery's 1 s back-off is over: the next token finds the keys, well
		// within
		// the key cache's 30 s refresh interval
		assertThat(cache.keys().all()).hasSize(1);
		assertThat(this.fetches).hasValue(2);
		assertThat(jwkFetches).hasValue(1);
		assertThat(cache.getFailure()).isNull();
	}

	@Test
	void aFailedJwkSetFetchAfterDiscoveryStillBacksOffTheKeyCacheInterval() {
		AtomicInteger jwkFetches = new AtomicInteger();
		DiscoveredJwkSet jwkSet = new DiscoveredJwkSet(discovery(), (uri) -> () -> {
			jwkFetches.incrementAndGet();
			throw new JwkSetUnavailableException("JWK Set unreachable (ConnectException)");
		});
		JwkSetCache cache = JwkSetCache.builder(jwkSet)
			.clock(this.clock)
			.refreshMinInterval(Duration.ofSeconds(30))
			.build();
		for (int i = 0; i < 29; i++) {
			assertThatExceptionOfType(JwkSetUnavailableException.class).isThrownBy(cache::keys);
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(jwkFetches).hasValue(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(JwkSetUnavailableException.class).isThrownBy(cache::keys);
		assertThat(jwkFetches).hasValue(2);
	}

	private IssuerDiscovery discovery() {
		return IssuerDiscovery.withSource(this.source, ISSUER)
			.clock(this.clock)
			.minRetryInterval(Duration.ofSeconds(1))
			.maxRetryInterval(Duration.ofSeconds(10))
			.build();
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-11-29T10:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
