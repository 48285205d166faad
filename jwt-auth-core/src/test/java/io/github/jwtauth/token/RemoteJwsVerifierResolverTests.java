package io.github.jwtauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.keys.Jwks;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.keys.remote.JwkSetCache;
import io.github.jwtauth.keys.remote.RemoteJwkSet;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.oauth2.jwt.BadJwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A resource server following another issuer's JWK Set over real HTTP (the JDK's server
 * on a free port): rotation, the rate limit on unknown key IDs, {@code Cache-Control},
 * outages and garbage answers, mixed key types, and the binding of each key to one
 * algorithm. Time is a settable clock; background refreshes run on the requesting thread
 * unless a test says otherwise, so every count of fetches is exact.
 */
class RemoteJwsVerifierResolverTests {

	private static final SigningKey RSA = RemoteKeysFixtures.signingKey("rsa-1", JWSAlgorithm.RS256, "RSA");

	private static final SigningKey EC = RemoteKeysFixtures.signingKey("ec-1", JWSAlgorithm.ES256, "P-256");

	private final SettableClock clock = new SettableClock();

	private final JwkSetServer issuer = new JwkSetServer();

	@AfterEach
	void stop() {
		this.issuer.close();
	}

	private JwkSetCache.Builder cache() {
		return JwkSetCache.builder(RemoteJwkSet.builder(this.issuer.uri()).timeout(Duration.ofSeconds(2)).build())
			.clock(this.clock)
			.executor(Runnable::run);
	}

	private JwtAuthDecoder decoder(JwkSetCache cache) {
		return JwtAuthDecoder
			.withVerifiers(new RemoteJwsVerifierResolver(cache),
					new RevocationValidator(new RevocationRegistry(this.clock)))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.cacheSize(0)
			.build();
	}

	private JwtAuthDecoder decoder() {
		return decoder(cache().build());
	}

	private String token(SigningKey key) {
		return RemoteKeysFixtures.token(key, this.clock.instant());
	}

	private void assertAccepted(JwtAuthDecoder decoder, SigningKey key) {
		assertThat(decoder.decode(token(key)).getSubject()).as("%s", key).isEqualTo("alice");
	}

	private void assertRefused(JwtAuthDecoder decoder, String token, String message) {
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessageContaining(message);
	}

	@Test
	void rotationIsPickedUpOnAnUnknownKeyId() {
		this.issuer.keys(RemoteKeysFixtures.published(RSA));
		JwtAuthDecoder decoder = decoder();
		assertAccepted(decoder, RSA);
		assertThat(this.issuer.requests()).isEqualTo(1);
		SigningKey next = RemoteKeysFixtures.signingKey("rsa-2", JWSAlgorithm.RS256, "RSA");
		this.issuer.keys(RemoteKeysFixtures.published(RSA), RemoteKeysFixtures.published(next));
		this.clock.advance(Duration.ofSeconds(30));
		assertAccepted(decoder, next);
		assertAccepted(decoder, RSA);
		assertThat(this.issuer.requests()).isEqualTo(2);
		// the old key leaves the set: it stops verifying at the next refresh
		this.issuer.keys(RemoteKeysFixtures.published(next));
		this.clock.advance(Duration.ofMinutes(5));
		assertRefused(decoder, token(RSA), "Unknown key ID");
		assertAccepted(decoder, next);
	}

	@Test
	void aKeyTheIssuerRemovesStopsItsCachedTokens() {
		this.issuer.keys(RemoteKeysFixtures.published(RSA));
		JwtAuthDecoder decoder = JwtAuthDecoder
			.withVerifiers(new RemoteJwsVerifierResolver(cache().build()),
					new RevocationValidator(new RevocationRegistry(this.clock)))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.cacheSize(100)
			.build();
		String token = token(RSA);
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		assertThat(decoder.getCache().get(token)).as("cached").isNotNull();
		assertThat(this.issuer.requests()).isEqualTo(1);
		SigningKey next = RemoteKeysFixtures.signingKey("rsa-2", JWSAlgorithm.RS256, "RSA");
		this.issuer.keys(RemoteKeysFixtures.published(next));
		// only cached tokens arrive: the refresh they start still removes the key
		this.clock.advance(Duration.ofMinutes(5));
		assertRefused(decoder, token, "Unknown key ID");
		assertThat(this.issuer.requests()).isEqualTo(2);
	}

	@Test
	void unknownKeyIdsFetchAtMostOncePerInterval() {
		this.issuer.keys(RemoteKeysFixtures.published(RSA));
		JwtAuthDecoder decoder = decoder(cache().refreshMinInterval(Duration.ofSeconds(30)).build());
		assertAccepted(decoder, RSA);
		for (int i = 0; i < 50; i++) {
			SigningKey random = RemoteKeysFixtures.signingKey(UUID.randomUUID().toString(), JWSAlgorithm.ES256,
					"P-256");
			assertRefused(decoder, token(random), "Unknown key ID");
		}
		// the first fetch started just now: no re-fetch within 30 s of it
		assertThat(this.issuer.requests()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(30));
		for (int i = 0; i < 50; i++) {
			SigningKey random = RemoteKeysFixtures.signingKey(UUID.randomUUID().toString(), JWSAlgorithm.ES256,
					"P-256");
			assertRefused(decoder, token(random), "Unknown key ID");
			this.clock.advance(Duration.ofMillis(100));
		}
		assertThat(this.issuer.requests()).isEqualTo(2);
		assertAccepted(decoder, RSA);
		assertThat(this.issuer.requests()).isEqualTo(2);
	}

	@Test
	void concurrentMissesShareOneFetch() throws Exception {
		this.issuer.keys(RemoteKeysFixtures.published(RSA));
		JwtAuthDecoder decoder = decoder();
		assertAccepted(decoder, RSA);
		SigningKey next = RemoteKeysFixtures.signingKey("rsa-2", JWSAlgorithm.RS256, "RSA");
		this.issuer.keys(RemoteKeysFixtures.published(RSA), RemoteKeysFixtures.published(next));
		this.clock.advance(Duration.ofSeconds(31));
		this.issuer.hold();
		ExecutorService requests = Executors.newFixedThreadPool(16);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				String token = token(next);
				results.add(requests.submit(() -> decoder.decode(token).getSubject()));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.issuer.held() == 1);
			this.issuer.release();
			for (Future<String> result : results) {
				assertThat(result.get()).isEqualTo("alice");
			}
		}
		finally {
			requests.shutdownNow();
		}
		assertThat(this.issuer.requests()).isEqualTo(2);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			max-age=3600            | 3600
			public, max-age=600     | 600
			max-age=0               | 30
			no-store                | 30
			no-cache, max-age=600   | 30
			max-age=999999999       | 86400
			''                      | 300
			""")
	void cacheControlSetsTheLifetimeWithinBounds(String cacheControl, long expectedSeconds) {
		this.issuer.keys(RemoteKeysFixtures.published(RSA));
		if (!cacheControl.isEmpty()) {
			this.issuer.cacheControl(cacheControl);
		}
		JwtAuthDecoder decoder = decoder();
		assertAccepted(decoder, RSA);
		// refresh-ahead: in the last tenth of the lifetime a request refreshes
		this.clock.advance(Duration.ofSeconds(expectedSeconds * 9 / 10 - 1));
		assertAccepted(decoder, RSA);
		assertThat(this.issuer.requests()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertAccepted(decoder, RSA);
		assertThat(this.issuer.requests()).isEqualTo(2);
		// and a request after the lifetime waits for a fresh set
		this.clock.advance(Duration.ofSeconds(expectedSeconds));
		assertAccepted(decoder, RSA);
		assertThat(this.issuer.requests()).isEqualTo(3);
	}

	@Test
	void refreshAheadRunsInTheBackground() {
		this.issuer.keys(RemoteKeysFixtures.published(RSA)).cacheControl("max-age=100");
		JwtAuthDecoder decoder = decoder(
				JwkSetCache.builder(RemoteJwkSet.builder(this.issuer.uri()).build()).clock(this.clock).build());
		assertAccepted(decoder, RSA);
		this.clock.advance(Duration.ofSeconds(95));
		this.issuer.hold();
		// the request does not wait for the held answer
		assertAccepted(decoder, RSA);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.issuer.held() == 1);
		this.issuer.release();
		assertThat(this.issuer.requests()).isEqualTo(2);
	}

	@Test
	void anOutageKeepsTheLastGoodSetForTheMaximumStaleness() {
		this.issuer.keys(RemoteKeysFixtures.published(RSA));
		JwtAuthDecoder decoder = decoder(cache().maxStale(Duration.ofHours(1)).build());
		assertAccepted(decoder, RSA);
		this.issuer.answer(503, "text/plain", "down");
		this.clock.advance(Duration.ofMinutes(6));
		assertAccepted(decoder, RSA);
		assertThat(this.issuer.requests()).isEqualTo(2);
		// further attempts in the background, at most once per interval
		assertAccepted(decoder, RSA);
		assertThat(this.issuer.requests()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(30));
		assertAccepted(decoder, RSA);
		assertThat(this.issuer.requests()).isEqualTo(3);
		// an hour after the last good fetch: refused, never accepted unchecked
		this.clock.advance(Duration.ofMinutes(54));
		assertRefused(decoder, token(RSA), "Unable to obtain the issuer's keys");
		// and the issuer's return recovers by itself
		this.issuer.keys(RemoteKeysFixtures.published(RSA));
		this.clock.advance(Duration.ofSeconds(30));
		assertAccepted(decoder, RSA);
	}

	@Test
	void theLastFetchedSetIsReadWithoutFetching() {
		this.issuer.keys(RemoteKeysFixtures.published(RSA), RemoteKeysFixtures.published(EC))
			.cacheControl("max-age=600");
		JwkSetCache cache = cache().build();
		RemoteJwsVerifierResolver resolver = new RemoteJwsVerifierResolver(cache);
		assertThat(resolver.getJwkSetCache()).isSameAs(cache);
		assertThat(cache.lastFetched()).isNull();
		assertThat(this.issuer.requests()).isZero();
		Instant fetchedAt = this.clock.instant();
		assertAccepted(decoder(cache), RSA);
		this.clock.advance(Duration.ofMinutes(20));
		JwkSetCache.Fetched fetched = cache.lastFetched();
		assertThat(this.issuer.requests()).as("reading it fetches nothing, even past the lifetime").isEqualTo(1);
		assertThat(fetched).isNotNull();
		assertThat(fetched.fetchedAt()).isEqualTo(fetchedAt);
		assertThat(fetched.expiresAt()).isEqualTo(fetchedAt.plus(Duration.ofMinutes(10)));
		assertThat(fetched.keys().all()).extracting((key) -> key.keyId() + " " + key.algorithm())
			.containsExactlyInAnyOrder("rsa-1 RS256", "ec-1 ES256");
	}

	@Test
	void aKeyWithoutAlgorithmVerifiesOneAcceptedAlgorithmOnly() throws Exception {
		SigningKey key = RemoteKeysFixtures.signingKey("no-alg", JWSAlgorithm.RS256, "RSA");
		this.issuer.keys(new RSAKey.Builder(key.jwk().toRSAKey().toPublicJWK()).keyID("no-alg").build());
		JwtAuthDecoder decoder = decoder(cache().algorithms(Set.of(JWSAlgorithm.PS256, JWSAlgorithm.RS256)).build());
		assertThat(decoder
			.decode(RemoteKeysFixtures.token(key.signer(), JWSAlgorithm.RS256, "no-alg", this.clock.instant()))
			.getSubject()).isEqualTo("alice");
		SigningKey ps = SigningKey.of("no-alg", JWSAlgorithm.PS256, key.jwk());
		assertRefused(decoder,
				RemoteKeysFixtures.token(ps.signer(), JWSAlgorithm.PS256, "no-alg", this.clock.instant()),
				"Algorithm not allowed for this key");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 60 })
	void pastTheMaximumStalenessCachedTokensAreRefusedToo(long maxStaleMinutes) {
		this.issuer.keys(RemoteKeysFixtures.published(RSA));
		JwtAuthDecoder decoder = JwtAuthDecoder
			.withVerifiers(new RemoteJwsVerifierResolver(cache().maxStale(Duration.ofMinutes(maxStaleMinutes)).build()),
					new RevocationValidator(new RevocationRegistry(this.clock)))
			.issuer("jwt-auth")
			.audiences(List.of("jwt-auth"))
			.clock(this.clock)
			.cacheSize(100)
			.build();
		this.clock.advance(Duration.ofSeconds(1));
		// a token valid well past the staleness bound, cached
		Instant now = this.clock.instant();
		String signingInput = SignedTokens.header(RSA.algorithm(), RSA.keyId()).build().toBase64URL() + "."
				+ Base64URL.encode(SignedTokens.claims("alice", now)
					.expirationTime(Date.from(now.plus(Duration.ofHours(3))))
					.build()
					.toString());
		String token = signingInput + "."
				+ Base64URL.encode(RSA.signer().sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		assertThat(decoder.getCache().get(token)).as("cached").isNotNull();
		this.issuer.answer(503, "text/plain", "down");
		this.clock.advance(Duration.ofMinutes(maxStaleMinutes).plus(Duration.ofMinutes(6)));
		for (int i = 0; i < 3; i++) {
			assertRefused(decoder, token, "Unable to obtain the issuer's keys");
			this.clock.advance(Duration.ofSeconds(31));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "500", "not json", "{\"keys\":[]}", "{\"foo\":1}", "[]", "<html></html>", "huge",
			"only an HMAC secret", "stalled", "redirect" })
	void aBadAnswerKeepsTheLastGoodSet(String answer) {
		this.issuer.keys(RemoteKeysFixtures.published(RSA));
		JwtAuthDecoder decoder = decoder(
				// the timeout bounds the first, good fetch too: long enough for a loaded
				// machine
				JwkSetCache.builder(RemoteJwkSet.builder(this.issuer.uri()).timeout(Duration.ofSeconds(2)).build())
					.clock(this.clock)
					.executor(Runnable::run)
					.build());
		assertAccepted(decoder, RSA);
		switch (answer) {
			case "500" -> this.issuer.answer(500, "application/json", "{\"keys\":[]}");
			case "huge" -> this.issuer.json("{\"keys\":[],\"padding\":\"" + "x".repeat(600 * 1024) + "\"}");
			case "only an HMAC secret" -> this.issuer
				.keys(new OctetSequenceKey.Builder(new byte[32]).keyID("rsa-1").algorithm(JWSAlgorithm.HS256).build());
			case "stalled" -> this.issuer.hold();
			case "redirect" -> this.issuer.answer(302, "text/plain", "");
			default -> this.issuer.json(answer);
		}
		this.clock.advance(Duration.ofMinutes(6));
		assertAccepted(decoder, RSA);
		// a stalled answer's request may reach the issuer's handler after the client gave
		// up
		await().atMost(Duration.ofSeconds(10)).until(() -> this.issuer.requests() >= 2);
		assertThat(this.issuer.requests()).isEqualTo(2);
	}

	@Test
	void theFirstFetchFailingRefusesTokensUntilTheIssuerAnswers() {
		this.issuer.answer(503, "text/plain", "starting");
		JwtAuthDecoder decoder = decoder();
		assertRefused(decoder, token(RSA), "Unable to obtain the issuer's keys");
		assertThat(this.issuer.requests()).isEqualTo(1);
		this.issuer.keys(RemoteKeysFixtures.published(RSA));
		assertRefused(decoder, token(RSA), "Unable to obtain the issuer's keys");
		assertThat(this.issuer.requests()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(30));
		assertAccepted(decoder, RSA);
		assertThat(this.issuer.requests()).isEqualTo(2);
	}

	@Test
	void aMixedSetVerifiesEveryKindOfKey() {
		List<SigningKey> keys = List.of(RSA, RemoteKeysFixtures.signingKey("ps", JWSAlgorithm.PS256, "RSA"),
				RemoteKeysFixtures.signingKey("rs512", JWSAlgorithm.RS512, "RSA"), EC,
				RemoteKeysFixtures.signingKey("ec384", JWSAlgorithm.ES384, "P-384"),
				RemoteKeysFixtures.signingKey("ec521", JWSAlgorithm.ES512, "P-521"),
				RemoteKeysFixtures.signingKey("ed", JWSAlgorithm.EdDSA, "Ed25519"));
		this.issuer.keys(keys.stream().map(RemoteKeysFixtures::published).toArray(JWK[]::new));
		JwtAuthDecoder decoder = decoder();
		for (SigningKey key : keys) {
			assertAccepted(decoder, key);
		}
		assertThat(this.issuer.requests()).isEqualTo(1);
	}

	@Test
	void keysWithoutAlgorithmVerifyTheAlgorithmTheirTypeImpliesOnly() {
		SigningKey ec384 = RemoteKeysFixtures.signingKey("ec384", JWSAlgorithm.ES384, "P-384");
		SigningKey ed = RemoteKeysFixtures.signingKey("ed", JWSAlgorithm.EdDSA, "Ed25519");
		this.issuer.keys(RemoteKeysFixtures.withoutAlgorithm(RSA), RemoteKeysFixtures.withoutAlgorithm(ec384),
				RemoteKeysFixtures.withoutAlgorithm(ed));
		JwtAuthDecoder decoder = decoder();
		assertAccepted(decoder, RSA);
		assertAccepted(decoder, ec384);
		assertAccepted(decoder, ed);
		assertRefused(decoder,
				RemoteKeysFixtures.token(RSA.signer(), JWSAlgorithm.PS256, "rsa-1", this.clock.instant()),
				"Algorithm not allowed for this key");
	}

	@Test
	void noKeyVerifiesATokenOfAnotherKeyType() throws Exception {
		SigningKey ed = RemoteKeysFixtures.signingKey("ed", JWSAlgorithm.EdDSA, "Ed25519");
		this.issuer.keys(RemoteKeysFixtures.published(RSA), RemoteKeysFixtures.published(EC),
				RemoteKeysFixtures.published(ed));
		JwtAuthDecoder decoder = decoder();
		assertAccepted(decoder, RSA);
		// an EC key never verifies an RS256 token, an RSA key never an ES256 token
		SigningKey otherRsa = RemoteKeysFixtures.signingKey("x", JWSAlgorithm.RS256, "RSA");
		assertRefused(decoder,
				RemoteKeysFixtures.token(otherRsa.signer(), JWSAlgorithm.RS256, "ec-1", this.clock.instant()),
				"Algorithm not allowed for this key");
		SigningKey otherEc = RemoteKeysFixtures.signingKey("x", JWSAlgorithm.ES256, "P-256");
		assertRefused(decoder,
				RemoteKeysFixtures.token(otherEc.signer(), JWSAlgorithm.ES256, "rsa-1", this.clock.instant()),
				"Algorithm not allowed for this key");
		assertRefused(decoder,
				RemoteKeysFixtures.token(otherEc.signer(), JWSAlgorithm.ES256, "ed", this.clock.instant()),
				"Algorithm not allowed for this key");
		// no key verifies an HMAC token, not even with the public key as the secret
		byte[] publicKeyAsSecret = Jwks.publicKey(RemoteKeysFixtures.published(RSA)).getEncoded();
		for (String keyId : List.of("rsa-1", "ec-1", "ed")) {
			String hmac = SignedTokens.hmac(publicKeyAsSecret, SignedTokens.header(JWSAlgorithm.HS256, keyId).build(),
					SignedTokens.claims("alice", this.clock.instant()).build());
			assertRefused(decoder, hmac, "Algorithm not allowed");
		}
		// a token signed by another key under a published key ID
		assertRefused(decoder,
				RemoteKeysFixtures.token(otherRsa.signer(), JWSAlgorithm.RS256, "rsa-1", this.clock.instant()),
				"Invalid signature");
		assertThat(this.issuer.requests()).isEqualTo(1);
	}

	@Test
	void weakOrMisfitKeysOfTheSetAreNeverUsed() {
		JWK weakRsa = new RSAKey.Builder((RSAKey) RemoteKeysFixtures.generate("RSA-1024").toPublicJWK()).keyID("weak")
			.algorithm(JWSAlgorithm.RS256)
			.build();
		JWK weakRsaWithoutAlgorithm = new RSAKey.Builder((RSAKey) RemoteKeysFixtures.generate("RSA-1024").toPublicJWK())
			.keyID("weak-no-alg")
			.build();
		JWK es256OnP384 = new ECKey.Builder((ECKey) RemoteKeysFixtures.generate("P-384").toPublicJWK()).keyID("misfit")
			.algorithm(JWSAlgorithm.ES256)
			.build();
		JWK leaked = new RSAKey.Builder((RSAKey) RemoteKeysFixtures.generate("RSA")).keyID("leaked")
			.algorithm(JWSAlgorithm.RS256)
			.keyUse(KeyUse.SIGNATURE)
			.build();
		JWK hmac = new OctetSequenceKey.Builder(new byte[32]).keyID("hmac").algorithm(JWSAlgorithm.HS256).build();
		JWK encryption = new RSAKey.Builder(
				(RSAKey) RemoteKeysFixtures.published(RemoteKeysFixtures.signingKey("enc", JWSAlgorithm.RS256, "RSA")))
			.keyUse(KeyUse.ENCRYPTION)
			.build();
		this.issuer.keys(RemoteKeysFixtures.published(RSA), weakRsa, weakRsaWithoutAlgorithm, es256OnP384, leaked, hmac,
				encryption, RemoteKeysFixtures.ed448("ed448"));
		JwtAuthDecoder decoder = decoder();
		assertAccepted(decoder, RSA);
		// each refused before any signature is checked: the key is not in use at all
		for (String keyId : List.of("weak", "weak-no-alg", "leaked", "enc")) {
			assertRefused(decoder,
					RemoteKeysFixtures.token(RSA.signer(), JWSAlgorithm.RS256, keyId, this.clock.instant()),
					"Unknown key ID");
		}
		assertRefused(decoder,
				RemoteKeysFixtures.token(EC.signer(), JWSAlgorithm.ES256, "misfit", this.clock.instant()),
				"Unknown key ID");
		SigningKey ed = RemoteKeysFixtures.signingKey("x", JWSAlgorithm.EdDSA, "Ed25519");
		assertRefused(decoder, RemoteKeysFixtures.token(ed.signer(), JWSAlgorithm.EdDSA, "ed448", this.clock.instant()),
				"Unknown key ID");
		assertRefused(decoder, SignedTokens.hmac(new byte[32], SignedTokens.header(JWSAlgorithm.HS256, "hmac").build(),
				SignedTokens.claims("alice", this.clock.instant()).build()), "Algorithm not allowed");
		assertAccepted(decoder, RSA);
	}

	@Test
	void configuredAlgorithmsRefuseTokensOfAnyOther() {
		SigningKey ps = RemoteKeysFixtures.signingKey("ps", JWSAlgorithm.PS256, "RSA");
		this.issuer.keys(RemoteKeysFixtures.published(RSA), RemoteKeysFixtures.published(EC),
				RemoteKeysFixtures.withoutAlgorithm(ps));
		JwtAuthDecoder decoder = decoder(cache().algorithms(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256)).build());
		assertAccepted(decoder, EC);
		// a key without alg is bound to each configured algorithm that fits it
		assertAccepted(decoder, ps);
		assertRefused(decoder, RemoteKeysFixtures.token(ps.signer(), JWSAlgorithm.RS256, "ps", this.clock.instant()),
				"Algorithm not allowed for this key");
		// a key that declares another algorithm is not used at all
		assertRefused(decoder, token(RSA), "Unknown key ID");
	}

	@Test
	void aTokenWithoutKeyIdNeedsTheOnlyKeyOfItsAlgorithm() {
		this.issuer.keys(RemoteKeysFixtures.published(RSA), RemoteKeysFixtures.published(EC));
		JwtAuthDecoder decoder = decoder();
		assertThat(
				decoder.decode(RemoteKeysFixtures.token(RSA.signer(), JWSAlgorithm.RS256, null, this.clock.instant()))
					.getSubject())
			.isEqualTo("alice");
		SigningKey second = RemoteKeysFixtures.signingKey("rsa-2", JWSAlgorithm.RS256, "RSA");
		this.issuer.keys(RemoteKeysFixtures.published(RSA), RemoteKeysFixtures.published(second));
		this.clock.advance(Duration.ofMinutes(6));
		assertRefused(decoder, RemoteKeysFixtures.token(RSA.signer(), JWSAlgorithm.RS256, null, this.clock.instant()),
				"Missing key ID");
	}

}
