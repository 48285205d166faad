package io.github.jwtauth.revocation.feed;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.jwtauth.SettableClock;
import io.github.jwtauth.keys.JwtKeySet;
import io.github.jwtauth.keys.JwtSigner;
import io.github.jwtauth.keys.KeyOperationException;
import io.github.jwtauth.keys.VerificationKey;
import io.github.jwtauth.revocation.RevocationEntry;
import io.github.jwtauth.revocation.RevocationEntry.Kind;
import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.revocation.SubjectHash;
import io.github.jwtauth.token.JwtAuthDecoder;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A feed document signed by the issuer verifies, and every kind of tampering or mix-up is
 * refused.
 */
class RevocationFeedDocumentTests {

	private final SettableClock clock = new SettableClock();

	private final RevocationFeedSigner signer = new RevocationFeedSigner(FeedKeys.ISSUER_KEY, FeedKeys.ISSUER);

	private final RevocationFeedVerifier verifier = FeedKeys.verifier(this.clock);

	@Test
	void aKeyThatCannotSignNowIsReportedAsSuch() {
		// an HSM or KMS outage: the endpoint answers 503 for a KeyOperationException
		JwtSigner key = FeedKeys.ISSUER_KEY.signer();
		JwtSigner down = new JwtSigner() {

			@Override
			public String keyId() {
				return key.keyId();
			}

			@Override
			public JWSAlgorithm algorithm() {
				return key.algorithm();
			}

			@Override
			public VerificationKey verificationKey() {
				return key.verificationKey();
			}

			@Override
			public byte[] sign(byte[] signingInput) {
				throw new KeyOperationException("HSM unreachable");
			}

		};
		RevocationFeedSigner signer = new RevocationFeedSigner(new JwtKeySet(down, List.of()), FeedKeys.ISSUER);
		assertThatExceptionOfType(KeyOperationException.class)
			.isThrownBy(() -> signer.sign(null, page(), this.clock.instant()))
			.withMessage("HSM unreachable");
	}

	private RevocationLog.Page page() {
		Instant now = this.clock.instant();
		Instant expires = now.plusSeconds(600);
		return new RevocationLog.Page(List.of(new RevocationEntry(Kind.TOKEN, "jti-1", now, expires),
				new RevocationEntry(Kind.SESSION, "sid-1", now, expires),
				new RevocationEntry(Kind.SUBJECT, "alice", now, expires)), "Instance1.42", false);
	}

	@Test
	void roundTripWithSubjectsHashedAndTheWireFormat() throws ParseException {
		String document = this.signer.sign("Instance1.7", page(), this.clock.instant());
		JWSObject jws = JWSObject.parse(document);
		assertThat(jws.getHeader().getType().getType()).isEqualTo("revocations+jwt");
		assertThat(jws.getHeader().getKeyID()).isEqualTo("feed-key");
		Map<String, Object> payload = JSONObjectUtils.parse(jws.getPayload().toString());
		assertThat(payload).containsEntry("iss", FeedKeys.ISSUER)
			.containsEntry("since", "Instance1.7")
			.containsEntry("cursor", "Instance1.42")
			.containsEntry("full", false)
			.containsEntry("iat", this.clock.instant().getEpochSecond());
		assertThat(jws.getPayload().toString()).doesNotContain("alice")
			.contains("\"k\":\"sub\"")
			.contains(SubjectHash.of(FeedKeys.ISSUER, "alice"));
		RevocationFeedVerifier.Document read = this.verifier.verify(document, "Instance1.7");
		assertThat(read.cursor()).isEqualTo("Instance1.42");
		assertThat(read.full()).isFalse();
		assertThat(read.entries()).extracting(RevocationEntry::kind, RevocationEntry::value)
			.containsExactly(tuple(Kind.TOKEN, "jti-1"), tuple(Kind.SESSION, "sid-1"),
					tuple(Kind.SUBJECT, SubjectHash.of(FeedKeys.ISSUER, "alice")));
		assertThat(read.entries().get(0).cutoff().toEpochMilli()).isEqualTo(this.clock.instant().toEpochMilli());
	}

	@Test
	void sinceIsNullWithoutCursorAndMustMatch() throws ParseException {
		String document = this.signer.sign(null, page(), this.clock.instant());
		assertThat(JSONObjectUtils.parse(JWSObject.parse(document).getPayload().toString())).containsKey("since")
			.containsEntry("since", null);
		assertThat(this.verifier.verify(document, null).entries()).hasSize(3);
		refused(document, "Instance1.7", "Answer to another cursor (since)");
		refused(this.signer.sign("Instance1.7", page(), this.clock.instant()), null,
				"Answer to another cursor (since)");
		refused(this.signer.sign("Instance1.7", page(), this.clock.instant()), "Instance1.8",
				"Answer to another cursor (since)");
	}

	@Test
	void tamperedSignatureOrPayloadIsRefused() {
		String document = this.signer.sign(null, page(), this.clock.instant());
		String[] parts = document.split("\\.");
		char last = parts[2].charAt(5);
		String tamperedSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5)
				+ ((last == 'A') ? 'B' : 'A') + parts[2].substring(6);
		refused(tamperedSignature, null, "Invalid signature");
		String payload = new Base64URL(parts[1]).decodeToString().replace("jti-1", "jti-2");
		refused(parts[0] + "." + Base64URL.encode(payload) + "." + parts[2], null, "Invalid signature");
	}

	@Test
	void documentSignedWithAnotherKeyIsRefused() {
		String document = new RevocationFeedSigner(FeedKeys.OTHER_KEY, FeedKeys.ISSUER).sign(null, page(),
				this.clock.instant());
		refused(document, null, "Invalid signature");
	}

	@Test
	void anAccessTokenIsNotAFeedDocumentAndAFeedDocumentIsNotAnAccessToken() throws JOSEException {
		// an access token of the issuer, signed by its key, with feed-like claims
		JWSObject token = new JWSObject(
				new JWSHeader.Builder(FeedKeys.ISSUER_KEY.algorithm()).keyID(FeedKeys.ISSUER_KEY.keyId())
					.type(new JOSEObjectType("at+jwt"))
					.build(),
				new Payload(Map.of("iss", FeedKeys.ISSUER, "iat", this.clock.instant().getEpochSecond(), "cursor",
						"x.1", "full", true, "revocations", List.of())));
		token.sign(new RSASSASigner(FeedKeys.ISSUER_KEY.jwk().toRSAKey()));
		refused(token.serialize(), null, "Not a revocation feed document (typ)");
		// and the token decoder refuses a feed document as an access token
		JwtAuthDecoder decoder = JwtAuthDecoder
			.withKeys(new JwtKeySet(FeedKeys.ISSUER_KEY, List.of()),
					new RevocationValidator(new RevocationRegistry(this.clock)))
			.issuer(FeedKeys.ISSUER)
			.audiences(List.of("api"))
			.build();
		String document = this.signer.sign(null, page(), this.clock.instant());
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(document))
			.withMessage("Invalid token type");
	}

	@Test
	void wrongIssuerIsRefused() {
		String document = new RevocationFeedSigner(FeedKeys.ISSUER_KEY, "https://someone.else").sign(null, page(),
				this.clock.instant());
		refused(document, null, "Invalid issuer");
	}

	@Test
	void documentFromTheFutureOrTooOldIsRefused() {
		refused(this.signer.sign(null, page(), this.clock.instant().plusSeconds(32)), null,
				"Document issued in the future");
		assertThat(this.verifier.verify(this.signer.sign(null, page(), this.clock.instant().plusSeconds(20)), null))
			.isNotNull();
		refused(this.signer.sign(null, page(), this.clock.instant().minus(Duration.ofSeconds(62))), null,
				"Document too old");
	}

	@Test
	void theOldestAnswerAcceptedIsOneExchangeOldNotTheMaximumStaleness() {
		RevocationFeedVerifier strict = new RevocationFeedVerifier(FeedKeys.issuerVerifiers(), FeedKeys.ISSUER,
				Duration.ZERO, RevocationFeedStore.maxAnswerAge(Duration.ofSeconds(1)), this.clock);
		assertThat(strict.verify(this.signer.sign(null, page(), this.clock.instant().minusSeconds(5)), null))
			.isNotNull();
		assertThatExceptionOfType(RevocationFeedException.class)
			.isThrownBy(
					() -> strict.verify(this.signer.sign(null, page(), this.clock.instant().minusSeconds(10)), null))
			.withMessage("Document too old");
	}

	@Test
	void theIssuersReplicaAgeIsReadMissingMeansZeroAndABadOneIsRefused() {
		String document = this.signer.sign("c.1", page(), this.clock.instant());
		assertThat(this.verifier.verify(FeedKeys.withClaim(document, "age", 1500), "c.1").issuerAge())
			.isEqualTo(Duration.ofMillis(1500));
		assertThat(this.verifier.verify(FeedKeys.withClaim(document, "age", 0), "c.1").issuerAge())
			.isEqualTo(Duration.ZERO);
		assertThat(this.verifier.verify(FeedKeys.withClaim(document, "age", null), "c.1").issuerAge())
			.isEqualTo(Duration.ZERO);
		for (Object bad : List.of(-1, 1.5, "10", true, List.of(1), Long.MAX_VALUE)) {
			refused(FeedKeys.withClaim(document, "age", bad), "c.1", "Invalid age");
		}
	}

	@Test
	void anEntryExpiresOneClockSkewOfThisSideLaterThanAtTheIssuer() {
		Instant now = this.clock.instant();
		Instant expires = now.plusSeconds(600);
		String document = this.signer.sign(null,
				new RevocationLog.Page(List.of(new RevocationEntry(Kind.TOKEN, "jti-1", now, expires)), "c.2", true),
				now);
		RevocationEntry read = this.verifier.verify(document, null).entries().get(0);
		// FeedKeys.verifier allows a clock skew of 30 s
		assertThat(read.expiresAt()).isEqualTo(Instant.ofEpochMilli(expires.toEpochMilli()).plusSeconds(30));
		RevocationFeedVerifier noSkew = new RevocationFeedVerifier(FeedKeys.issuerVerifiers(), FeedKeys.ISSUER,
				Duration.ZERO, Duration.ofSeconds(30), this.clock);
		assertThat(noSkew.verify(document, null).entries().get(0).expiresAt())
			.isEqualTo(Instant.ofEpochMilli(expires.toEpochMilli()));
	}

	@Test
	void garbageIsRefused() {
		refused("", null, "Not a signed feed document");
		refused("<html><body>Bad gateway</body></html>", null, "Not a signed feed document");
		refused("a.b.c", null, "Not a signed feed document");
		refused("{\"revocations\":[]}", null, "Not a signed feed document");
	}

	@Test
	void malformedEntriesRefuseTheWholeDocument() throws JOSEException {
		for (Object entries : List.of(List.of(Map.of("k", "xyz", "v", "a", "c", 1, "e", 2)),
				List.of(Map.of("k", "jti", "v", "", "c", 1, "e", 2)), List.of(Map.of("k", "jti", "v", "a", "c", "1")),
				List.of("jti"), Map.of())) {
			JWSObject jws = new JWSObject(
					new JWSHeader.Builder(FeedKeys.ISSUER_KEY.algorithm()).keyID(FeedKeys.ISSUER_KEY.keyId())
						.type(new JOSEObjectType(RevocationFeed.TYPE))
						.build(),
					new Payload(Map.of("iss", FeedKeys.ISSUER, "iat", this.clock.instant().getEpochSecond(), "since",
							"c.1", "cursor", "c.2", "full", false, "revocations", entries)));
			jws.sign(new RSASSASigner(FeedKeys.ISSUER_KEY.jwk().toRSAKey()));
			assertThatExceptionOfType(RevocationFeedException.class)
				.isThrownBy(() -> this.verifier.verify(jws.serialize(), "c.1"));
		}
	}

	private void refused(String document, String cursor, String reason) {
		assertThatExceptionOfType(RevocationFeedException.class)
			.isThrownBy(() -> this.verifier.verify(document, cursor))
			.withMessage(reason);
	}

}
